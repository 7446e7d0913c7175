"""What a rule is and what it yields.

A rule module under ``modelcard/checks/rules/`` defines ``RULE = Rule(...)``
(what rules share sits in the package's private ``_*`` modules). The engine
adds the code, name, severity and path to each :class:`Finding`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from modelcard.diagnostics import Fix, Location, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

__all__ = ["Finding", "Rule", "Fix", "Location", "Severity"]


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule.

    Attributes:
        message: short, the value in backticks, no trailing period.
        location: 1-based line/column over the whole file.
        end: where the offending text ends, when known.
        fix: a safe change (edits are offsets into ``card.text``).
        path: the file the finding is about when it is not the card itself
            (an ``.eval_results/*.yaml`` file beside it); such findings have no fix.
    """

    message: str
    location: Location
    end: Location | None = None
    fix: Fix | None = None
    path: str | None = None


@dataclass(frozen=True)
class Rule:
    """A lint rule: a stable code, a kebab-case name, its documentation and its check.

    ``check`` is ``None`` for rules the engine reports itself: a card loader
    error (``CardError.code_name`` is the rule's name), a file too large, a
    failing rule, a suppression comment.
    ``doc`` is markdown with the sections ``## What it does``,
    ``## Why is this bad?``, ``## Example``, ``## Use instead`` and,
    when the rule has options, ``## Options``.
    ``profile`` names the lint profile that turns a default-off rule on
    (``strict`` leaves such a rule off).
    ``suppressible``: whether suppression comments can hide the rule's findings.
    ``always_on``: the rule runs whatever the selection says.
    ``no_metadata``: the rule reports a card without metadata (no front-matter,
    or an empty one).
    ``missing_key``: the top-level metadata key whose absence the rule reports
    (its findings ask for a key to be added, not for a value to be corrected).
    """

    code: str
    name: str
    summary: str
    doc: str
    check: Callable[[CheckContext], Iterable[Finding]] | None
    severity: Severity = Severity.ERROR
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    fixable: bool = False
    default_enabled: bool = True
    profile: str | None = None
    suppressible: bool = True
    always_on: bool = False
    no_metadata: bool = False
    missing_key: str | None = None
