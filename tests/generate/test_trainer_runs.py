"""Cards of real Trainer runs (made by tests/fixtures/trainer_runs/make_runs.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from modelcard.generate import generate
from modelcard.generate.units import duration
from modelcard.sources import read_run

RUNS = Path(__file__).resolve().parents[1] / "fixtures" / "trainer_runs"


@pytest.fixture
def run_copy(tmp_path):
    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(RUNS / name, dest)
        return dest

    return copy


def _region(body: str, name: str) -> str:
    return body.split(f"<!-- modelcard-begin {name} -->", 1)[1].split(f"<!-- modelcard-end {name} -->", 1)[0]


def _card(run: Path, **overrides):
    return generate(run, output=run / "README.md", plot=False, overrides=overrides or None)


def test_the_final_evaluation_logged_twice_is_shown_once(run_copy):
    run = run_copy("duplicate_eval")
    steps = [e["step"] for e in json.loads((run / "trainer_state.json").read_text())["log_history"] if "eval_loss" in e]
    assert steps == [40, 80, 120, 120]  # trainer.evaluate() after training logs step 120 again
    results = _region(_card(run).body, "training-results")
    table = [line for line in results.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert table == [
        "| 0.6839 | 1.0 | 40 | 0.6651 | 0.6667 |",
        "| 0.6587 | 2.0 | 80 | 0.6404 | 0.6667 |",
        "| 0.6103 | 3.0 | 120 | 0.6190 | 0.6667 |",
    ]
    assert "The evaluation at step 120 was logged twice with the same values (once more after training); it is shown once." in results
    assert "No log" not in results


def test_resumed_run_says_so_and_averages_the_loss_over_the_whole_run(run_copy):
    run = run_copy("resumed")
    body = _card(run).body
    results = _region(body, "training-results")
    assert (
        "The run was resumed from `checkpoint-20` at step 20 (`training_args.json:resume_from_checkpoint`): "
        "its log history covers every step, its training summary only the last session."
    ) in results
    # train_results.json's train_loss (0.6442) averages steps 21-120 only; the log gives the whole run
    assert (
        "Average training loss: 0.6510 over steps 1–120 (`trainer_state.json:log_history`); "
        "`train_results.json` gives 0.6442, the average of steps 21–120 only."
    ) in results
    assert "Training time of steps 21–120: 15 seconds (`train_results.json`)." in results
    compute = _region(body, "training-compute")
    assert "- **Training time:** 15 seconds wall-clock: the Trainer's `train_runtime`" in compute
    assert "of the last session only, as the run was resumed from a checkpoint" in compute


def test_resumption_is_inferred_from_the_training_summary_when_the_arguments_do_not_say(run_copy):
    run = run_copy("resumed")
    args = json.loads((run / "training_args.json").read_text())
    args["resume_from_checkpoint"] = None  # trainer.train(resume_from_checkpoint=True) records nothing
    (run / "training_args.json").write_text(json.dumps(args))
    resumed = read_run(run).resumed
    assert resumed is not None and resumed.step == 20  # 6.744 steps/s × 14.8284 s = 100 steps of 120
    assert resumed.source.startswith("inferred: train_results.json train_steps_per_second × train_runtime = 100 steps")
    results = _region(_card(run).body, "training-results")
    assert "The run was resumed at about step 20 (inferred from train_results.json" in results


@pytest.mark.parametrize(
    "folder",
    ["trainer_runs/duplicate_eval", "trainer_runs/best_vs_final", "trainer_runs/max_steps", "trainer_runs/nan_metric",
     # runs from public repositories
     "generate/cat-emotions", "generate/whisper-small-hi", "generate/ner-local", "sources/trainer_new", "sources/trainer_old"],
)
def test_runs_that_were_not_resumed_do_not_look_resumed(folder):
    assert read_run(RUNS.parent / folder).resumed is None


def test_max_steps_run_states_steps_and_epochs_it_did(run_copy):
    run = run_copy("max_steps")
    body = _card(run).body
    hyperparameters = _region(body, "training-hyperparameters")
    assert "| training_steps | 60 |" in hyperparameters
    assert "num_epochs" not in hyperparameters  # 3 epochs were asked for, 1.5 were trained
    results = _region(body, "training-results")
    assert "Training ran for 60 steps (1.5 epochs): `max_steps` = 60 ended it before the 3 epochs set in `num_train_epochs`." in results


def test_best_and_final_evaluations_are_both_stated_with_the_weights_kept(run_copy):
    run = run_copy("best_vs_final")
    body = _card(run).body
    results = _region(body, "training-results")
    assert "Best evaluation: Accuracy 0.8125 at step 120 (epoch 3), `checkpoint-120`, by the run's `metric_for_best_model`." in results
    assert "Last evaluation: Accuracy 0.7917 at step 160 (epoch 4)." in results
    assert (
        "The weights in this repository are the best checkpoint's (`checkpoint-120`): the run reloaded them at the end "
        "(`load_best_model_at_end` in `training_args.json`)."
    ) in results
    # evaluate() after training scored the reloaded best weights: the same values as step 120, shown once
    assert "| 160 | 0.6043 |" not in results
    assert "it scored the weights of step 120 again, and is shown once, at step 120." in results
    assert "Final evaluation, from `eval_results.json` (of the best checkpoint's weights):" in _region(body, "evaluation-results")


def test_best_by_the_main_metric_when_the_run_tracked_none(run_copy):
    run = run_copy("best_vs_final")
    state = json.loads((run / "trainer_state.json").read_text())
    state.update(best_metric=None, best_global_step=None, best_model_checkpoint=None)
    (run / "trainer_state.json").write_text(json.dumps(state))
    args = json.loads((run / "training_args.json").read_text())
    args.update(load_best_model_at_end=False, metric_for_best_model=None)
    (run / "training_args.json").write_text(json.dumps(args))
    results = _region(_card(run).body, "training-results")
    assert "Best evaluation by Accuracy: Accuracy 0.8125 at step 120 (epoch 3)." in results
    assert "The weights in this repository are those of the last step (160)" in results


def test_a_nan_metric_is_shown_as_logged_with_a_note(run_copy):
    run = run_copy("nan_metric")
    card = _card(run, task="text-classification", dataset="glue")
    assert "- Matthews Correlation: NaN" in _region(card.body, "summary")
    evaluation = _region(card.body, "evaluation-results")
    assert "| Matthews Correlation | NaN |" in evaluation
    assert "`eval_matthews_correlation` was logged as NaN" in evaluation
    metrics = card.metadata["model-index"][0]["results"][0]["metrics"]
    assert [m["type"] for m in metrics] == ["accuracy"]
    table = _region(card.body, "training-results")
    assert "| 0.6844 | 1.0 | 40 | 0.6679 | 0.3333 | NaN |" in table
    assert table.count("| 80 |") == 1  # evaluate() after training repeated step 80, NaN included
    assert "The evaluation at step 80 was logged twice with the same values" in table


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "0 seconds"),
        (1.0, "1 second"),
        (1.5, "1.5 seconds"),
        (2.0004, "2 seconds"),
        (14.8284, "15 seconds"),
        (59.6, "1 minute"),
        (80.2, "1 minute 20 seconds"),
        (3602, "1 hour"),
        (7384, "2 hours 3 minutes"),
        (90000, "1 day 1 hour"),
    ],
)
def test_durations_read_like_a_person_wrote_them(seconds, text):
    assert duration(seconds) == text


def test_check_is_stale_while_the_linked_picture_is_missing(run_copy, capsys):
    from modelcard.cli.main import main

    run = run_copy("max_steps")
    assert main(["generate", str(run)]) == 0
    picture = run / "training_curves.png"
    assert "![Training loss and evaluation metrics of max_steps over steps](training_curves.png)" in (run / "README.md").read_text()
    assert main(["generate", str(run), "--check"]) == 0
    picture.unlink()
    capsys.readouterr()
    assert main(["generate", str(run), "--check"]) == 1
    assert f"{run / 'README.md'}: links `training_curves.png`, which is not beside it" in capsys.readouterr().err
    assert main(["generate", str(run)]) == 0  # draws it again
    assert picture.is_file()
    assert main(["generate", str(run), "--check"]) == 0


def test_versions_the_trainer_wrote_into_its_card_are_kept(tmp_path):
    fixtures = RUNS.parent / "generate"
    run = tmp_path / "whisper"
    shutil.copytree(fixtures / "whisper-small-hi", run)
    # the card Trainer.create_model_card() wrote for this run, as its author published it
    shutil.copyfile(fixtures / "whisper-small-hi.published.md", run / "README.md")
    elsewhere = tmp_path / "card" / "README.md"
    body = generate(run, output=elsewhere, plot=False).body
    versions = _region(body, "framework-versions")
    assert "- torch 1.12.1 (recorded in `README.md`)\n" in versions
    assert "- datasets 2.5.3.dev0 (recorded in `README.md`)\n" in versions
    assert "- tokenizers 0.12.1 (recorded in `README.md`)\n" in versions
    assert "- transformers 4.25.0.dev0 (recorded in `README.md`)\n" in versions
    assert "from the environment" not in versions
    # written over the Trainer's card, then regenerated: the versions stay, and --check agrees
    card = generate(run, output=run / "README.md", plot=False)
    assert _region(card.body, "framework-versions") == versions
    again = generate(run, output=run / "README.md", plot=False)
    assert _region(again.body, "framework-versions") == versions
    generate(run, output=run / "README.md", plot=False, check=True)


def test_versions_from_the_environment_do_not_make_check_flip(run_copy, installed_packages):
    installed_packages({"torch": "2.13.0", "tokenizers": "0.22.0"})  # where the card is first made
    run = run_copy("duplicate_eval")
    card = run / "README.md"
    text = _card(run).dumps()
    assert "- torch " in text and "(from the environment that generated this card; the run did not record it)" in text
    lines = text.splitlines(keepends=True)
    # the card as another environment wrote it: another torch, no tokenizers
    other = [
        line.replace(line.split(" ")[2], "1.0.0") if line.startswith("- torch ") else line
        for line in lines if not line.startswith("- tokenizers ")
    ]
    card.write_text("".join(other))
    generate(run, output=card, plot=False, check=True)  # up to date: only environment versions differ
    card.write_text("".join(other).replace("- transformers 5.25.0", "- transformers 5.24.0"))
    from modelcard.generate import StaleCardError

    with pytest.raises(StaleCardError):  # a version the run recorded is a fact of the logs
        generate(run, output=card, plot=False, check=True)


def test_check_where_matplotlib_is_not_installed_keeps_the_picture_link(run_copy):
    import subprocess
    import sys

    run = run_copy("max_steps")
    generate(run, output=run / "README.md")  # here matplotlib is installed: the card links its picture
    assert (run / "training_curves.png").is_file()
    without_matplotlib = (
        "import sys; sys.modules['matplotlib'] = None; "  # what find_spec sees where it is not installed
        "from modelcard.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    check = [sys.executable, "-c", without_matplotlib, "generate", str(run), "--check"]
    done = subprocess.run(check, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (run / "training_curves.png").unlink()
    done = subprocess.run(check, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "links `training_curves.png`, which is not beside it" in done.stderr


def test_a_run_resumed_with_resume_from_checkpoint_true_is_found_from_its_summary():
    # tests/fixtures/document/make_runs.py: interrupted at step 5, trainer.train(resume_from_checkpoint=True)
    run = read_run(RUNS.parent / "document" / "trainer-resumed")
    assert run.resumed is not None and run.resumed.step == 4  # its checkpoint step (save_steps=4)
    assert run.resumed.source.endswith("= 4 steps run in the last session, of trainer_state.json global_step 8")


def test_hyperparameter_sources_are_in_a_collapsed_block_and_every_value_is_traced(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(RUNS.parents[2] / "examples" / "run", run)
    section = _region(_card(run).body, "training-hyperparameters")
    table = [line for line in section.splitlines() if line.startswith("| ")]
    assert table[0] == "| Hyperparameter | Value |"  # two columns: the sources are below
    names = [line.split(" | ")[0][2:] for line in table[1:]]  # the |---| line does not start with "| "
    sources = section.split("<summary>Where these values come from</summary>", 1)[1].split("</details>", 1)[0]
    assert "- `training_args.json`: learning_rate, train_batch_size (`per_device_train_batch_size`)," in sources
    assert (
        "- `training_args.json:per_device_train_batch_size × training_args.json:gradient_accumulation_steps "
        "(devices: inferred: trainer_state.json train_samples_per_second × train_runtime ÷ global_step = 4.0 samples per step)`: "
        "total_train_batch_size\n"
    ) in sources
    listed = [name.split(" (")[0] for line in sources.splitlines() if line.startswith("- ") for name in line.split("`: ", 1)[1].split(", ")]
    assert sorted(listed) == sorted(names)
