from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import lint_card
from modelcard.errors import ModelcardError, SourceError, UsageError
from modelcard.generate import StaleCardError, generate, generate_card
from modelcard.generate.regions import find_regions
from modelcard.secrets import find_secrets

MINIMAL = {"license": "apache-2.0"}
RUNS = ["cat-emotions", "whisper-small-hi", "ner-local", "qlora-checkpoint", "cat-emotions-with-emissions"]


def _errors(card: Card) -> list[str]:
    return [f"{d.code} {d.message}" for d in lint_card(card) if d.severity.value == "error"]


@pytest.mark.parametrize("name", RUNS)
def test_generated_card_lints_clean(copy_run, name):
    run = copy_run(name)
    generate(run, metadata=MINIMAL, output=run / "README.md")
    card = Card.load(run / "README.md")
    assert _errors(card) == []
    assert "None" not in card.text.replace("NoneType", "")
    assert card.metadata["license"] == "apache-2.0"


@pytest.mark.parametrize("name", RUNS)
def test_generated_card_with_task_and_dataset_lints_clean(copy_run, name):
    run = copy_run(name)
    generate(run, metadata=MINIMAL, output=run / "README.md", overrides={"task": "text-classification", "dataset": "imdb"})
    assert _errors(Card.load(run / "README.md")) == []


def test_model_index_from_the_final_evaluation(copy_run):
    run = copy_run("cat-emotions")
    card = generate(run, output=run / "README.md", overrides={"task": "image-classification", "dataset": "imagefolder", "model_name": "cats"})
    assert card.metadata["model-index"] == [{
        "name": "cats",
        "results": [{
            "task": {"type": "image-classification", "name": "Image Classification"},
            "dataset": {"name": "imagefolder", "type": "imagefolder"},
            "metrics": [{"type": "accuracy", "value": 0.6352941176470588, "name": "Accuracy"}],
        }],
    }]
    assert "It achieves the following results on the evaluation set (from `eval_results.json`):" in card.body
    assert "| 0.0723 | 6.25 | 200 | 0.9043 | 0.7381 |" in card.body  # the table row of step 200
    assert "Best evaluation: Loss 0.9043 at step 200 (epoch 6.25), `checkpoint-200`, the run's best checkpoint." in card.body


def test_without_dataset_model_index_is_left_out_and_said(copy_run):
    run = copy_run("cat-emotions")
    result = generate_card(run, output=run / "README.md", overrides={"task": "image-classification"})
    assert "model-index" not in result.card.metadata
    note = "`model-index` (evaluation results in the metadata) needs the evaluation dataset (`--dataset` or `datasets:` in `--metadata`)"
    assert note in result.missing
    assert note in result.card.body


def test_a_partial_run_says_what_is_missing(copy_run):
    run = copy_run("qlora-checkpoint")
    card = generate(run, output=run / "README.md")
    assert "The logs hold no evaluation during training." in card.body
    assert "- `model-index`: the logs hold no final evaluation metric" in card.body
    assert "- carbon emissions: no `emissions.csv`" in card.body
    assert _errors(card) == []


def test_hand_written_text_survives_regeneration(copy_run):
    run = copy_run("cat-emotions")
    out = run / "README.md"
    generate(run, output=out, overrides={"task": "image-classification", "dataset": "imagefolder"})
    text = out.read_text(encoding="utf-8")
    # The author rewrites a section, adds one, and adds a metadata key.
    text = text.replace(
        "The authors have not yet described the model beyond what its training logs record.",
        "A ViT that tells **cat emotions** apart.\r\nWritten by hand, with a CRLF and trailing spaces.   ",
    )
    text = text.replace("## Environmental impact", "## My notes\n\nKeep this.\n\n## Environmental impact")
    text = text.replace("license: apache-2.0\n", "")
    text = text.replace("---\n", "---\nlanguage: en  # set by hand\n", 1)
    out.write_text(text, encoding="utf-8")
    before = Card.load(out)

    # Training continued: one more evaluation, and a new final result.
    state = json.loads((run / "trainer_state.json").read_text())
    state["log_history"].append({"epoch": 10.0, "eval_accuracy": 0.75, "eval_loss": 0.8, "step": 320})
    (run / "trainer_state.json").write_text(json.dumps(state))
    results = json.loads((run / "eval_results.json").read_text())
    results["eval_accuracy"] = 0.75
    (run / "eval_results.json").write_text(json.dumps(results))

    after = generate(run, output=out, overrides={"task": "image-classification", "dataset": "imagefolder"})
    old, new = before.body, after.body
    old_regions, new_regions = find_regions(old), find_regions(new)
    # Every byte outside the regions is unchanged.
    outside = lambda text, regions: [text[a.end: b.start] for a, b in zip(regions, regions[1:])] + [text[: regions[0].start], text[regions[-1].end:]]  # noqa: E731
    assert outside(old, old_regions) == outside(new, new_regions)
    assert "Written by hand, with a CRLF and trailing spaces.   " in new
    assert "| 0.0319 | 10.0 | 320 | 0.8 | 0.75 |" in new
    assert after.metadata["language"] == "en"
    assert "language: en  # set by hand" in after.text
    assert after.metadata["model-index"][0]["results"][0]["metrics"][0]["value"] == 0.75


def test_a_generated_key_edited_by_hand_is_kept(copy_run):
    run = copy_run("cat-emotions")
    out = run / "README.md"
    generate(run, output=out, overrides={"task": "image-classification"})
    text = out.read_text().replace("pipeline_tag: image-classification", "pipeline_tag: image-feature-extraction")
    out.write_text(text)
    card = generate(run, output=out)
    assert card.metadata["pipeline_tag"] == "image-feature-extraction"


def test_check_detects_staleness(copy_run, tmp_path):
    run = copy_run("cat-emotions")
    out = run / "README.md"
    with pytest.raises(StaleCardError, match="no card yet"):
        generate(run, output=out, check=True)
    generate(run, output=out)
    generate(run, output=out, check=True)  # up to date: no error
    on_disk = out.read_bytes()
    results = json.loads((run / "eval_results.json").read_text())
    results["eval_accuracy"] = 0.99
    (run / "eval_results.json").write_text(json.dumps(results))
    with pytest.raises(StaleCardError) as e:
        generate(run, output=out, check=True)
    assert "stale against the logs" in str(e.value)
    assert "+- Accuracy: 0.99" in e.value.diff
    assert "-- Accuracy: 0.6353" in e.value.diff
    assert out.read_bytes() == on_disk  # --check writes nothing


def test_secrets_never_reach_the_card(copy_run, fixtures):
    run = copy_run("cat-emotions")
    args = json.loads((fixtures / "training_args_with_hub_token.json").read_text())
    assert args["hub_token"] == "<HUB_TOKEN>"
    token = "hf_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"
    args["run_name"] = f"run with {token}"
    args["hub_model_id"] = "org/cats"
    args["push_to_hub_token"] = token
    (run / "training_args.json").write_text(json.dumps(args))
    card = generate(run, output=run / "README.md")
    assert token not in card.text
    assert "HUB_TOKEN" not in card.text
    assert "| hub_token |" not in card.text  # the key is named at most in the note saying it was dropped
    assert find_secrets(card.text) == []
    assert "| learning_rate | 0.0002 |" in card.body  # the rest of the arguments did arrive


def test_a_secret_in_user_metadata_is_refused(copy_run):
    run = copy_run("cat-emotions")
    with pytest.raises(UsageError, match="metadata key `hub_token` names a secret"):
        generate_card(run, metadata={"hub_token": "x"})
    token = "hf_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"
    with pytest.raises(UsageError) as e:
        generate_card(run, metadata={"thumbnail": token})
    assert token not in str(e.value)


def test_emissions_in_grams_with_their_source(copy_run, fixtures):
    run = copy_run("cat-emotions")
    shutil.copyfile(fixtures / "emissions_two_runs.csv", run / "emissions.csv")
    card = generate(run, output=run / "README.md", overrides={"base_model": "google/vit-base-patch16-224-in21k"})
    co2 = card.metadata["co2_eq_emissions"]
    # two projects in one file: the data-loading run is not this training's
    assert math.isclose(co2["emissions"], 0.0008465368770214266 * 1000, rel_tol=1e-5)
    assert co2["source"] == "codecarbon"
    assert co2["training_type"] == "fine-tuning"
    assert co2["geographical_location"] == "south carolina, United States"
    assert co2["hardware_used"].startswith("1 x Tesla T4")
    assert "as reported by codecarbon 2.7.1 (read from `emissions.csv`):" in card.body
    assert "left out 1 of the file's 2 tracked runs" in card.body
    assert "`project_name` `codeCarbon_IMDbSentimentData_LoadingData_Analysis`" in card.body
    assert "average carbon intensity" in card.body


def test_non_finite_metrics_stay_out_of_model_index(copy_run):
    run = copy_run("cat-emotions")
    (run / "eval_results.json").write_text('{"epoch": 10.0, "eval_accuracy": NaN, "eval_f1": 0.5, "eval_loss": Infinity}')
    (run / "all_results.json").unlink()
    card = generate(run, output=run / "README.md", overrides={"task": "image-classification", "dataset": "imagefolder"})
    metrics = card.metadata["model-index"][0]["results"][0]["metrics"]
    assert metrics == [{"type": "f1", "value": 0.5, "name": "F1"}]
    assert "not a finite number, left out of `model-index`: `eval_accuracy`" in card.body
    assert _errors(card) == []


def test_test_metrics_become_a_second_result(copy_run):
    run = copy_run("ner-local")
    card = generate(run, output=run / "README.md", overrides={"task": "token-classification", "dataset": "conll2003"})
    results = card.metadata["model-index"][0]["results"]
    assert [r["dataset"].get("split") for r in results] == [None, "test"]


def test_matches_the_numbers_its_author_published(copy_run, fixtures):
    published = Card.load(fixtures / "whisper-small-hi.published.md")
    run = copy_run("whisper-small-hi")
    card = generate(run, output=run / "README.md", overrides={"task": "automatic-speech-recognition", "dataset": "mozilla-foundation/common_voice_11_0"})
    ours = card.metadata["model-index"][0]["results"][0]["metrics"]
    theirs = published.metadata["model-index"][0]["results"][0]["metrics"]
    assert [(m["type"], m["value"]) for m in ours] == [(m["type"], m["value"]) for m in theirs]
    for row in ("| 0.1011 | 2.44 | 1000 | 0.3075 | 34.6313 |", "| 0.0002 | 12.22 | 5000 | 0.4679 | 32.0960 |"):
        assert row in card.body


def test_bad_input_names_the_file(tmp_path):
    with pytest.raises(SourceError, match=str(tmp_path)):
        generate(tmp_path)
    (tmp_path / "trainer_state.json").write_text('{"log_history": [{"loss": 1.0, "st')
    with pytest.raises(ModelcardError, match="trainer_state.json"):
        generate(tmp_path, output=tmp_path / "README.md")


def test_bad_metadata_file_names_it(copy_run, tmp_path):
    run = copy_run("cat-emotions")
    bad = tmp_path / "card.yaml"
    bad.write_text("license: [mit\n")
    with pytest.raises(UsageError, match=rf"{bad}:\d+:\d+: not valid YAML"):
        generate_card(run, metadata=bad)
    bad.write_text("- a list\n")
    with pytest.raises(UsageError, match="expected a YAML mapping"):
        generate_card(run, metadata=bad)


def test_user_template_unknown_variable(copy_run, tmp_path):
    run = copy_run("qlora-checkpoint")
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ model_name }}\n\n{{ emissions.grams }} g\n")
    with pytest.raises(ModelcardError, match=r"mine\.md\.j2:3: the template uses `emissions`"):
        generate(run, template=template, output=run / "README.md")
    assert not (run / "README.md").exists()


def test_short_template(copy_run):
    run = copy_run("cat-emotions-with-emissions")
    card = generate(run, template="short", output=run / "README.md", metadata=MINIMAL)
    assert "## Environmental impact" in card.body
    assert _errors(card) == []


def test_training_curve_is_written_and_linked(copy_run):
    pytest.importorskip("matplotlib")
    run = copy_run("cat-emotions")
    card = generate(run, output=run / "README.md")
    assert (run / "training_curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "](training_curves.png)" in card.body


def test_check_ignores_versions_taken_from_the_environment(copy_run):
    run = copy_run("cat-emotions-with-emissions")
    out = run / "README.md"
    generate(run, output=out, plot=False)
    text = out.read_text()
    line = "- torch 2.0.0 (from the environment that generated this card; the run did not record it)\n"
    assert "<!-- modelcard-begin framework-versions -->\n" in text
    out.write_text(text.replace("<!-- modelcard-begin framework-versions -->\n", "<!-- modelcard-begin framework-versions -->\n" + line))
    generate(run, output=out, check=True, plot=False)  # not stale: only an environment version differs
    out.write_text(text.replace("- Accuracy: 0.6353", "- Accuracy: 0.9"))
    with pytest.raises(StaleCardError):
        generate(run, output=out, check=True, plot=False)


def test_a_published_card_without_regions_keeps_its_text_and_results(copy_run, fixtures):
    run = copy_run("whisper-small-hi")
    original = (fixtures / "whisper-small-hi.published.md").read_bytes()
    (run / "README.md").write_bytes(original)
    result = generate_card(run, output=run / "README.md")
    text = result.card.to_bytes()
    assert text.endswith(b"<!-- modelcard-end provenance -->\n")
    assert original.split(b"\n---\n", 1)[1] in text  # the whole published body, byte for byte
    assert result.card.metadata["model-index"] == Card.from_bytes(original).metadata["model-index"]
    assert not any("model-index" in note for note in result.missing)
    assert "## Generated from the training logs" in result.card.body
