"""Map failures to one line on stderr and an exit code; never a traceback."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from modelcard.errors import ModelcardError
from modelcard.secrets import redact


@dataclass
class ExitStatus:
    code: int = 0


@contextlib.contextmanager
def error_handler() -> Iterator[ExitStatus]:
    """Run a command; expected errors exit with their ``exit_code`` (1, usage 2), Ctrl-C 130, bugs 2.

    Messages pass through :func:`modelcard.secrets.redact`, so a token that
    slipped into an exception never reaches the terminal.
    """
    status = ExitStatus()
    try:
        yield status
    except ModelcardError as e:
        print(f"modelcard: error: {redact(str(e))}", file=sys.stderr)
        status.code = e.exit_code
    except KeyboardInterrupt:
        print("modelcard: interrupted", file=sys.stderr)
        status.code = 130
    except SystemExit as e:  # argparse
        status.code = e.code if isinstance(e.code, int) else 2
    except BrokenPipeError:
        # stdout closed early (e.g. `| head`): not an error worth a message.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        status.code = 1
    except Exception as e:  # noqa: BLE001 - the one place that catches everything
        print(
            f"modelcard: an unexpected error has occurred: {type(e).__name__}: {redact(str(e))}",
            file=sys.stderr,
        )
        if os.environ.get("MODELCARD_DEBUG"):
            print(redact("".join(traceback.format_exception(e))), file=sys.stderr)
        else:
            print("modelcard: set MODELCARD_DEBUG=1 to see the traceback", file=sys.stderr)
        status.code = 2
