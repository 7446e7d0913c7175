"""Expected, user-facing failures.

Library code raises these; the CLI turns them into one line on stderr and
exits with the error's ``exit_code``. Anything else escaping to the CLI is a bug.
"""

from __future__ import annotations


class ModelcardError(Exception):
    """An expected failure with a message fit for the user.

    Attributes:
        exit_code: the CLI's exit status for it (1; usage errors 2).
    """

    exit_code = 1


class UsageError(ModelcardError):
    """Bad arguments or configuration (exit code 2)."""

    exit_code = 2


class CommandError(ModelcardError):
    """A command to run that cannot be started: exit 127 when not found, 126 otherwise, as shells do."""

    def __init__(self, message: str, *, found: bool) -> None:
        super().__init__(message)
        self.exit_code = 126 if found else 127


class CardError(ModelcardError):
    """A card that cannot be read or understood.

    Attributes:
        code_name: kebab-case name of the lint rule that reports this problem.
        path: the file, when known.
        line, column: 1-based position over the whole file.
    """

    def __init__(
        self,
        message: str,
        *,
        code_name: str,
        path: str | None = None,
        line: int = 1,
        column: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code_name = code_name
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.path else f"line {self.line}, column {self.column}"
        return f"{where}: {self.message}"


class SourceError(ModelcardError):
    """A training-log file that cannot be read, with the file named."""


class TemplateError(ModelcardError):
    """A template that fails to render (missing variable, syntax error)."""


class HubError(ModelcardError):
    """A Hub operation that failed for a reason the user can act on."""


class MissingDependencyError(ModelcardError):
    """An optional dependency is not installed; the message names the extra."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"`{package}` is not installed; install it with `pip install 'modelcard[{extra}]'`"
        )
