"""MC301: results tables in the body against the model-index metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import registry
from modelcard.checks.context import CheckContext

FIXTURES = Path(__file__).parent.parent / "fixtures" / "body"
OPUS = "Helsinki-NLP_opus-mt-tc-big-en-hu.md"
NVIDIA = "nvidia_stt_eo_conformer_transducer_large.md"
TRAINER = "Isaacks_swin-tiny-patch4-window7-224-finetuned-cars.md"


def contradictions(text: str) -> list[tuple[int, int, str]]:
    rule = registry.get("MC301")
    assert rule is not None and rule.check is not None
    ctx = CheckContext(Card.from_text(text), options=rule.options)
    return [(f.location.line, f.location.column, f.message) for f in rule.check(ctx)]


def fixture(name: str, *replacements: tuple[str, str]) -> str:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_published_cards_agree_with_their_model_index() -> None:
    assert contradictions(fixture(OPUS)) == []
    assert contradictions(fixture(NVIDIA)) == []


def test_a_row_naming_a_model_index_dataset_is_compared_with_that_result() -> None:
    # The benchmark table has one row per test set; model-index has flores101-devtest BLEU 29.6.
    text = fixture(OPUS, ("| eng-hun | flores101-devtest | 0.60159 | 29.6 |", "| eng-hun | flores101-devtest | 0.60159 | 28.1 |"))
    assert contradictions(text) == [(139, 43, "`BLEU` is `28.1` here but `29.6` in `model-index`")]


def test_a_row_whose_test_set_is_not_in_model_index_is_not_compared() -> None:
    # newssyscomb2009 (20.6) has no model-index result: nothing to contradict.
    text = fixture(OPUS, ("| eng-hun | newssyscomb2009 | 0.51918 | 20.6 |", "| eng-hun | newssyscomb2009 | 0.51918 | 99.9 |"))
    assert contradictions(text) == []


def test_single_row_table_columns_named_after_metrics() -> None:
    text = fixture(NVIDIA, ("|  2.4   |    4.0  |", "|  2.4   |    4.3  |"))
    assert contradictions(text) == [(121, 71, "`Test WER` is `4.3` here but `4.0` in `model-index`")]


@pytest.mark.parametrize(
    "stored",
    ["2.4123", "2.35", "0.024", "2.4e0", "2.46"],  # rounded, rounded up, fraction vs percent, exponent, truncated
)
def test_rounding_truncation_and_percent_are_consistent(stored: str) -> None:
    assert contradictions(fixture(NVIDIA, ("value: 2.4   ", f"value: {stored}   "))) == []


@pytest.mark.parametrize("stored", ["2.51", "0.0251", "24", "3"])
def test_values_beyond_rounding_contradict(stored: str) -> None:
    found = contradictions(fixture(NVIDIA, ("value: 2.4   ", f"value: {stored}   ")))
    assert found == [(121, 60, f"`Dev WER` is `2.4` here but `{float(stored) if '.' in stored else int(stored)!r}` in `model-index`")]


def test_per_epoch_training_tables_are_not_final_results() -> None:
    # The Trainer's "Training results" table logs validation figures per epoch; the
    # model-index value may come from another split or from the best checkpoint.
    text = fixture(TRAINER, ("value: 0.9135135135135135", "value: 0.7"))
    assert contradictions(text) == []


def test_one_row_per_metric() -> None:
    head = (
        "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n"
        "    dataset: {name: imdb, type: imdb}\n    metrics:\n    - {type: accuracy, value: VALUE}\n"
        "    - {type: f1, name: Test F1, value: 0.9}\n---\n"
    )
    table = "## Evaluation\n\n| Metric | Value |\n|---|---|\n| Accuracy | **91.35%** |\n| Test F1 | 0.90 ± 0.01 |\n"
    assert contradictions(head.replace("VALUE", "0.9135") + table) == []
    assert contradictions(head.replace("VALUE", "0.9235") + table) == [
        (15, 16, "`Accuracy` is `91.35%` here but `0.9235` in `model-index`")
    ]


def test_cards_without_model_index_or_numbers_are_skipped() -> None:
    assert contradictions("# m\n\n| Accuracy |\n|---|\n| 0.5 |\n") == []
    text = "---\nmodel-index:\n- name: m\n  results:\n  - metrics:\n    - {type: accuracy, value: 0.9}\n---\n"
    assert contradictions(text + "| Accuracy |\n|---|\n| n/a |\n") == []
    assert contradictions(text + "| Accuracy |\n|---|\n| 0.5 |\n") == [(10, 3, "`Accuracy` is `0.5` here but `0.9` in `model-index`")]


def test_rows_about_the_same_result_agree_when_any_does() -> None:
    # A second system on the same test set (a comparison row) does not contradict.
    row = "| eng-hun | flores101-devtest | 0.60159 | 29.6 | 1012 | 22183 |"
    text = fixture(OPUS, (row, row + "\n| eng-hun (baseline) | flores101-devtest | 0.5 | 25.0 | 1012 | 22183 |"))
    assert contradictions(text) == []


def test_non_finite_metric_values_are_ignored() -> None:
    text = "---\nmodel-index:\n- name: m\n  results:\n  - metrics:\n    - {type: accuracy, value: .nan}\n---\n"
    assert contradictions(text + "| Accuracy |\n|---|\n| 0.5 |\n") == []
