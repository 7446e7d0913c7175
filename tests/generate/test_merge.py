from __future__ import annotations

from modelcard.generate.merge import format_record, merge, read_record, value_hash


def test_user_beats_card_beats_run():
    merged = merge(
        user={"license": "mit"},
        existing={"license": "apache-2.0", "language": ["en"]},
        record={},
        derived={"license": "other", "language": ["fr"], "library_name": "transformers"},
    )
    assert merged.metadata == {"license": "mit", "language": ["en"], "library_name": "transformers"}
    assert merged.origin == {"license": "user", "language": "card", "library_name": "run"}
    assert merged.generated == {"library_name": "transformers"}


def test_generated_keys_refresh_and_edited_keys_stay():
    old_index = [{"name": "m", "results": []}]
    record = {"model-index": value_hash(old_index), "tags": value_hash(["a"]), "pipeline_tag": value_hash("x")}
    merged = merge(
        user={},
        existing={"model-index": old_index, "tags": ["a", "mine"], "pipeline_tag": "x"},
        record=record,
        derived={"model-index": [{"name": "m", "results": [1]}], "tags": ["a", "b"]},
    )
    assert merged.metadata["model-index"] == [{"name": "m", "results": [1]}]  # generated: refreshed
    assert merged.metadata["tags"] == ["a", "mine"]  # edited by hand since: kept
    assert "pipeline_tag" not in merged.metadata  # generated and no longer derived: dropped


def test_new_card_keys_follow_the_hub_order():
    merged = merge(user={"license": "mit"}, existing={}, record={}, derived={"model-index": [], "library_name": "t"})
    assert list(merged.metadata) == ["license", "library_name", "model-index"]


def test_record_round_trip():
    body = "x\n" + format_record({"tags": ["a"], "library_name": "transformers"}) + "\ny\n"
    assert read_record(body) == {"library_name": value_hash("transformers"), "tags": value_hash(["a"])}
    assert read_record("no record") == {}
