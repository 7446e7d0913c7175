"""Draw the training-curve picture in a helper process, next to the main one.

Importing matplotlib and drawing take a few tenths of a second of CPU. For a
big training log the helper is started before the log is read: it imports
matplotlib on another core while this process reads, then draws what
:func:`modelcard.generate.plot.curves` sends it (a JSON line, then the log
columns' raw doubles, on stdin) and answers with the PNG (stdout).

The helper does not outlive its parent: it is killed when the picture is not
needed or anything goes wrong, and it exits by itself once its stdin closes
(when the parent ends, however it ends).
A helper that fails is not an error: the caller draws in its own process
(see :func:`modelcard.generate.plot.draw`), where a real problem raises.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from array import array
from pathlib import Path
from typing import Any, BinaryIO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_HELPER = "import sys; sys.path.append(sys.argv[1]); from modelcard.generate.plotprocess import main; sys.exit(main())"


class PlotProcess:
    """A helper process drawing one picture.

    Use as a context manager; :meth:`send` the picture, then :meth:`png`.
    """

    def __init__(self) -> None:
        # This very package, found last (after what the interpreter finds first).
        package_root = str(Path(__file__).resolve().parents[2])
        self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-c", _HELPER, package_root],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._thread: threading.Thread | None = None
        self._output: bytes | None = None

    def __enter__(self) -> PlotProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, picture: dict[str, Any]) -> None:
        """Hand the picture over; the helper draws it while this process goes on."""
        process = self._process
        if process is None or self._thread is not None:
            raise RuntimeError("the helper process has no picture to draw")
        header, columns = _encode(picture)

        def exchange() -> None:
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(header)
                for column in columns:
                    process.stdin.write(column)
                process.stdin.close()
                self._output = process.stdout.read()
            except (OSError, ValueError):  # the helper died (broken pipe) or was stopped
                self._output = None
            process.wait()

        # A thread writes (the columns do not fit in the pipe while the helper
        # still imports) and reads the answer.
        self._thread = threading.Thread(target=exchange, name="modelcard-plot", daemon=True)
        self._thread.start()

    def png(self, timeout: float = 120.0) -> bytes | None:
        """The drawn PNG, or None when the helper failed (draw it here instead)."""
        if self._thread is None or self._process is None:
            return None
        self._thread.join(timeout)
        if self._thread.is_alive():
            self.close()
            return None
        output = self._output
        if self._process.returncode != 0 or not output or not output.startswith(PNG_SIGNATURE):
            return None
        return output

    def close(self) -> None:
        """Stop the helper if it is still running and reap it."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        if self._thread is not None:
            self._thread.join()
        else:
            process.communicate()  # closes stdin, reads to the end and waits
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


def _encode(picture: dict[str, Any]) -> tuple[bytes, list[memoryview]]:
    """A JSON line describing the picture, and the columns' bytes to follow it."""
    panels = []
    columns = []
    for panel in picture["panels"]:
        shapes = []
        for label, xs, ys in panel["curves"]:
            xs, ys = _doubles(xs), _doubles(ys)
            shapes.append([label, len(xs), len(ys)])
            columns += [memoryview(xs).cast("B"), memoryview(ys).cast("B")]
        panels.append({"title": panel["title"], "curves": shapes})
    return json.dumps({"x": picture["x"], "panels": panels}).encode() + b"\n", columns


def _doubles(values: Any) -> array:
    return values if isinstance(values, array) and values.typecode == "d" else array("d", values)


def _decode(stream: BinaryIO) -> dict[str, Any] | None:
    """What :func:`_encode` wrote, or None when the stream is empty."""
    line = stream.readline()
    if not line:
        return None
    picture = json.loads(line)
    for panel in picture["panels"]:
        curves = []
        for label, x_count, y_count in panel["curves"]:
            columns = []
            for count in (x_count, y_count):
                column = array("d")
                column.frombytes(stream.read(8 * count))
                if len(column) != count:
                    raise EOFError("the picture ends early")
                columns.append(column)
            curves.append([label, *columns])
        panel["curves"] = curves
    return picture


def main() -> int:
    """The helper: import matplotlib, read a picture from stdin, write its PNG to stdout and exit."""
    from modelcard.generate.plot import MAX_POINTS, draw

    # The slow part, before the picture arrives: import matplotlib and numpy and
    # draw once (fonts, text layout and the PNG writer load on a first drawing).
    steps = array("d", range(4 * MAX_POINTS))  # long enough to be thinned
    draw({"x": "step", "panels": [{"title": "loss", "curves": [["loss", steps, steps]]}]})
    picture = _decode(sys.stdin.buffer)
    if picture is None:  # the parent no longer needs a picture
        return 0
    sys.stdout.buffer.write(draw(picture))
    sys.stdout.buffer.flush()
    os._exit(0)  # all said: skip the slow teardown of matplotlib's modules
