from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from modelcard.generate import generate
from modelcard.generate import plot as plotting
from modelcard.generate import plotprocess
from modelcard.generate.plotprocess import PlotProcess
from modelcard.sources import read_run

pytest.importorskip("matplotlib")

generate_module = importlib.import_module("modelcard.generate.generate")


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[PlotProcess]:
    """Use a helper process for any log, and keep the helpers started."""
    started: list[PlotProcess] = []

    class Recorded(PlotProcess):
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

    monkeypatch.setattr(generate_module, "PLOT_PROCESS_BYTES", 0)
    monkeypatch.setattr(generate_module, "_cpus", lambda: 2)
    monkeypatch.setattr(plotprocess, "PlotProcess", Recorded)
    return started


def test_helper_draws_the_same_png(copy_run) -> None:
    run = read_run(copy_run("whisper-small-hi"))
    picture = plotting.curves(run)
    assert picture is not None
    with PlotProcess() as helper:
        helper.send(picture)
        png = helper.png()
    assert png == plotting.draw(picture) == plotting.training_curves(run)


def test_generate_with_a_helper_writes_the_same_card_and_png(copy_run, helpers: list[PlotProcess], monkeypatch) -> None:
    run = copy_run("ner-local")
    with monkeypatch.context() as here:
        here.setattr(generate_module, "PLOT_PROCESS_BYTES", 1 << 40)
        expected = generate_module.generate_card(run, output=run / "README.md")
    assert helpers == [] and expected.plot is not None
    card = generate(run, output=run / "README.md")
    assert len(helpers) == 1 and helpers[0]._process is None  # reaped
    assert card.dumps() == expected.card.dumps()
    assert (run / "training_curves.png").read_bytes() == expected.plot


def test_a_failing_helper_is_replaced_by_drawing_here(copy_run, helpers: list[PlotProcess], monkeypatch) -> None:
    run = copy_run("cat-emotions")
    expected = plotting.training_curves(read_run(run))
    monkeypatch.setattr(sys, "executable", str(Path(sys.executable).parent / "no-such-python"))
    card = generate(run, output=run / "README.md")  # the helper cannot even start
    assert helpers == []
    assert (run / "training_curves.png").read_bytes() == expected
    monkeypatch.undo()

    with PlotProcess() as helper:
        assert helper._process is not None
        helper._process.kill()  # the helper dies
        helper.send({"x": "step", "panels": [{"title": "loss", "curves": [["loss", [1.0, 2.0], [3.0, 4.0]]]}]})
        assert helper.png() is None  # no PNG, no exception
    assert "](training_curves.png)" in card.body


def test_helper_is_stopped_when_the_run_cannot_be_read(tmp_path: Path, helpers: list[PlotProcess]) -> None:
    (tmp_path / "trainer_state.json").write_text("[]")
    with pytest.raises(Exception, match="nothing usable|no training"):
        generate(tmp_path, output=tmp_path / "README.md")
    [helper] = helpers
    assert helper._process is None


def test_helper_without_a_picture_exits(helpers: list[PlotProcess]) -> None:
    helper = PlotProcess()
    process = helper._process
    helper.close()
    assert process is not None and process.returncode is not None
    assert helper.png() is None


def test_small_logs_are_drawn_here(copy_run, monkeypatch: pytest.MonkeyPatch) -> None:
    started = []
    monkeypatch.setattr(plotprocess.PlotProcess, "__init__", lambda self: started.append(self))
    run = copy_run("cat-emotions")
    generate(run, output=run / "README.md")
    assert started == [] and (run / "training_curves.png").exists()


@pytest.mark.parametrize("with_helper", [False, True])
def test_curves_with_nothing_to_draw_are_not_linked(tmp_path: Path, monkeypatch, with_helper: bool) -> None:
    if with_helper:
        monkeypatch.setattr(generate_module, "PLOT_PROCESS_BYTES", 0)
        monkeypatch.setattr(generate_module, "_cpus", lambda: 2)
    log = [{"loss": float("nan"), "step": step, "epoch": step / 10} for step in range(1, 4)]
    (tmp_path / "trainer_state.json").write_text(json.dumps({"global_step": 3, "log_history": log}))
    card = generate(tmp_path, output=tmp_path / "README.md")
    assert not (tmp_path / "training_curves.png").exists()
    assert "training_curves.png" not in card.dumps()
