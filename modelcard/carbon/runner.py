"""Run a command as a child process under the carbon tracker.

The child's exit code is returned (``128 + N`` when signal N killed it, as a
shell reports it). SIGINT and SIGTERM sent to this process are forwarded to
the child, which decides how to stop; the tracker stops once the child has
exited, so the CSV row is written in every case. A Ctrl-C typed at a terminal
already reaches the child (same process group), so SIGINT is not forwarded a
second time while this process is in the terminal's foreground group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from modelcard.carbon.settings import DEFAULT_MEASURE_POWER_SECS, DEFAULT_PROJECT_NAME
from modelcard.carbon.track import CarbonTracker, TrackingResult
from modelcard.errors import CommandError, UsageError

FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class TrackedCommand:
    """``returncode``: the command's exit code (``128 + N`` for signal N)."""

    returncode: int
    tracking: TrackingResult


def run_tracked(
    command: Sequence[str],
    *,
    output_dir: str | os.PathLike[str] = ".",
    country_iso_code: str | None = None,
    online: bool = False,
    project_name: str = DEFAULT_PROJECT_NAME,
    measure_power_secs: float = DEFAULT_MEASURE_POWER_SECS,
) -> TrackedCommand:
    """Run ``command`` while tracking emissions into ``output_dir``.

    Args:
        command: the program and its arguments (no shell).
        output_dir: where ``emissions.csv`` and ``emissions_caveats.json`` go.
        country_iso_code: 3-letter ISO code of where the energy is used.
        online: use codecarbon's online tracker.
        project_name: the CSV's ``project_name``.
        measure_power_secs: interval between power measurements.

    Returns:
        The command's exit code (``128 + N`` when signal N ended it) and
        what the tracker wrote.

    Raises:
        UsageError: no command.
        MissingDependencyError: codecarbon is not installed (nothing is run).
        CommandError: the command cannot be started (not found: exit 127; not executable: 126).
    """
    argv = list(command)
    if not argv:
        raise UsageError("no command to run; usage: modelcard track [OPTIONS] -- COMMAND [ARGS...]")
    if shutil.which(argv[0]) is None:
        found = os.sep in argv[0] and os.path.exists(argv[0])
        raise CommandError(f"{'not an executable' if found else 'command not found'}: `{argv[0]}`", found=found)
    tracker = CarbonTracker(
        output_dir,
        country_iso_code=country_iso_code,
        online=online,
        project_name=project_name,
        measure_power_secs=measure_power_secs,
        handle_sigterm=False,
    )
    tracker.start()
    outcome = "failed"
    try:
        # Forward from before the child exists: no window where a signal ends
        # this process and leaves the child running untracked.
        children: list[subprocess.Popen[bytes]] = []
        with _forwarding_signals(children) as received:
            try:
                child = subprocess.Popen(argv)  # noqa: S603 - the user's own command
            except OSError as e:
                found = not isinstance(e, FileNotFoundError)
                raise CommandError(f"cannot run `{argv[0]}`: {e.strerror or e}", found=found) from e
            children.append(child)
            for signum in dict.fromkeys(received):  # arrived while the child was starting
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signum)
            code = child.wait()
        outcome = "interrupted" if received or code < 0 else "completed" if code == 0 else "failed"
    finally:
        result = tracker.stop(outcome=outcome)
    return TrackedCommand(128 - code if code < 0 else code, result)


@contextlib.contextmanager
def _forwarding_signals(children: list[subprocess.Popen[bytes]]) -> Iterator[list[int]]:
    """Forward SIGINT/SIGTERM to the started ``children`` while the block runs; yields the signals seen."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def forward(signum: int, _frame: Any) -> None:
        received.append(signum)
        if signum == signal.SIGINT and _in_terminal_foreground():
            return
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED_SIGNALS}
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _in_terminal_foreground() -> bool:
    """Whether this process's group is the foreground group of its terminal."""
    try:
        fd = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return False
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return False
    finally:
        os.close(fd)
