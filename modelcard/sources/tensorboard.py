"""TensorBoard logs: ``events.out.tfevents.*`` under the run folder.

The Trainer with ``report_to="tensorboard"`` writes them to
``runs/<date>_<host>/``; Lightning's ``TensorBoardLogger`` to
``lightning_logs/version_N/``. The folder holding the newest event file is
read (its files in name order, as a resumed run appends new ones); other
folders are named as not read. Scalars become the training and evaluation
logs, the Trainer's ``args`` and ``model_config`` texts its hyperparameters
and model; Lightning's ``hparams.yaml`` beside the events gives its
hyperparameters (its ``epoch`` scalar counts from 0). The decoding needs no TensorFlow (:mod:`.tfevents`).

Event files carry the machine's host name in their names (and the Trainer's
folder names): the card shows it as ``<host>``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from modelcard.facts import Fact
from modelcard.sources import lightning
from modelcard.sources.files import rel
from modelcard.sources.logged import Logged, apply
from modelcard.sources.run import Run
from modelcard.sources.tfevents import read_events

PATTERN = "events.out.tfevents."
MAX_FILE_BYTES = 256 << 20
MAX_FILES = 64
MAX_DEPTH = 4
MAX_ENTRIES = 20_000
_SKIP_DIRS = frozenset({".git", "wandb", "mlruns", "__pycache__", "node_modules"})
#: events.out.tfevents.<seconds>[.<host>][.<pid>.<n>][.v2|.profile-empty]
_NAME = re.compile(r"^events\.out\.tfevents\.\d+(?:\.\d+)?\.(?P<host>.+?)(?:\.\d+\.\d+)?(?:\.v2|\.profile-empty)?$")


def find(run_dir: Path) -> list[Path]:
    """Event files under ``run_dir`` (at most :data:`MAX_DEPTH` folders down)."""
    found: list[Path] = []
    seen = 0
    for folder, dirs, files in os.walk(run_dir):
        depth = len(Path(folder).relative_to(run_dir).parts)
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("checkpoint-")) if depth < MAX_DEPTH else []
        seen += len(files) + len(dirs)
        found.extend(p for f in sorted(files) if f.startswith(PATTERN) and (p := Path(folder) / f).is_file())
        if seen > MAX_ENTRIES:
            break
    return found


def display(run: Run, path: Path, hosts: set[str]) -> str:
    """``path`` relative to the run folder with the host names replaced."""
    shown = rel(run, path)
    for host in sorted(hosts, key=len, reverse=True):
        shown = shown.replace(host, "<host>")
    return shown


def hosts_of(files: list[Path]) -> set[str]:
    found = set()
    for path in files:
        match = _NAME.match(path.name)
        if match and match.group("host"):
            found.add(match.group("host"))
    return found


def read(run: Run) -> None:
    """Apply the newest TensorBoard folder's history to the run."""
    files = find(run.run_dir)
    if not files:
        return
    hosts = hosts_of(files)
    folders: dict[Path, list[Path]] = {}
    for path in files:
        folders.setdefault(path.parent, []).append(path)
    newest = max(folders, key=lambda f: max(p.stat().st_mtime for p in folders[f]))
    for other in sorted(folders):
        if other != newest:
            run.problem(display(run, other, hosts), f"not read: the TensorBoard history comes from `{display(run, newest, hosts)}`")
    chosen = folders[newest][:MAX_FILES]
    source = display(run, chosen[0] if len(chosen) == 1 else newest, hosts)
    logged = Logged("TensorBoard", source)
    if len(folders[newest]) > MAX_FILES:
        logged.unread.append(f"{len(folders[newest])} event files; the first {MAX_FILES} were read")
    for path in chosen:
        _read_file(run, path, display(run, path, hosts), logged)
    lightning_run = (newest / lightning.HPARAMS).is_file() and run.framework is None
    if lightning_run:  # Lightning's TensorBoardLogger writes its hyperparameters beside the events
        lightning.read_hparams(run, newest / lightning.HPARAMS)
        run.framework = Fact("lightning", rel(run, newest / lightning.HPARAMS))
    had_log = bool(len(run.train_log) or len(run.eval_log))
    apply(run, logged)
    if lightning_run and not had_log:  # no library_name: no Hub library loads a Lightning checkpoint
        lightning.epochs_logged(run, source)


def _read_file(run: Run, path: Path, shown: str, logged: Logged) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        logged.unread.append(f"`{shown}` is {size} bytes (more than {MAX_FILE_BYTES}); not read")
        return
    try:
        events = read_events(path)
    except OSError as exc:
        logged.unread.append(f"`{shown}` cannot be read: {exc.strerror or exc.__class__.__name__}")
        return
    if events.foreign:
        logged.unread.append(f"`{shown}` is not a TensorBoard event file (no TFRecord header)")
        return
    run.read(shown)
    if events.damaged:
        logged.unread.append(f"`{shown}`: {events.damaged} damaged record(s) skipped")
    if events.truncated:
        logged.unread.append(f"`{shown}` ends inside a record (the run may still have been writing); read the {events.records} complete ones")
    if events.capped:
        logged.unread.append(f"`{shown}` holds more than {events.records} records; the rest were not read")
    for tag, points in events.scalars.items():
        logged.series.setdefault(tag, []).extend(zip(points.steps, points.values))
        if len(points):
            logged.saw(min(points.wall_times), max(points.wall_times))
    for tag, key in (("args", "params"), ("model_config", "model_config")):
        text = events.texts.get(tag)
        if text is None:
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            if key == "params":
                logged.params, logged.params_source = value, f"{shown}:args"
            else:
                logged.model_config, logged.config_source = value, f"{shown}:model_config"
