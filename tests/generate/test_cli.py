from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from modelcard.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_generate_writes_the_card_and_reports_what_is_missing(copy_run, capsys):
    run = copy_run("qlora-checkpoint")
    assert main(["generate", str(run), "--license", "mit", "--dataset", "a/b,c/d", "--language", "ko"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"wrote {run / 'README.md'}\nthe card says what the logs do not tell:\n")
    text = (run / "README.md").read_text()
    assert "license: mit\n" in text
    assert "datasets:\n- a/b\n- c/d\n" in text
    assert "language:\n- ko\n" in text
    assert main(["generate", str(run), "--license", "mit", "--dataset", "a/b,c/d", "--language", "ko"]) == 0
    assert capsys.readouterr().err.startswith(f"{run / 'README.md'}: unchanged\n")


def test_generate_to_stdout(copy_run, capsys):
    run = copy_run("cat-emotions")
    assert main(["generate", str(run), "-o", "-", "--model-name", "cats"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("---\n")
    assert "\n# cats\n" in out
    assert not (run / "README.md").exists()


def test_check_exit_codes_and_diff(copy_run, capsys):
    run = copy_run("cat-emotions")
    card = run / "README.md"
    assert main(["generate", str(run), "--check"]) == 1
    assert "no card yet" in capsys.readouterr().err
    assert main(["generate", str(run)]) == 0
    assert main(["generate", str(run), "--check"]) == 0
    assert capsys.readouterr().err.endswith("up to date with the logs\n")
    state = json.loads((run / "trainer_state.json").read_text())
    state["log_history"].append({"epoch": 10.0, "eval_accuracy": 0.8, "eval_loss": 0.7, "step": 320})
    (run / "trainer_state.json").write_text(json.dumps(state))
    before = card.read_bytes()
    assert main(["generate", str(run), "--check"]) == 1
    out, err = capsys.readouterr()
    assert "+| 0.0319 | 10.0 | 320 | 0.7 | 0.8 |\n" in out
    assert "stale against the logs" in err
    assert card.read_bytes() == before


def test_errors_name_the_file(tmp_path, capsys):
    (tmp_path / "trainer_state.json").write_text("not json")
    assert main(["generate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("modelcard: error: ")
    assert "trainer_state.json" in err
    assert main(["generate", str(tmp_path / "missing")]) == 1
    assert f"{tmp_path / 'missing'}: " in capsys.readouterr().err


def test_template_vars_list_show(capsys):
    assert main(["template", "--vars"]) == 0
    out = capsys.readouterr().out
    assert "  model_name " in out and "  emissions " in out and "is defined" in out
    assert main(["template", "--list"]) == 0
    assert capsys.readouterr().out == "default\nshort\n"
    assert main(["template", "--show", "short"]) == 0
    assert "<!-- modelcard-begin summary -->" in capsys.readouterr().out
    assert main(["template", "--show", "nope"]) == 2  # a usage error, as everywhere


def test_readme_command_through_the_installed_entry_point(tmp_path):
    """The README's first command, run as a user would: a real process, the example run."""
    card = tmp_path / "card" / "README.md"
    env = {**os.environ, "PYTHONPATH": ""}
    gen = subprocess.run(
        [sys.executable, "-m", "modelcard", "generate", str(EXAMPLES / "run"), "--metadata", str(EXAMPLES / "card.yaml"), "-o", str(card)],
        capture_output=True, text=True, env=env, check=False,
    )
    assert gen.returncode == 0, gen.stderr
    lint = subprocess.run([sys.executable, "-m", "modelcard", "lint", str(card)], capture_output=True, text=True, env=env, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    text = card.read_text()
    assert "\n# tiny-bert-example\n" in text
    assert "- **CO2-equivalent emissions:** 0.0189 g" in text
    assert "- **Parameters:** 4.1K (4,130" in text
    assert "Training ran for 120 steps (3 epochs)." in text


def test_no_plot(copy_run):
    run = copy_run("cat-emotions")
    assert main(["generate", str(run), "--no-plot"]) == 0
    assert not (run / "training_curves.png").exists()
    assert "training_curves.png" not in (run / "README.md").read_text()
    assert main(["generate", str(run), "--no-plot", "--check"]) == 0


def test_generate_help_says_what_wins_what_is_kept_and_the_exit_status(capsys):
    assert main(["generate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "  --metadata YAML       a YAML file of card metadata to set" in out
    assert "  --license ID          license id, e.g. apache-2.0" in out
    assert "which value wins:\n  flags > --metadata > the existing card's front-matter > the logs.\n" in out
    assert "hand-written text and keys you set or edited stay as they are" in out
    assert "exit status:\n  0 card written or unchanged" in out
    assert "  modelcard generate outputs/bert-imdb --check       # in CI\n" in out


def test_template_help_and_vars_say_how_to_start_a_template(capsys):
    assert main(["template", "--help"]) == 0
    assert "  modelcard template --show default > my.md.j2     # start from a built-in one\n" in capsys.readouterr().out
    assert main(["template"]) == 0
    out = capsys.readouterr().out
    assert "NAME" in out and "PRESENCE" in out and "DESCRIPTION" in out
    assert "{% if emissions.energy_kwh is defined %}" in out
    assert "`modelcard template --show default > my.md.j2`" in out
