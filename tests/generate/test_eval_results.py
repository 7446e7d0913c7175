"""`modelcard generate` writes .eval_results/<name>.yaml for a declared Hub benchmark, and only then."""

from __future__ import annotations

from pathlib import Path

import yaml
from huggingface_hub import EvalResultEntry, parse_eval_result_entries

from modelcard.card import Card
from modelcard.checks import lint
from modelcard.checks.config import config_from_mapping
from modelcard.cli.main import main

WHISPER = ["--dataset", "mozilla-foundation/common_voice_11_0", "--task", "automatic-speech-recognition", "--no-plot"]
WHISPER_FILE = (
    "# value: eval_results.json:eval_wer (modelcard generate)\n"
    "- dataset:\n"
    "    id: mozilla-foundation/common_voice_11_0\n"
    "    task_id: hi\n"
    "  value: 32.011343435198505\n"
)


def codes(card: Path) -> list[tuple[str, str]]:
    config = config_from_mapping({"select": ["MC5", "MC1"]}, root=card.parent)
    return [(d.code, Path(d.path).name) for d in lint(card, config=config)]


def test_a_declared_task_writes_the_file_beside_the_card_and_regenerating_keeps_it(copy_run, capsys):
    run = copy_run("whisper-small-hi")
    assert main(["generate", str(run), *WHISPER, "--license", "apache-2.0", "--eval-task-id", "hi"]) == 0
    err = capsys.readouterr().err
    written = run / ".eval_results" / "common_voice_11_0_hi.yaml"
    assert err.startswith(f"wrote {written}\nwrote {run / 'README.md'}\n")
    assert written.read_text() == WHISPER_FILE
    assert parse_eval_result_entries(yaml.safe_load(written.read_text())) == [
        EvalResultEntry(dataset_id="mozilla-foundation/common_voice_11_0", task_id="hi", value=32.011343435198505)
    ]
    assert "model-index:" in (run / "README.md").read_text()  # still written, for older readers
    assert codes(run / "README.md") == []  # the generator writes what the linter accepts, MC505 included

    before = written.stat().st_mtime_ns
    assert main(["generate", str(run), *WHISPER, "--license", "apache-2.0", "--eval-task-id", "hi"]) == 0
    assert capsys.readouterr().err.startswith(f"{run / 'README.md'}: unchanged\n")
    assert written.stat().st_mtime_ns == before
    assert main(["generate", str(run), *WHISPER, "--license", "apache-2.0", "--eval-task-id", "hi", "--check"]) == 0


def test_check_reports_a_stale_or_missing_results_file(copy_run, capsys):
    run = copy_run("whisper-small-hi")
    args = ["generate", str(run), *WHISPER, "--eval-task-id", "hi"]
    assert main(args) == 0
    written = run / ".eval_results" / "common_voice_11_0_hi.yaml"
    written.write_text(WHISPER_FILE.replace("32.011343435198505", "30.5"))
    capsys.readouterr()
    assert main([*args, "--check"]) == 1
    out, err = capsys.readouterr()
    assert "-  value: 30.5\n+  value: 32.011343435198505\n" in out
    assert out.count("+++ .eval_results/common_voice_11_0_hi.yaml (from the logs)") == 1
    assert "stale against the logs" in err
    assert "30.5" in written.read_text()  # --check writes nothing
    written.unlink()
    assert main([*args, "--check"]) == 1
    assert not written.exists()


def test_no_task_id_no_file_whatever_the_dataset(copy_run):
    run = copy_run("whisper-small-hi")
    assert main(["generate", str(run), *WHISPER]) == 0
    assert not (run / ".eval_results").exists()


def test_metadata_request_with_notes_and_source_keeps_the_other_results_of_the_file(copy_run, tmp_path):
    run = copy_run("ner-local")
    folder = run / ".eval_results"
    folder.mkdir()
    mine = "# by hand\n- dataset: {id: acme/ner-bench, task_id: strict}\n  value: 0.61\n  notes: strict match\n"
    (folder / "ner-bench_overall.yaml").write_text(mine)
    metadata = tmp_path / "card.yaml"
    metadata.write_text(
        "license: mit\ndatasets: [acme/ner-bench]\npipeline_tag: token-classification\n"
        "eval_results:\n  task_id: overall\n  metric: overall_f1\n  notes: seqeval\n"
        "  source: {url: 'https://huggingface.co/datasets/acme/ner-logs', name: Logs}\n"
    )
    assert main(["generate", str(run), "--metadata", str(metadata), "--no-plot"]) == 0
    data = yaml.safe_load((folder / "ner-bench_overall.yaml").read_text())
    assert data == [
        {"dataset": {"id": "acme/ner-bench", "task_id": "strict"}, "value": 0.61, "notes": "strict match"},
        {
            "dataset": {"id": "acme/ner-bench", "task_id": "overall"},
            "value": 0.6520499706548168,  # predict_results.json: the test split, not the validation one
            "source": {"url": "https://huggingface.co/datasets/acme/ner-logs", "name": "Logs"},
            "notes": "seqeval",
        },
    ]
    card = Card.load(run / "README.md")
    assert "eval_results" not in card.metadata and "task_id" not in card.text
    assert codes(run / "README.md") == []


def test_which_metric_is_the_score_is_asked_not_guessed(copy_run, capsys):
    run = copy_run("ner-local")
    assert main(["generate", str(run), "--dataset", "acme/ner-bench", "--eval-task-id", "overall", "--no-plot"]) == 0
    err = capsys.readouterr().err
    assert "modelcard: no .eval_results file: it needs the metric that is the benchmark's score (`--eval-metric`: one of `t005_f1`," in err
    assert not (run / ".eval_results").exists()
    (run / "README.md").unlink()  # its `datasets` would name the evaluation dataset
    assert main(["generate", str(run), "--eval-task-id", "overall", "--no-plot"]) == 0
    assert "modelcard: no .eval_results file: it needs the benchmark dataset (`--eval-dataset`" in capsys.readouterr().err
    assert not (run / ".eval_results").exists()


def test_bad_requests_are_usage_errors_and_write_nothing(copy_run, tmp_path, capsys):
    run = copy_run("whisper-small-hi")
    base = ["generate", str(run), *WHISPER, "--eval-task-id", "hi"]
    assert main([*base, "--eval-dataset", "not a dataset!"]) == 2
    assert "`not a dataset!` is not a Hub dataset id" in capsys.readouterr().err
    assert main([*base, "--eval-metric", "bleu"]) == 2
    assert "--eval-metric `bleu` is not a metric of the evaluation (its metrics: `wer`)" in capsys.readouterr().err
    metadata = tmp_path / "card.yaml"
    metadata.write_text("eval_results: gpqa\n")
    assert main(["generate", str(run), "--metadata", str(metadata)]) == 2
    assert "`eval_results` in --metadata must be a mapping" in capsys.readouterr().err
    metadata.write_text("eval_results: {dataset: a/b, metric: wer}\n")
    assert main(["generate", str(run), "--metadata", str(metadata)]) == 2
    assert "`eval_results` needs `task_id`" in capsys.readouterr().err
    assert not (run / "README.md").exists() and not (run / ".eval_results").exists()


def test_an_unreadable_results_file_is_not_overwritten(copy_run, capsys):
    run = copy_run("whisper-small-hi")
    folder = run / ".eval_results"
    folder.mkdir()
    (folder / "common_voice_11_0_hi.yaml").write_text("- dataset: [\n")
    assert main(["generate", str(run), *WHISPER, "--eval-task-id", "hi"]) == 2
    err = capsys.readouterr().err
    assert "cannot update .eval_results/common_voice_11_0_hi.yaml: .eval_results/common_voice_11_0_hi.yaml:2:1: invalid YAML" in err
    assert (folder / "common_voice_11_0_hi.yaml").read_text() == "- dataset: [\n"
    assert not (run / "README.md").exists()


def test_to_stdout_the_file_is_named_not_written(copy_run, capsys):
    run = copy_run("whisper-small-hi")
    assert main(["generate", str(run), *WHISPER, "--eval-task-id", "hi", "-o", "-"]) == 0
    assert "modelcard: .eval_results/common_voice_11_0_hi.yaml is written beside a card file, not with -o -" in capsys.readouterr().err
    assert not (run / ".eval_results").exists()


def test_a_secret_in_the_request_is_refused(copy_run, tmp_path, capsys):
    run = copy_run("whisper-small-hi")
    metadata = tmp_path / "card.yaml"
    token = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    metadata.write_text(f"eval_results:\n  task_id: hi\n  source: {{url: 'https://x.example/logs?token={token}'}}\n")
    assert main(["generate", str(run), *WHISPER, "--metadata", str(metadata)]) == 2
    err = capsys.readouterr().err
    assert "`eval_results.source.url` holds a Hugging Face token; a results file never carries one" in err
    assert token not in err
    assert not (run / ".eval_results").exists() and not (run / "README.md").exists()
