"""A Card to and from huggingface_hub.ModelCard: real objects, bytes kept where nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from huggingface_hub import DatasetCard, ModelCard, ModelCardData

import modelcard
from modelcard.card import Card
from modelcard.checks.config import config_from_mapping
from modelcard.errors import CardError

CARDS = Path(__file__).resolve().parent.parent / "fixtures" / "card"
EVAL_RESULTS = Path(__file__).resolve().parent.parent / "fixtures" / "eval_results"
READABLE = sorted(
    p.name for p in CARDS.glob("*.md")
    if p.name not in {
        "Jtisch7_bertFinancialSent.md",  # not UTF-8
        "aicryptogroup_distill-xlm-mrc.md",  # unclosed front-matter
        "allenai__wmt19-de-en-6-6-big_2020-09-17_51c4adf5.md",  # YAML syntax error
        "huggingface_hub__sample_invalid_card_data.md",  # front-matter is a list
        "huggingface_hub__sample_template.md",  # a Jinja template, not YAML
    }
)
YOLO = "keremberke_yolov5s-smoke.md"  # comments, blank lines, leading space before `---`
WINDOWS = "huggingface_hub__sample_windows_line_breaks.md"


def text_of(name: str) -> str:
    return (CARDS / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", READABLE)
def test_an_unchanged_hub_card_converts_byte_for_byte(name):
    text = text_of(name)
    card = Card.from_hub_card(ModelCard(text, ignore_metadata_errors=True))
    assert card.text == text
    assert card == Card.from_text(text)


def test_writing_the_hub_card_itself_would_lose_comments_that_the_conversion_keeps():
    text = text_of(YOLO)
    hub = ModelCard(text)
    assert "# since mAP@0.5 is not available" not in str(hub)
    assert "# since mAP@0.5 is not available" in Card.from_hub_card(hub).text


def test_a_metadata_change_on_the_hub_card_rewrites_only_that_key():
    text = text_of(WINDOWS)
    hub = ModelCard(text)
    hub.data.license = "apache-2.0"
    hub.data.tags = ["esperanto"]
    card = Card.from_hub_card(hub)
    assert card.text == text.replace("license: mit\r\n", "license: apache-2.0\r\n").replace(
        "---\r\n\r\n", "tags:\r\n- esperanto\r\n---\r\n\r\n", 1
    )
    assert card.metadata["license"] == "apache-2.0"


def test_a_removed_key_and_a_new_body_keep_the_rest():
    text = text_of(YOLO)
    hub = ModelCard(text)
    del hub.data.library_version
    hub.text = "\n# yolov5s-smoke\n\nDetects smoke.\n"
    card = Card.from_hub_card(hub)
    assert card.text == text[: text.index("---\n\n<div")].replace("library_version: 7.0.6\n", "") + "---\n\n# yolov5s-smoke\n\nDetects smoke.\n"


def test_to_hub_card_and_back():
    card = Card.load(CARDS / YOLO)
    hub = card.to_hub_card()
    assert isinstance(hub, ModelCard)
    assert hub.data.library_name == "yolov5"
    assert hub.data.to_dict()["model-index"][0]["results"][0]["metrics"][0]["value"] == 0.9945003736307544
    assert Card.from_hub_card(hub).to_bytes() == (CARDS / YOLO).read_bytes()
    assert isinstance(card.to_hub_card(DatasetCard), DatasetCard)


def test_a_bom_is_left_out_of_the_hub_card_so_that_it_finds_the_front_matter():
    card = Card.from_bytes(b"\xef\xbb\xbf---\nlicense: mit\n---\n# Hi\n")
    hub = card.to_hub_card()
    assert hub.data.license == "mit"
    assert Card.from_hub_card(hub).text == card.text


def test_lint_accepts_a_hub_card_from_the_template():
    hub = ModelCard.from_template(
        ModelCardData(license="mit", language="en", library_name="transformers", pipeline_tag="text-classification"),
        model_id="acme/tiny-sentiment",
    )
    found = modelcard.lint(hub, config=config_from_mapping({"select": ["MC1", "MC202"]}, root=CARDS))
    lines = Card.from_hub_card(hub).text.splitlines()  # the text the template rendered
    empty = [title for title in ("Direct Use", "Out-of-Scope Use", "Training Data") if f"### {title}" in lines]
    assert len(empty) == 3
    reported = {(d.location.line, d.message) for d in found}
    for title in empty:
        assert (lines.index(f"### {title}") + 1, f"section `{title}` is empty") in reported
    assert {(d.code, d.path) for d in found} == {("MC202", "-")}  # the metadata ModelCardData wrote is valid


def test_lint_of_a_hub_card_reports_its_own_lines_and_the_path_given():
    hub = ModelCard("---\nlicense: MIT\nlanguage: en\n---\n# Hi\n")
    hub.data.pipeline_tag = "text-clasification"
    found = modelcard.lint(hub, path="cards/README.md", config=config_from_mapping({"select": ["MC1"]}, root=CARDS))
    assert [(d.path, d.location.line, d.location.column, d.code) for d in found] == [
        ("cards/README.md", 2, 10, "MC101"),
        ("cards/README.md", 4, 15, "MC103"),
    ]


def test_lint_of_a_hub_card_saved_beside_eval_results_reads_them(tmp_path):
    shutil.copytree(EVAL_RESULTS / "broken", tmp_path / "broken")
    path = tmp_path / "broken" / "README.md"
    hub = ModelCard.load(path)
    found = modelcard.lint(hub, path=str(path), config=config_from_mapping({"select": ["MC505"]}, root=tmp_path))
    assert [(Path(d.path).name, d.location.line, d.code) for d in found] == [("hle.yaml", 4, "MC505")]


def test_something_else_is_refused():
    with pytest.raises(TypeError, match="expected a huggingface_hub ModelCard, got dict"):
        Card.from_hub_card({"license": "mit"})


def test_a_hub_card_whose_text_is_not_a_card_raises_a_located_error():
    hub = ModelCard("---\nlicense: mit\n# never closed\n")
    with pytest.raises(CardError) as caught:
        Card.from_hub_card(hub)
    assert (caught.value.code_name, caught.value.line) == ("unclosed-front-matter", 1)
    found = modelcard.lint(hub)
    assert [(d.code, d.location.line) for d in found] == [("MC004", 1)]
