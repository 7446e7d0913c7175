"""Shared pieces of the callback tests: a local Hub, secrets to look for, checks on cards."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Keras reads its backend when first imported: torch, so no TensorFlow is needed.
os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

pytest.importorskip("codecarbon")


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is downloaded: models are built from configs with random weights.

    Set per test (huggingface_hub reads ``HF_HUB_OFFLINE`` once, at import), so
    the other test folders of the same session keep talking to their servers.
    """
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)

#: The shape of a real Hugging Face token; it must reach no file and no card.
TOKEN = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi"


@pytest.fixture()
def local_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The project's Hub server on a free loopback port, requiring ``TOKEN`` for writes.

    Offline mode is lifted for this test only: the pushes go to this server.
    """
    import huggingface_hub.constants

    from modelcard.hub.server import make_server

    server = make_server(tmp_path / "hub-store", token=TOKEN)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def files_containing(folder: Path, needle: str) -> list[str]:
    """Every file under ``folder`` whose bytes contain ``needle``."""
    data = needle.encode()
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and data in p.read_bytes()]


def states_number(text: str, value: float) -> bool:
    """Whether ``text`` states ``value`` (rounded to 4 decimals or 4 significant digits)."""
    import re

    numbers = (float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?", text))
    return any(abs(n - value) <= max(5e-5, abs(value) * 5e-4) for n in numbers)


def lint_errors(card: Any) -> list[str]:
    from modelcard.checks import lint_card
    from modelcard.diagnostics import Severity

    return [f"{d.code} {d.message}" for d in lint_card(card) if d.severity == Severity.ERROR]


def assert_one_commit_holds(server: Any, repo_id: str, result: Any, folder: Path, names: list[str]) -> None:
    """The push made one commit on top of its parent, and that commit brought every file."""
    from huggingface_hub import HfApi, hf_hub_download

    api = HfApi(endpoint=server.url, token=TOKEN)
    commits = api.list_repo_commits(repo_id)
    assert result.created_commit
    assert commits[0].commit_id == result.commit
    assert len(commits) == 2 and commits[1].commit_id == result.parent  # the repository's first commit
    at_commit = set(api.list_repo_files(repo_id, revision=result.commit))
    at_parent = set(api.list_repo_files(repo_id, revision=result.parent))
    for name in ["README.md", *names]:
        assert name in at_commit and name not in at_parent, name
        local = hf_hub_download(repo_id, name, revision=result.commit, endpoint=server.url, token=TOKEN,
                                cache_dir=folder.parent / "hf-cache")  # fmt: skip
        assert Path(local).read_bytes() == (folder / name).read_bytes(), name
    assert not {"training_args.bin", "trainer_state.json"} & at_commit


def assert_emissions_stated(card: Any, tracking: Any, folder: Path) -> None:
    """The card states the tracker's emissions in grams, names emissions.csv, and calls an estimate one."""
    import json

    grams = tracking.emissions_kg * 1000
    assert grams > 0
    assert card.metadata["co2_eq_emissions"]["emissions"] == pytest.approx(grams, abs=1e-4)  # stated in grams
    assert "emissions.csv" in card.text
    # an estimate is never presented as a bare measurement
    basis = json.loads((folder / "emissions_caveats.json").read_text())["runs"][-1]["energy_basis"]
    if basis != "measured":
        assert "estimated, not measured" in card.text or "partly estimated" in card.text


@pytest.fixture()
def kit() -> Any:
    """The helpers above, for test modules (conftest is not importable under importlib mode)."""

    class Kit:
        token = TOKEN
        files_containing = staticmethod(files_containing)
        lint_errors = staticmethod(lint_errors)
        states_number = staticmethod(states_number)
        assert_one_commit_holds = staticmethod(assert_one_commit_holds)
        assert_emissions_stated = staticmethod(assert_emissions_stated)

    return Kit
