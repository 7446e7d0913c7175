"""GitHub Actions workflow commands: each finding becomes an annotation on the file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from modelcard.diagnostics import Severity

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    props = [f"file={_property(d.path)}", f"line={d.location.line}", f"col={d.location.column}"]
    if d.end is not None:
        props += [f"endLine={d.end.line}", f"endColumn={d.end.column}"]
    props.append(f"title={_property(d.code)}")
    return f"::{LEVELS[d.severity]} {','.join(props)}::{_data(d.message)}"


def render(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = ()) -> str:
    return "".join(command(d) + "\n" for d in diagnostics)
