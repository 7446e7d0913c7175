"""Body rules MC201-MC206 on real cards: exact codes, lines, columns and messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import lint, registry
from modelcard.checks.config import config_from_mapping
from modelcard.checks.context import CheckContext

FIXTURES = Path(__file__).parent.parent / "fixtures" / "body"
BODY_CODES = ("MC201", "MC202", "MC203", "MC204", "MC205", "MC206")


def findings(code: str, card: Card | str, *, path: Path | None = None, **options: object) -> list[tuple[int, int, str]]:
    """``(line, column, message)`` of every finding of one rule."""
    if isinstance(card, str):
        card = Card.load(FIXTURES / card) if card.endswith(".md") and "\n" not in card else Card.from_text(card)
    rule = registry.get(code)
    assert rule is not None and rule.check is not None
    ctx = CheckContext(card, path=path, options={**rule.options, **options})
    return [(f.location.line, f.location.column, f.message) for f in rule.check(ctx)]


def positions(code: str, card: Card | str, **kwargs: object) -> list[tuple[int, int]]:
    return [(line, column) for line, column, _ in findings(code, card, **kwargs)]


# -- MC201 missing-recommended-section ------------------------------------------------


def test_missing_sections_on_a_card_without_any() -> None:
    assert findings("MC201", "healx__gpt-2-pubmed-large.md") == [
        (1, 1, "no section about intended uses; add one such as `## Intended uses & limitations`"),
        (1, 1, "no section about limitations, bias and risks; add one such as `## Bias, Risks, and Limitations`"),
        (1, 1, "no section about training data; add one such as `## Training data`"),
        (1, 1, "no section about evaluation; add one such as `## Evaluation results`"),
    ]


def test_trainer_card_headings_count_as_all_four_sections() -> None:
    # "Intended uses & limitations", "Training and evaluation data", "Training results" + model-index
    assert findings("MC201", "Isaacks_swin-tiny-patch4-window7-224-finetuned-cars.md") == []


def test_hub_template_headings_count_and_the_finding_is_at_the_body_start() -> None:
    # Uses / Training Data / Evaluation are there; the limitations section was removed from this card.
    assert findings("MC201", "Rakib__roberta-base-on-cuad.md") == [
        (14, 1, "no section about limitations, bias and risks; add one such as `## Bias, Risks, and Limitations`")
    ]


def test_synonyms_in_any_case_and_table_header_cells() -> None:
    text = (
        "# m\n\n## USES\ntext\n\n## Known limitations\ntext\n\n"
        "| Training and Evaluation Data | Description |\n|---|---|\n| Datasets | SQuAD |\n\n## Results\ntext\n"
    )
    assert findings("MC201", text) == []


def test_model_index_results_count_as_evaluation() -> None:
    # Esperanto ASR card: "Performance" heading and model-index; "Limitations"; "Datasets"; no uses.
    assert [m for _, _, m in findings("MC201", "nvidia_stt_eo_conformer_transducer_large.md")] == [
        "no section about intended uses; add one such as `## Intended uses & limitations`"
    ]


def test_sections_option_selects_and_extends() -> None:
    card = "healx__gpt-2-pubmed-large.md"
    assert [m for _, _, m in findings("MC201", card, sections=["evaluation", "citation"])] == [
        "no section about evaluation; add one such as `## Evaluation results`",
        "no section about citation; add one such as `## citation`",
    ]
    assert findings("MC201", "# m\n## Citation\nx\n", sections=["citation"]) == []


# -- MC202 empty-section --------------------------------------------------------------


def test_trainer_filler_sections_are_empty() -> None:
    assert findings("MC202", "Isaacks_swin-tiny-patch4-window7-224-finetuned-cars.md") == [
        (35, 1, "section `Model description` is empty"),
        (39, 1, "section `Intended uses & limitations` is empty"),
        (43, 1, "section `Training and evaluation data` is empty"),
    ]


def test_heading_followed_by_a_same_level_heading_or_the_end() -> None:
    assert positions("MC202", "uncnlp__lxmert-base-uncased.md") == [(9, 1)]  # "## Usage" then "## Training Data..."
    assert findings("MC202", "# t\ntext\n## a\n\n<!-- to do -->\n\n---\n## b\ntext\n### c\n") == [
        (3, 1, "section `a` is empty"),
        (10, 1, "section `c` is empty"),
    ]


def test_a_heading_with_subsections_or_real_content_is_not_empty() -> None:
    text = "# Uses\n## Direct use\nText.\n## Code\n```\nx\n```\n## Plot\n![loss](loss.png)\n## Note\n> quoted\n"
    assert findings("MC202", text) == []


def test_hub_template_sections_with_only_placeholders() -> None:
    assert positions("MC202", "Rakib__roberta-base-on-cuad.md") == [
        (14, 1), (53, 1), (57, 1), (70, 1), (73, 1), (76, 1), (92, 1), (131, 1), (134, 1), (142, 1)
    ]


# -- MC203 placeholder-text -----------------------------------------------------------


def test_trainer_filler_is_a_placeholder() -> None:
    assert findings("MC203", "Isaacks_swin-tiny-patch4-window7-224-finetuned-cars.md") == [
        (37, 1, "placeholder `More information needed` left in the card"),
        (41, 1, "placeholder `More information needed` left in the card"),
        (45, 1, "placeholder `More information needed` left in the card"),
    ]


def test_labelled_filler_in_list_items_points_at_the_filler() -> None:
    found = findings("MC203", "Rakib__roberta-base-on-cuad.md")
    assert len(found) == 16
    assert (21, 29, "placeholder `More information needed` left in the card") in found  # - **Model type:** More...
    assert (84, 22, "placeholder `More information needed` left in the card") in found  # - **Hardware Type:** ...


def test_template_variables_in_text_and_headings() -> None:
    card = Card.load(FIXTURES / "ncduy_ppo-LunarLander-v2.md")
    assert findings("MC203", card) == [
        (23, 3, "placeholder `{name_of_your_repo}` left in the card"),
        (25, 34, "placeholder `{algo}` left in the card"),
        (25, 55, "placeholder `{environment}` left in the card"),
        (67, 14, "placeholder `{your_evaluation_results}` left in the card"),
    ]
    rule = registry.get("MC203")
    ends = [f.end for f in rule.check(CheckContext(card, options=rule.options))]
    assert (ends[1].line, ends[1].column) == (25, 40)


def test_placeholder_in_front_matter_value() -> None:
    # `metrics: - {wer}` is read by YAML as a mapping {"wer": None}
    assert findings("MC203", "AbyelT_Whisper-models.md")[0] == (14, 3, "placeholder `{wer}` left in the front-matter")
    text = "---\nlicense: TODO\nmodel-index:\n- name: '{{ model_id }}'\n---\n# m\n"
    assert findings("MC203", text) == [
        (2, 10, "placeholder `TODO` left in the front-matter"),
        (4, 9, "placeholder `{{ model_id }}` left in the front-matter"),
    ]


def test_prompt_templates_hold_variables_on_purpose() -> None:
    text = "---\nprompt_template: 'USER: {prompt} ASSISTANT:'\n---\n# m\n"
    assert findings("MC203", text) == []


def test_code_comments_math_and_bibtex_are_not_placeholders() -> None:
    text = (
        "# m\n\nRun `python x.py --name {model_id}  # TODO` or ``a `TBD` b``.\n\n"
        "```python\nmodel = load('{model_id}')  # TODO\n```\n\n"
        "<!-- TODO: write more -->\n\n"
        "Loss is $\\sum_{i} x_{i}$ and \\mathbf{x}; see title={BERT} and {BERT}. todo, Xxx, XXXX.\n"
    )
    assert findings("MC203", text) == []


def test_placeholders_in_blockquotes_lists_and_tables_are_located() -> None:
    text = "# m\n\n> quote TBD\n\n- item\n  more XXX\n\n| a | b |\n|---|---|\n| x | [More Information Needed] |\n"
    assert positions("MC203", text) == [(3, 9), (6, 8), (10, 7)]


# -- MC204 heading-level-jump ---------------------------------------------------------


def test_heading_level_jump() -> None:
    assert findings("MC204", "allenyummy__chinese-bert-wwm-ehr-ner-sl.md") == [
        (9, 1, "heading level jumps from h1 to h4; use `##`")
    ]
    assert positions("MC204", "ncduy_ppo-LunarLander-v2.md") == [(27, 1)]


def test_going_up_any_number_of_levels_and_code_comments_are_fine() -> None:
    text = "# a\n## b\n### c\n# d\n```\n### not a heading\n```\nSetext\n------\n"
    assert findings("MC204", text) == []


# -- MC205 image-without-alt-text -----------------------------------------------------


def test_markdown_image_without_alt() -> None:
    assert findings("MC205", "uncnlp__lxmert-base-uncased.md") == [
        (7, 1, "image `./lxmert_model-1.jpg?raw=True` has no alt text")
    ]


def test_html_img_without_alt_attribute() -> None:
    # `\t<img width="300px" src=...>` inside an <a> block: column 2, after the tab
    assert findings("MC205", "gpt2_2020-04-09_bc65afc4.md") == [(7, 2, "`<img>` has no `alt` attribute")]


def test_images_with_alt_badges_and_inline_html() -> None:
    text = (
        "# m\n\n[![](https://img.shields.io/badge.svg)](https://ci) text ![plot](a.png) ![ ](b.png)\n\n"
        'Inline <img src="c.png"> and <img src="d.png" alt=""> and `![](code.png)`.\n'
    )
    assert positions("MC205", text) == [(3, 2), (3, 73), (5, 8)]


# -- MC206 broken-relative-link -------------------------------------------------------


def test_relative_images_missing_beside_the_card(tmp_path: Path) -> None:
    card_path = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / "sayakpaul_sd-model-finetuned-lora-t4.md", card_path)
    (tmp_path / "image_0.png").write_bytes(b"png")
    (tmp_path / "image_2.png").write_bytes(b"png")
    assert findings("MC206", Card.load(card_path), path=card_path) == [
        (18, 10, "`./image_1.png` does not exist beside the card"),
        (20, 10, "`./image_3.png` does not exist beside the card"),
    ]


def test_query_and_fragment_are_ignored_and_web_addresses_get_a_hint(tmp_path: Path) -> None:
    lxmert = FIXTURES / "uncnlp__lxmert-base-uncased.md"
    assert findings("MC206", Card.load(lxmert), path=lxmert) == [(7, 5, "`./lxmert_model-1.jpg` does not exist beside the card")]
    healx = FIXTURES / "healx__gpt-2-pubmed-large.md"
    assert findings("MC206", Card.load(healx), path=healx) == [
        (1, 92, "`writemeanabstract.com` does not exist beside the card; for a web address write `https://writemeanabstract.com`")
    ]


def test_urls_anchors_mail_and_html_links(tmp_path: Path) -> None:
    card_path = tmp_path / "README.md"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "my file.md").write_text("x")
    text = (
        "# m\n\n[a](https://x.org/y.md) [b](#training) [c](mailto:a@b.c) [d](/site/path) [e](docs/my%20file.md#s)\n"
        "[f](missing.md) [g][ref]\n\n"
        '<p><img src="pics/x.png" alt="x"> <a href="LICENSE">license</a></p>\n\n'
        "[ref]: ref.md\n"
    )
    card_path.write_text(text)
    assert findings("MC206", Card.load(card_path), path=card_path) == [
        (4, 5, "`missing.md` does not exist beside the card"),
        (4, 17, "`ref.md` does not exist beside the card"),
        (6, 14, "`pics/x.png` does not exist beside the card"),
        (6, 44, "`LICENSE` does not exist beside the card"),
    ]


def test_markdown_links_after_inline_html_in_the_same_paragraph(tmp_path: Path) -> None:
    card_path = tmp_path / "README.md"
    card_path.write_text('# m\n\nSee <img src="plot.png" width=300> and [the notes](notes.md).\n')
    assert findings("MC206", Card.load(card_path), path=card_path) == [
        (3, 15, "`plot.png` does not exist beside the card"),
        (3, 52, "`notes.md` does not exist beside the card"),
    ]


def test_no_link_check_without_a_path() -> None:
    assert findings("MC206", "[f](missing.md)\n") == []


def test_template_variables_and_email_autolinks_are_not_files(tmp_path: Path) -> None:
    card_path = tmp_path / "README.md"
    card_path.write_text("# m\n\n- [Blog Post]({0})\n- <someone@example.com> [é](café.md)\n")
    assert findings("MC206", Card.load(card_path), path=card_path) == [
        (4, 29, "`café.md` does not exist beside the card"),
    ]


# -- all body rules, through the engine -----------------------------------------------


def test_lint_reports_body_rules_with_positions_over_the_whole_file(tmp_path: Path) -> None:
    config = config_from_mapping({"select": list(BODY_CODES)}, root=tmp_path)
    found = [
        (d.code, d.location.line, d.location.column)
        for d in lint(FIXTURES / "Isaacks_swin-tiny-patch4-window7-224-finetuned-cars.md", config=config)
    ]
    assert found == [
        ("MC202", 35, 1), ("MC203", 37, 1), ("MC202", 39, 1), ("MC203", 41, 1), ("MC202", 43, 1), ("MC203", 45, 1)
    ]


def test_crlf_card_positions(tmp_path: Path) -> None:
    text = "---\r\nlicense: mit\r\n---\r\n# m\r\n\r\n### jump TODO\r\n"
    card = Card.from_text(text)
    assert positions("MC204", card) == [(6, 1)]
    assert positions("MC203", card) == [(6, 10)]


@pytest.mark.parametrize("code", (*BODY_CODES, "MC301", "MC401"))
def test_rule_docs_have_the_sections(code: str) -> None:
    rule = registry.get(code)
    assert rule is not None
    headings, fenced = [], False
    for line in rule.doc.splitlines():
        fenced ^= line.startswith("```")
        if line.startswith("## ") and not fenced:
            headings.append(line)
    expected = ["## What it does", "## Why is this bad?", "## Example", "## Use instead"]
    assert headings == expected + (["## Options"] if rule.options else [])


def test_multi_line_setext_heading_title_is_one_line_in_the_message() -> None:
    assert findings("MC202", "--\nlanguage: english\n---\n\n# Title\ntext\n") == [
        (1, 1, "section `-- language: english` is empty")
    ]
