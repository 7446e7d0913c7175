"""`.eval_results/*.yaml` beside a card: rules MC501-MC505 on real files, exact findings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.card.eval_results import MAX_FILES
from modelcard.checks import lint
from modelcard.checks.config import config_from_mapping
from modelcard.cli.main import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "eval_results"
CONFIG = config_from_mapping({"select": ["MC5"]}, root=FIXTURES)
FALCON = FIXTURES / "falcon-mamba-7b"
ROOT = Path(__file__).resolve().parent.parent.parent


def findings(card: Path, config=CONFIG) -> list[tuple[str, str, int, int, str]]:
    return [
        (d.code, Path(d.path).relative_to(card.parent).as_posix(), d.location.line, d.location.column, d.message)
        for d in lint(card, config=config)
    ]


@pytest.fixture
def falcon(tmp_path: Path) -> Path:
    """A copy of the real card and its results, to change one thing at a time."""
    shutil.copytree(FALCON, tmp_path / "falcon")
    return tmp_path / "falcon" / "README.md"


def test_a_card_with_valid_results_has_no_finding():
    assert findings(FALCON / "README.md") == []


def test_every_problem_is_located_in_its_file():
    assert findings(FIXTURES / "broken" / "README.md") == [
        ("MC505", ".eval_results/hle.yaml", 4, 10,
         "`cais/hle` task `hle` scores `21.3` here but `model-index` says `accuracy` `20.9` (" + str(FIXTURES / "broken" / "README.md") + ":9)"),
        ("MC503", ".eval_results/hle.yaml", 5, 9,
         '`date` `2025-01-15` is read as a YAML timestamp, not a string; quote it: `"2025-01-15"`'),
        ("MC502", ".eval_results/hle.yaml", 7, 5, "`dataset.task_id` is missing: a task id of the benchmark's eval.yaml"),
        ("MC504", ".eval_results/hle.yaml", 8, 5, "unknown key `dataset.task-id`: did you mean `dataset.task_id`?"),
        ("MC502", ".eval_results/hle.yaml", 9, 10, "`value` is `20.9%`, text; it must be a finite number"),
        ("MC502", ".eval_results/hle.yaml", 11, 5,
         "`source.url` is missing: a `source` must link to the logs, traces or paper"),
        ("MC502", ".eval_results/hle.yaml", 12, 12, "`dataset` is a string; it must be a mapping with `id` and `task_id`"),
        ("MC502", ".eval_results/hle.yaml", 13, 10, "`value` is the number `nan`; it must be a finite number"),
        ("MC502", ".eval_results/hle.yaml", 14, 10, "`notes` is the boolean `false`; it must be a string (write `\"no\"`)"),
        ("MC504", ".eval_results/hle.yaml", 15, 3, "unknown key `verify_token`: did you mean `verifyToken`?"),
        ("MC502", ".eval_results/hle.yaml", 16, 3,
         "result 4 is a string; a result is a mapping with `dataset` and `value`"),
        ("MC502", ".eval_results/mapping.yaml", 1, 1,
         "the file is a mapping; it must be a list of results (`- dataset: ...`)"),
        ("MC504", ".eval_results/more/dates.yaml", 1, 57,
         "unknown key `dataset.config`: the task is named by `dataset.task_id`"),
        ("MC503", ".eval_results/more/dates.yaml", 3, 9,
         "`date` `15/01/2025` is not an ISO-8601 date or datetime (`2025-01-15`, `2025-01-15T10:30:00Z`)"),
        ("MC502", ".eval_results/more/dates.yaml", 4, 17, "`source.url` is `not a url`; it must be an absolute http(s) URL"),
        ("MC503", ".eval_results/more/dates.yaml", 7, 9,
         "`date` `2025-02-30` is not an ISO-8601 date or datetime (`2025-01-15`, `2025-01-15T10:30:00Z`)"),
        ("MC501", ".eval_results/more/dates.yaml", 8, 3,
         "duplicate key `value`: YAML readers disagree on which value wins, and strict ones refuse the file"),
        ("MC501", ".eval_results/syntax.yaml", 3, 1,
         "invalid YAML: while scanning a plain scalar, found a tab character that violates indentation"),
    ]


def test_the_cli_prints_the_result_files_after_the_card(capsys):
    os.chdir(FIXTURES)
    try:
        code = main(["lint", "--select", "MC5,MC102", "broken/README.md", "falcon-mamba-7b"])
    finally:
        os.chdir(ROOT)
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "broken/.eval_results/hle.yaml:4:10: MC505 error `cais/hle` task `hle` scores `21.3` here but "
        "`model-index` says `accuracy` `20.9` (broken/README.md:9)"
    )
    assert len(lines) == 18 and all(line.startswith("broken/.eval_results/") for line in lines)
    assert "Found 18 findings (15 errors, 3 warnings) in 1 of 2 cards." in err


@pytest.mark.parametrize(
    ("written", "agrees"),
    [("8.05", True), ("0.0805", True), ("8.1", True), ("8.046", True), ("9.1", False), ("0.091", False)],
)
def test_a_score_agrees_with_model_index_rounded_or_as_a_percentage(falcon, written, agrees):
    gpqa = falcon.parent / ".eval_results" / "gpqa.yaml"
    gpqa.write_text(gpqa.read_text().replace("value: 8.05", f"value: {written}"))
    found = [f for f in findings(falcon) if f[0] == "MC505"]
    expected = [] if agrees else [(
        "MC505", ".eval_results/gpqa.yaml", 6, 10,
        f"`Idavidrein/gpqa` task `gpqa_diamond` scores `{written}` here but `model-index` says `acc_norm` `8.05` "
        f"({falcon}:68)",
    )]
    assert found == expected


def test_a_result_without_config_matches_only_when_one_task_of_the_dataset_is_listed(falcon):
    """The card's GPQA result names no config: with two GPQA tasks, which one it is is unknown."""
    folder = falcon.parent / ".eval_results"
    gpqa = folder / "gpqa.yaml"
    gpqa.write_text(gpqa.read_text().replace("value: 8.05", "value: 9.5"))
    assert [f[0] for f in findings(falcon)] == ["MC505"]
    (folder / "gpqa_main.yaml").write_text("- dataset:\n    id: Idavidrein/gpqa\n    task_id: gpqa_main\n  value: 3.2\n")
    assert findings(falcon) == []


def test_the_card_suppressions_do_not_hide_findings_in_result_files(falcon):
    (falcon.parent / ".eval_results" / "bad.yaml").write_text("- value: 1\n")
    text = falcon.read_text().replace("\n---\n", "\n---\n<!-- modelcard: disable-file MC502 -->\n", 1)
    falcon.write_text(text)
    codes = [(d.code, Path(d.path).name) for d in lint(falcon, config=config_from_mapping({"select": ["MC5", "MC901"]}, root=falcon.parent))]
    assert codes == [("MC901", "README.md"), ("MC502", "bad.yaml")]


def test_configuration_ignores_result_rules_like_any_rule(falcon):
    (falcon.parent / ".eval_results" / "bad.yaml").write_text("- value: 1\n  extra: 2\n")
    config = config_from_mapping({"select": ["MC5"], "ignore": ["invalid-eval-result"]}, root=falcon.parent)
    assert [f[:4] for f in findings(falcon, config)] == [("MC504", ".eval_results/bad.yaml", 2, 3)]


def test_text_without_a_file_reads_no_folder():
    card = Card.from_text((FALCON / "README.md").read_text())
    assert lint(card, config=CONFIG) == []
    broken = Card.from_text((FIXTURES / "broken" / "README.md").read_text())
    assert lint(broken, config=CONFIG) == []


def test_hostile_files_are_bounded_and_located(falcon):
    folder = falcon.parent / ".eval_results"
    (folder / "bomb.yaml").write_text(
        "- a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    )
    (folder / "deep.yaml").write_text("[" * 5000)
    (folder / "big.yaml").write_bytes(b"- " + b"x" * 1_000_001)
    (folder / "python.yaml").write_text("- !!python/object/apply:os.system [echo]\n")
    (folder / "binary.yaml").write_bytes(b"\x00\x01")
    os.mkfifo(folder / "fifo.yaml")
    assert findings(falcon) == [
        ("MC501", ".eval_results/big.yaml", 1, 1, "the file is larger than 1,000,000 bytes; it was not read"),
        ("MC501", ".eval_results/binary.yaml", 1, 1, "binary file: NUL byte at byte offset 0; the file must be UTF-8 text"),
        ("MC501", ".eval_results/bomb.yaml", 4, 6, "YAML aliases expand to more than 100,000 nodes"),
        ("MC501", ".eval_results/deep.yaml", 1, 1001, "YAML nesting is deeper than 200 levels"),
        ("MC501", ".eval_results/python.yaml", 1, 3,
         "Python object tag `!!python/object/apply:os.system` is not allowed: only safe YAML is read"),
    ]


def test_at_most_max_files_are_read(falcon):
    folder = falcon.parent / ".eval_results"
    for i in range(MAX_FILES + 3):
        (folder / f"x{i:04d}.yaml").write_text("- dataset: {id: a/b, task_id: t}\n  value: 1\n")
    assert findings(falcon) == [("MC501", ".eval_results", 1, 1, "5 more files were not read: at most 200 files are linted")]


def test_lint_does_not_import_huggingface_hub_even_with_result_files():
    code = (
        "import sys\n"
        "from modelcard.cli.main import main\n"
        f"status = main(['lint', '--select', 'MC5', {str(FIXTURES / 'broken')!r}])\n"
        "print(status, 'huggingface_hub' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "1 False"


def test_files_lint_accepts_are_read_by_the_hub_parser_and_written_back_the_same():
    """The linter's format is huggingface_hub's: what passes parses, and serialises to the same data."""
    import yaml
    from huggingface_hub import eval_result_entries_to_yaml, parse_eval_result_entries

    for file in sorted((FALCON / ".eval_results").glob("*.yaml")):
        data = yaml.safe_load(file.read_text())
        entries = parse_eval_result_entries(data)
        assert eval_result_entries_to_yaml(entries) == data


def test_results_lint_reports_missing_keys_for_are_refused_by_the_hub_parser():
    from huggingface_hub import parse_eval_result_entries

    with pytest.raises(KeyError, match="task_id"):
        parse_eval_result_entries([{"dataset": {"id": "cais/hle"}, "value": 1}])
    with pytest.raises(ValueError, match="source_url"):
        parse_eval_result_entries([{"dataset": {"id": "cais/hle", "task_id": "hle"}, "value": 1, "source": {"name": "x"}}])


def test_a_folder_walk_finds_the_same_files_as_a_card_named_explicitly(capsys):
    os.chdir(FIXTURES)
    try:
        assert main(["lint", "--select", "MC5", "broken/README.md"]) == 1
        named = capsys.readouterr().out
        assert main(["lint", "--select", "MC5", "."]) == 1
        walked = capsys.readouterr().out
    finally:
        os.chdir(ROOT)
    assert walked == named and named.count("\n") == 18


def test_a_huge_tree_under_the_folder_is_not_walked_to_its_end(falcon):
    from modelcard.card.eval_results import MAX_ENTRIES

    deep = falcon.parent / ".eval_results"
    for i in range(MAX_ENTRIES // 100 + 1):
        sub = deep / f"d{i:03d}"
        sub.mkdir()
        for j in range(100):
            (sub / f"n{j:03d}.txt").write_bytes(b"")
    assert findings(falcon) == [
        ("MC501", ".eval_results", 1, 1, "the folder holds more than 2,000 files and folders; only the first were looked at")
    ]


def test_secrets_in_result_files_are_named_never_shown(falcon):
    token = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    (falcon.parent / ".eval_results" / "leak.yaml").write_text(
        "- dataset: {id: cais/hle, task_id: hle}\n  value: 20.9\n"
        f"  source: {{url: 'https://ci:hunter2pass@logs.example.com/runs/42?t={token}'}}\n"
    )
    found = lint(falcon, config=CONFIG)
    assert [(d.code, Path(d.path).name, d.location.line, d.location.column, d.message) for d in found] == [
        ("MC506", "leak.yaml", 3, 18, "credentials in URL in the evaluation results; revoke it and remove it from the file"),
        ("MC506", "leak.yaml", 3, 68, "Hugging Face token in the evaluation results; revoke it and remove it from the file"),
    ]
    assert not any(token in d.message or "hunter2pass" in d.message for d in found)


def test_a_results_file_named_explicitly_is_linted_with_its_card(capsys):
    os.chdir(FIXTURES / "broken")
    try:
        assert main(["lint", "--select", "MC5", ".eval_results/more/dates.yaml", ".eval_results/hle.yaml"]) == 1
    finally:
        os.chdir(ROOT)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 18 and out[0].startswith(".eval_results/hle.yaml:4:10: MC505 ")


def test_a_plain_number_or_date_meant_as_text_gets_its_quoted_spelling(falcon):
    (falcon.parent / ".eval_results" / "typed.yaml").write_text(
        "- dataset: {id: cais/hle, task_id: 2024, revision: 12345}\n  value: 1\n  notes: [tools]\n"
    )
    assert [f[2:] for f in findings(falcon)] == [
        (1, 36, "`dataset.task_id` is the number `2024`; it must be a task id of the benchmark's eval.yaml (write `\"2024\"`)"),
        (1, 52, "`dataset.revision` is the number `12345`; it must be a commit hash"),
        (3, 10, "`notes` is a list; it must be a string"),
    ]


def test_messages_about_other_keys_never_show_a_secret(falcon):
    token = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    (falcon.parent / ".eval_results" / "odd.yaml").write_text(
        f"- dataset: {{id: cais/hle, task_id: hle}}\n  value: 1\n  date: '{token}'\n  {token}: 1\n"
    )
    found = [(d.code, d.message) for d in lint(falcon, config=CONFIG)]
    assert [code for code, _ in found] == ["MC503", "MC506", "MC504", "MC506"]
    assert not any(token in message for _, message in found)
