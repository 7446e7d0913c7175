"""Every rule, discovered from the modules of ``modelcard.checks.rules``.

Each public module defines one ``RULE``; there is no table to edit. Codes
and names must be unique: a clash is a bug and fails loudly.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re

from modelcard.checks.rule import Rule

_CODE = re.compile(r"^MC\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RegistryError(Exception):
    """Two rules share a code or a name, or a rule is malformed (a bug, not a user error)."""


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    from modelcard.checks import rules as package

    found: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if not hasattr(module, "RULE"):
            raise RegistryError(f"module {module.__name__} defines no RULE")
        found.append(module.RULE)
    return _checked(found)


def _checked(found: list[Rule]) -> tuple[Rule, ...]:
    codes: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in found:
        if not isinstance(rule, Rule):
            raise RegistryError(f"not a Rule: {rule!r}")
        if not _CODE.match(rule.code) or not _NAME.match(rule.name):
            raise RegistryError(f"malformed rule code or name: {rule.code} {rule.name}")
        if rule.code in codes:
            raise RegistryError(f"duplicate rule code {rule.code}: {codes[rule.code].name}, {rule.name}")
        if rule.name in names:
            raise RegistryError(f"duplicate rule name {rule.name}: {names[rule.name].code}, {rule.code}")
        codes[rule.code] = names[rule.name] = rule
    return tuple(sorted(found, key=lambda r: r.code))


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, Rule]:
    index: dict[str, Rule] = {}
    for rule in all_rules():
        index[rule.code] = rule
        index[rule.name] = rule
    return index


def get(code_or_name: str) -> Rule | None:
    """The rule with this code (``MC101``, any case) or name (``unknown-license``)."""
    key = code_or_name.strip()
    return _index().get(key.upper() if key[:2].lower() == "mc" else key.lower())


def select(selector: str) -> tuple[Rule, ...]:
    """The rules a selector names: a code, a name, a code prefix (``MC2``) or ``ALL``.

    Returns an empty tuple when nothing matches.
    """
    key = selector.strip()
    if key.upper() == "ALL":
        return all_rules()
    rule = get(key)
    if rule is not None:
        return (rule,)
    prefix = key.upper()
    if re.fullmatch(r"MC\d{0,2}", prefix):
        return tuple(r for r in all_rules() if r.code.startswith(prefix))
    return ()


def suggest(selector: str) -> str | None:
    """The closest known code or name, to help with a typo."""
    import difflib

    matches = difflib.get_close_matches(selector, list(_index()), n=1, cutoff=0.6)
    return matches[0] if matches else None
