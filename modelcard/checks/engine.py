"""The lint engine: a card in, diagnostics out.

A loading problem becomes a diagnostic of the rule it names, every enabled
rule runs on a shared :class:`~modelcard.checks.context.CheckContext`,
suppressions filter the result, and a rule that crashes becomes an
internal-error diagnostic instead of stopping the run.
"""

from __future__ import annotations

import functools
import operator
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.card.decode import read_regular
from modelcard.checks import registry, suppressions
from modelcard.checks.config import ActiveRule, Config, RuleSet
from modelcard.checks.context import BodyTooComplex, CheckContext
from modelcard.checks.rule import Finding, Rule
from modelcard.checks.rules import (
    body_too_complex,
    file_too_large,
    internal_error,
    invalid_suppression,
    unreadable_file,
    unused_suppression,
)
from modelcard.diagnostics import Diagnostic, Location, Severity
from modelcard.errors import CardError
from modelcard.secrets import redact

if TYPE_CHECKING:
    from modelcard.card import Card

INTERNAL = internal_error.RULE.code
UNREADABLE = unreadable_file.RULE.code
#: The order of one file's diagnostics.
_POSITION = operator.attrgetter("location.line", "location.column", "code")


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one file: its diagnostics and the card, when it loaded."""

    diagnostics: list[Diagnostic]
    card: Card | None


# -- public API -------------------------------------------------------------------


def lint(
    source: Card | os.PathLike[str] | str | bytes | Any, *, config: Config | None = None, path: str | None = None
) -> list[Diagnostic]:
    """Lint a card.

    Args:
        source: what to lint, told by its type: a path (:class:`pathlib.Path` or
            any ``os.PathLike``) is read from the file; a ``str`` is the text of a
            card and ``bytes`` its encoded text; a :class:`~modelcard.card.Card`
            or a ``huggingface_hub.ModelCard``. A file name in a ``str`` is text
            too: pass ``Path(name)`` to read the file.
        config: the configuration (default: found upward from the file or the
            current folder).
        path: the name to report for text, bytes or a ``ModelCard`` (default ``"-"``).

    Returns:
        The diagnostics, sorted by position.

    Raises:
        TypeError: ``source`` is none of these.

    Example:
        >>> from pathlib import Path
        >>> from modelcard.checks import lint
        >>> for d in lint(Path("README.md")):
        ...     print(f"{d.path}:{d.location.line}:{d.location.column}: {d.code} {d.message}")
    """
    from modelcard.card import Card

    if isinstance(source, Card):
        return lint_card(source, config=config)
    if isinstance(source, os.PathLike):
        file = Path(source)
        config = config if config is not None else _default_config(file)
        return check_file(file, display=path or os.fspath(source), config=config).diagnostics
    if isinstance(source, (str, bytes)):
        data = source.encode("utf-8") if isinstance(source, str) else source
        config = config if config is not None else _default_config(None)
        return check_bytes(data, display=path or "-", file=None, config=config).diagnostics
    from modelcard.card.hub_card import is_hub_card

    if not is_hub_card(source):
        raise TypeError(f"cannot lint a {type(source).__name__}: pass a Path, the text, the bytes or a Card")
    try:
        card = Card.from_hub_card(source, path=path)
    except CardError as e:
        config = config if config is not None else _default_config(None)
        return _card_error(config.rules_for(None), e, path or "-")
    return lint_card(card, config=config)


def lint_card(card: Card, *, config: Config | None = None) -> list[Diagnostic]:
    """Lint an already loaded :class:`~modelcard.card.Card`."""
    file = Path(card.path) if card.path else None
    config = config if config is not None else _default_config(file)
    return check_card(card, display=card.path or "-", file=file, rules=config.rules_for(file))


def _default_config(file: Path | None) -> Config:
    from modelcard.checks.config import load_config

    return load_config(file.parent if file is not None else None)


# -- files and bytes ----------------------------------------------------------------


def max_bytes(rules: RuleSet) -> int | None:
    """The size limit of file-too-large (``None`` when the rule is off)."""
    active = rules.by_code.get(file_too_large.RULE.code)
    return int(active.options["max-bytes"]) if active else None


def check_file(file: Path, *, display: str, config: Config) -> Checked:
    """Read a file (never more than the size limit) and check it."""
    rules = config.rules_for(file)
    data, problem = read_bounded(file, max_bytes(rules))
    if problem is not None:
        return Checked([problem_diagnostic(rules, problem, display)], None)
    assert data is not None
    return check_bytes(data, display=display, file=file, config=config, rules=rules)


def read_bounded(file: Path, limit: int | None) -> tuple[bytes | None, tuple[str, str] | None]:
    """The file's bytes, or ``(code, message)`` when it cannot be read or is too large (see `read_regular`)."""
    try:
        data = read_regular(file, limit)
    except IsADirectoryError:
        return None, (UNREADABLE, "cannot read the file: it is a folder")
    except OSError as e:
        return None, (UNREADABLE, f"cannot read the file: {e.strerror or e}")
    if limit is not None and len(data) > limit:
        try:
            size = max(os.path.getsize(file), len(data))
        except OSError:
            size = len(data)
        return None, (file_too_large.RULE.code, f"file is {size:,} bytes, more than the limit of {limit:,}; it was not linted")
    return data, None


def problem_diagnostic(rules: RuleSet, problem: tuple[str, str], display: str) -> Diagnostic:
    code, message = problem
    return _diagnostic(_active(rules, code), Finding(message, Location(1, 1)), display)


def check_bytes(
    data: bytes,
    *,
    display: str,
    file: Path | None,
    config: Config,
    rules: RuleSet | None = None,
    beside: bool | None = None,
    looked_up: dict[str, bool] | None = None,
) -> Checked:
    """Load and check the bytes of a card (``beside``, ``looked_up``: see `check_card`)."""
    from modelcard.card import Card

    rules = rules if rules is not None else config.rules_for(file)
    limit = max_bytes(rules)
    if limit is not None and len(data) > limit:
        message = f"file is {len(data):,} bytes, more than the limit of {limit:,}; it was not linted"
        return Checked([problem_diagnostic(rules, (file_too_large.RULE.code, message), display)], None)
    try:
        card = Card.from_bytes(data, path=display)
    except CardError as e:
        return Checked(_card_error(rules, e, display), None)
    except Exception as e:  # noqa: BLE001 - a loader bug must not stop the run
        return Checked([internal_error(rules, "the card loader", e, display)], None)
    return Checked(check_card(card, display=display, file=file, rules=rules, beside=beside, looked_up=looked_up), card)


def _card_error(rules: RuleSet, error: CardError, display: str) -> list[Diagnostic]:
    rule = registry.get(error.code_name)
    code = rule.code if rule is not None and rule.check is None else UNREADABLE
    if not rules.enabled(code):
        return []
    message = error.message.rstrip(".")
    return [_diagnostic(rules.by_code[code], Finding(message, Location(error.line, error.column)), display)]


# -- one card -----------------------------------------------------------------------


def check_card(
    card: Card,
    *,
    display: str,
    file: Path | None,
    rules: RuleSet,
    beside: bool | None = None,
    looked_up: dict[str, bool] | None = None,
) -> list[Diagnostic]:
    """Run every enabled rule on a loaded card and apply its suppressions.

    ``beside``: whether the card's folder holds ``.eval_results/``, when the
    caller already knows (a folder walk); ``None``: the rules look.
    ``looked_up``: filled with the paths beside the card whose existence the
    rules asked (relative to its folder) and the answers.
    """
    too_complex = rules.by_code.get(body_too_complex.RULE.code)
    limit = int(too_complex.options["max-markup"]) if too_complex else None
    ctx = CheckContext(card, path=file, markup_limit=limit, files_beside=beside, looked_up=looked_up)
    found: list[Diagnostic] = []
    crashed = _run_rules(ctx, rules, display, found)
    if ctx.too_complex is not None and too_complex is not None:
        message = (
            f"the body has {ctx.too_complex.count:,} line breaks and markup characters, more than the limit "
            f"of {ctx.too_complex.limit:,}; the rules that read the markdown were skipped"
        )
        found.append(_diagnostic(too_complex, Finding(message, Location(card.body_start_line, 1)), display))
    found = _suppress(card, ctx, rules, found, display, crashed)
    found.sort(key=_POSITION)
    if ctx.read_files_beside:  # the findings in files beside the card follow the card's own
        beside = sorted((d for d in found if d.path != display), key=operator.attrgetter("path", "location.line", "location.column", "code"))
        if beside:
            found = [d for d in found if d.path == display] + beside
    return found


def _run_rules(ctx: CheckContext, rules: RuleSet, display: str, found: list[Diagnostic]) -> set[str]:
    """Append each rule's findings to ``found``; return the codes of the rules that crashed."""
    crashed: set[str] = set()
    for active in rules.rules:
        check = active.rule.check
        if check is None:
            continue
        # One context serves every rule in turn (each runs to completion): only the options change.
        ctx.options = active.options
        try:
            for finding in check(ctx):
                if not isinstance(finding, Finding):
                    raise TypeError(f"rule yielded {type(finding).__name__}, not Finding")
                found.append(_diagnostic(active, finding, display))
        except BodyTooComplex:
            continue  # reported once by check_card
        except Exception as e:  # noqa: BLE001 - one failing rule must not stop the others
            crashed.add(active.rule.code)
            found.append(internal_error(rules, f"rule `{active.rule.code}` ({active.rule.name})", e, display))
    return crashed


def _suppress(
    card: Card, ctx: CheckContext, rules: RuleSet, found: list[Diagnostic], display: str, crashed: set[str]
) -> list[Diagnostic]:
    """Drop suppressed diagnostics; report unused and invalid directives.

    A suppression of a rule that did not run, or that crashed, is never "unused".
    """
    sup = suppressions.parse(
        card.text,
        body_start=card.body_start_offset,
        line_of=ctx.location_at,
        code_spans=lambda: _code_spans(card, ctx),
    )
    if not sup.directives and not sup.problems:
        return found
    kept = []
    for d in found:
        # The card's directives suppress findings in the card, not in the files beside it.
        other_file = d.path != display
        directive = None if d.code in _unsuppressible() or other_file else sup.suppressing(d.code, d.location.line)
        if directive is None:
            kept.append(d)
        else:
            directive.used.add(d.code)
    active = rules.by_code.get(invalid_suppression.RULE.code)
    if active is not None:
        for p in sup.problems:
            kept.append(_diagnostic(active, Finding(p.message, ctx.location_at(p.offset), ctx.location_at(p.end)), display))
    active = rules.by_code.get(unused_suppression.RULE.code)
    if active is not None:
        for directive, unused in sup.unused(lambda code: rules.enabled(code) and code not in crashed):
            if not unused and crashed:
                continue
            what = ", ".join(f"`{c}`" for c in unused) if unused else "every rule"
            offset = directive.spans[directive.codes.index(unused[0])][0] if unused else directive.start
            fix = suppressions.removal_fix(card.text, directive, unused)
            kept.append(_diagnostic(active, Finding(f"unused suppression of {what}", ctx.location_at(offset), fix=fix), display))
    return kept


@functools.lru_cache(maxsize=1)
def _unsuppressible() -> frozenset[str]:
    """The codes reported whatever the suppressions say."""
    return frozenset(rule.code for rule in registry.all_rules() if not rule.suppressible)


def _code_spans(card: Card, ctx: CheckContext) -> list[tuple[int, int]]:
    """Offsets of fenced and indented code blocks in the body."""
    spans: list[tuple[int, int]] = []
    try:
        blocks = ctx.outline
    except BodyTooComplex:
        return spans
    base = card.body_start_offset
    for block in blocks:
        if block.kind == "code":  # whole lines, from the first to the end of the last
            first = ctx.location_at(base + block.start).line
            after = ctx.location_at(base + max(block.end - 1, block.start)).line + 1
            start = ctx.offset_of(Location(first))
            end = ctx.offset_of(Location(after)) if after - card.body_start_line < len(ctx.body_lines) else len(card.text)
            spans.append((start, end))
    return spans


# -- diagnostics --------------------------------------------------------------------


def _active(rules: RuleSet, code: str) -> ActiveRule:
    """The active rule for ``code``; a disabled rule still reports at its own severity."""
    active = rules.by_code.get(code)
    if active is not None:
        return active
    rule = registry.get(code)
    assert rule is not None, code
    return ActiveRule(rule, rule.severity, rule.options)


def _diagnostic(active: ActiveRule, finding: Finding, display: str) -> Diagnostic:
    rule: Rule = active.rule
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=active.severity,
        message=finding.message,
        location=finding.location,
        path=finding.path or display,
        end=finding.end,
        fix=finding.fix if finding.path is None else None,
    )


def internal_error(rules: RuleSet, what: str, error: BaseException, display: str) -> Diagnostic:
    message = redact(f"{what} failed: {type(error).__name__}: {error}".rstrip(": ").splitlines()[0])
    active = _active(rules, INTERNAL)
    return Diagnostic(INTERNAL, active.rule.name, Severity.ERROR, message, Location(1, 1), display)
