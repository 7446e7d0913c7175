"""The rule registry: discovery, lookup, selectors, guards."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from modelcard.checks import registry, rules
from modelcard.checks.registry import RegistryError, _checked
from modelcard.checks.rule import Rule


def _rule(code: str, name: str) -> Rule:
    return Rule(code, name, "s", "d", None)


def test_discovery_finds_the_engine_rules_sorted_by_code() -> None:
    codes = [r.code for r in registry.all_rules()]
    assert codes == sorted(codes)
    assert {f"MC0{n:02d}" for n in range(1, 13)} | {"MC900", "MC901", "MC902"} <= set(codes)


def test_each_rule_has_its_own_module_named_after_it() -> None:
    modules = [m.name for m in pkgutil.iter_modules(rules.__path__) if not m.name.startswith("_")]
    names = [importlib.import_module(f"{rules.__name__}.{m}").RULE.name for m in modules]
    assert [name.replace("-", "_") for name in names] == modules
    assert sorted(names) == sorted(r.name for r in registry.all_rules())


def test_lookup_by_code_any_case_or_name() -> None:
    assert registry.get("MC010") is registry.get("mc010") is registry.get("yaml11-boolean")
    assert registry.get("MC9999") is None and registry.get("") is None


def test_selectors() -> None:
    assert [r.code for r in registry.select("MC00")] == [f"MC00{n}" for n in range(1, 10)]
    assert registry.select("ALL") == registry.all_rules()
    assert registry.select("unused-suppression") == (registry.get("MC901"),)
    assert registry.select("MC9999") == () and registry.select("XY1") == ()


def test_duplicates_and_malformed_rules_fail_loudly() -> None:
    with pytest.raises(RegistryError, match="duplicate rule code MC990"):
        _checked([_rule("MC990", "a-rule"), _rule("MC990", "b-rule")])
    with pytest.raises(RegistryError, match="duplicate rule name a-rule"):
        _checked([_rule("MC990", "a-rule"), _rule("MC991", "a-rule")])
    with pytest.raises(RegistryError, match="malformed"):
        _checked([_rule("X1", "a-rule")])
    with pytest.raises(RegistryError, match="malformed"):
        _checked([_rule("MC990", "Not_Kebab")])
    with pytest.raises(RegistryError, match="not a Rule"):
        _checked(["MC990"])  # type: ignore[list-item]


def test_suggestions() -> None:
    assert registry.suggest("MC9011") == "MC901"
    assert registry.suggest("unused-supression") == "unused-suppression"
    assert registry.suggest("zzzzzzzz") is None
