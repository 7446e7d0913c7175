"""``[tool.modelcard]``: which rules run, how severe they are, with which options.

The configuration is read from the nearest ``pyproject.toml`` with a
``[tool.modelcard]`` table, found upward from the linted path (or from the
current folder), or from a file given with ``--config``. Command-line flags
form a second layer on top of it. Unknown keys are collected as warnings;
invalid values raise :class:`~modelcard.errors.UsageError`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from modelcard.checks import globs, registry
from modelcard.checks.rule import Rule
from modelcard.diagnostics import Severity
from modelcard.errors import UsageError

#: Folders never searched when a folder is linted (explicit files are always linted).
DEFAULT_EXCLUDE = (".*", "node_modules", "__pycache__", "venv", "site-packages", "build", "dist")

KNOWN_KEYS = frozenset(
    {
        "select",
        "extend-select",
        "ignore",
        "per-file-ignores",
        "severity",
        "rules",
        "strict",
        "exclude",
        "include",
        "fail-on",
        "profile",
        "cache-dir",
    }
)

_SEVERITIES = {s.value: s for s in Severity}


@dataclass(frozen=True)
class Layer:
    """One source of rule selection: the configuration file, then the flags."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActiveRule:
    """A rule as it runs on one file: its effective severity and options."""

    rule: Rule
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True)
class RuleSet:
    """The rules enabled for one file."""

    rules: tuple[ActiveRule, ...]
    by_code: Mapping[str, ActiveRule]

    def enabled(self, code: str) -> bool:
        return code in self.by_code


@dataclass(frozen=True)
class Config:
    """The resolved linter configuration.

    Attributes:
        layers: rule selections, applied in order (file, then command line).
        per_file_ignores: ``(glob, selectors)`` pairs.
        severity: ``(selector, severity)`` overrides; the most specific wins.
        rule_options: options by rule code, as configured (merged over defaults later).
        strict: turn warnings into errors, and run rules that are off by default.
        exclude: globs skipped when searching folders (added to ``DEFAULT_EXCLUDE``).
        include: globs of the files linted in a folder; ``None`` means ``README.md``
            files and ``*.md`` files that start with front-matter.
        fail_on: the lowest severity that makes the run fail.
        root: the folder relative globs are resolved from (the config file's folder).
        source: the configuration file, if any.
        cache_dir: the result cache's folder (``cache-dir``, relative to ``root``), if set.
        warnings: problems worth telling the user (unknown keys).
    """

    layers: tuple[Layer, ...] = (Layer(),)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    strict: bool = False
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] | None = None
    fail_on: Severity = Severity.INFO
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    cache_dir: Path | None = None
    warnings: tuple[str, ...] = ()
    _cache: dict[tuple[str, ...], RuleSet] = field(default_factory=dict, init=False, compare=False, repr=False)
    _folders: dict[tuple[str, str], str | None] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_cache": {}, "_folders": {}}

    def with_overrides(
        self,
        *,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        strict: bool | None = None,
        fail_on: str | None = None,
        profile: str | None = None,
    ) -> Config:
        """A copy with the command line's settings layered on top (``profile``: its rules are added)."""
        from modelcard.checks.profiles import profile_selectors

        layer = Layer(
            select=_selectors(select, "--select") if select is not None else None,
            extend_select=_selectors(extend_select, "--extend-select")
            + (profile_selectors(profile, "--profile: ") if profile is not None else ()),
            ignore=_selectors(ignore, "--ignore"),
        )
        changes: dict[str, Any] = {"layers": (*self.layers, layer)}
        if strict is not None:
            changes["strict"] = strict
        if fail_on is not None:
            changes["fail_on"] = _severity(fail_on, "--fail-on")
        return replace(self, **changes)

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root (posix), or as given when outside it.

        Symbolic links are resolved first. Each folder is resolved once: a file that
        is not a link is where its folder is.
        """
        folder, name = os.path.split(path)
        if name in ("", ".", "..") or os.path.islink(path):
            return self._relative(Path(path))
        key = (folder if os.path.isabs(folder) else os.getcwd(), folder)
        if key not in self._folders:
            self._folders[key] = self._inside(Path(folder or "."))
        inside = self._folders[key]
        if inside is None:
            return Path(path).as_posix()
        return name if inside == "." else f"{inside}/{name}"

    def _relative(self, path: Path) -> str:
        inside = self._inside(path)
        return inside if inside is not None else path.as_posix()

    def _inside(self, path: Path) -> str | None:
        """``path`` relative to the project root (posix), or ``None`` when outside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def rules_for(self, path: Path | str | None = None) -> RuleSet:
        """The rules enabled for a file, after ``per-file-ignores``."""
        ignored: tuple[str, ...] = ()
        if path is not None and self.per_file_ignores:
            rel = self.relative(Path(path))
            ignored = tuple(s for pattern, sels in self.per_file_ignores if globs.matches_posix(pattern, rel) for s in sels)
        ruleset = self._cache.get(ignored)
        if ruleset is None:
            ruleset = self._cache[ignored] = _resolve(self, ignored)
        return ruleset

    def fails(self, severity: Severity) -> bool:
        """Whether a finding of this severity makes the run fail."""
        order = [Severity.INFO, Severity.WARNING, Severity.ERROR]
        return order.index(severity) >= order.index(self.fail_on)



# -- resolution -------------------------------------------------------------------


def _specificity(selector: str) -> int:
    if selector.upper() == "ALL":
        return 0
    rule = registry.get(selector)
    return 100 if rule is not None else len(selector)


def _most_specific(code: str, selectors: Iterable[str]) -> int:
    best = -1
    for sel in selectors:
        if any(r.code == code for r in registry.select(sel)):
            best = max(best, _specificity(sel))
    return best


def _resolve(config: Config, per_file: tuple[str, ...]) -> RuleSet:
    all_rules = registry.all_rules()
    enabled = {r.code for r in all_rules if r.default_enabled or (config.strict and r.profile is None)}
    for layer in config.layers:
        if layer.select is not None:
            enabled = set()
        for rule in all_rules:
            on = _most_specific(rule.code, (*(layer.select or ()), *layer.extend_select))
            off = _most_specific(rule.code, layer.ignore)
            if on > off:
                enabled.add(rule.code)
            elif off >= 0:
                enabled.discard(rule.code)
    for sel in per_file:
        for rule in registry.select(sel):
            enabled.discard(rule.code)
    enabled |= {r.code for r in all_rules if r.always_on}
    active = []
    for rule in all_rules:
        if rule.code not in enabled:
            continue
        severity = rule.severity
        if config.strict and severity is Severity.WARNING:
            severity = Severity.ERROR
        best = -1
        for sel, sev in config.severity:
            spec = _specificity(sel)
            if spec >= best and any(r.code == rule.code for r in registry.select(sel)):
                best, severity = spec, sev
        options = {**rule.options, **config.rule_options.get(rule.code, {})}
        active.append(ActiveRule(rule, severity, options))
    rules = tuple(active)
    return RuleSet(rules, {a.rule.code: a for a in rules})


# -- reading ----------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.modelcard]`` table, upward from ``start``."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = _read_toml(pyproject)
            except UsageError:
                return pyproject  # let the loader report it
            if "modelcard" in data.get("tool", {}):
                return pyproject
    return None


def load_config(start_dir: Path | str | None = None, *, config_file: Path | str | None = None) -> Config:
    """Find and read the configuration for a lint run.

    Args:
        start_dir: where to start searching upward (default: the current folder).
        config_file: an explicit file: a ``pyproject.toml`` (its ``[tool.modelcard]``)
            or any other TOML file holding the same keys at top level.

    Raises:
        UsageError: the file is not valid TOML or a value is invalid.
    """
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise UsageError(f"config file not found: `{path}`")
    else:
        path = find_config(Path(start_dir) if start_dir is not None else Path.cwd())
        if path is None:
            return Config(root=Path(start_dir).resolve() if start_dir and Path(start_dir).is_dir() else Path.cwd())
    data = _read_toml(path)
    table = data.get("tool", {}).get("modelcard", {}) if path.name == "pyproject.toml" else data
    return config_from_mapping(table, root=path.resolve().parent, source=path)


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise UsageError(f"cannot read `{path}`: {e}") from None


def config_from_mapping(table: Mapping[str, Any], *, root: Path, source: Path | None = None) -> Config:
    """Build a :class:`Config` from a ``[tool.modelcard]`` mapping."""
    where = f"{source}: " if source else ""
    if not isinstance(table, Mapping):
        raise UsageError(f"{where}`tool.modelcard` must be a table")
    warnings = [f"{where}unknown key `{k}` in [tool.modelcard]{_hint(k, KNOWN_KEYS)}" for k in table if k not in KNOWN_KEYS]
    select = table.get("select")
    profile: tuple[str, ...] = ()
    if "profile" in table:
        from modelcard.checks.profiles import profile_selectors

        profile = profile_selectors(table["profile"], f"{where}`profile`: ")
    layer = Layer(
        select=_selectors(select, "select", where) if select is not None else None,
        extend_select=_selectors(table.get("extend-select", ()), "extend-select", where) + profile,
        ignore=_selectors(table.get("ignore", ()), "ignore", where),
    )
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, Mapping):
        raise UsageError(f"{where}`per-file-ignores` must be a table of glob = [codes]")
    per_file = tuple((str(g), _selectors(codes, f"per-file-ignores.{g}", where)) for g, codes in pfi.items())
    globs.check(tuple(g for g, _ in per_file), "per-file-ignores", where)
    sev = table.get("severity", {})
    if not isinstance(sev, Mapping):
        raise UsageError(f"{where}`severity` must be a table of code = \"error\" | \"warning\" | \"info\"")
    severity = tuple((_selectors([s], "severity", where)[0], _severity(v, f"{where}severity.{s}")) for s, v in sev.items())
    rule_options, option_warnings = _rule_options(table.get("rules", {}), where)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError(f"{where}`strict` must be true or false")
    include = table.get("include")
    cache_dir = table.get("cache-dir")
    if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir.strip()):
        raise UsageError(f"{where}`cache-dir` must be a folder name")
    return Config(
        layers=(layer,),
        per_file_ignores=per_file,
        severity=severity,
        rule_options=rule_options,
        strict=strict,
        exclude=globs.check(_strings(table.get("exclude", ()), "exclude", where), "exclude", where),
        include=globs.check(_strings(include, "include", where), "include", where) if include is not None else None,
        fail_on=_severity(table.get("fail-on", "info"), f"{where}fail-on"),
        root=root,
        source=source,
        cache_dir=root / Path(cache_dir).expanduser() if cache_dir is not None else None,
        warnings=tuple(warnings + option_warnings),
    )


def _rule_options(table: Any, where: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
    if not isinstance(table, Mapping):
        raise UsageError(f"{where}`rules` must be a table of [tool.modelcard.rules.<name>] tables")
    options: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for key, values in table.items():
        rule = registry.get(str(key))
        if rule is None:
            warnings.append(f"{where}unknown rule `{key}` in [tool.modelcard.rules]{_hint(str(key), None)}")
            continue
        if not isinstance(values, Mapping):
            raise UsageError(f"{where}`rules.{key}` must be a table of options")
        merged = options.setdefault(rule.code, {})
        for name, value in values.items():
            if name not in rule.options:
                known = ", ".join(f"`{k}`" for k in rule.options) or "none"
                warnings.append(f"{where}unknown option `{name}` for rule `{rule.name}` (options: {known})")
                continue
            _check_type(rule, name, value, where)
            merged[name] = value
    return options, warnings


def _check_type(rule: Rule, name: str, value: Any, where: str) -> None:
    default = rule.options[name]
    if default is None:
        return
    expected: tuple[type, ...] = (type(default),)
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        expected = (int, float)
        ok = isinstance(value, expected) and not isinstance(value, bool)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, (list, tuple))
    else:
        ok = isinstance(value, expected)
    if not ok:
        raise UsageError(
            f"{where}option `{name}` of rule `{rule.name}` must be {type(default).__name__}, got `{value!r}`"
        )


def _strings(value: Any, key: str, where: str = "") -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}`{key}` must be a list of strings")
    return tuple(value)


def _selectors(value: Any, key: str, where: str = "") -> tuple[str, ...]:
    """Validate rule selectors (codes, names, prefixes, ``ALL``); commas split on the command line."""
    items = [part.strip() for v in _strings(value, key, where) for part in v.split(",") if part.strip()]
    for item in items:
        if not registry.select(item):
            raise UsageError(f"{where}unknown rule selector `{item}` in `{key}`{_hint(item, None)}")
    return tuple(items)


def _severity(value: Any, key: str) -> Severity:
    if not isinstance(value, str) or value.lower() not in _SEVERITIES:
        raise UsageError(f"`{key}` must be one of \"error\", \"warning\", \"info\", got `{value!r}`")
    return _SEVERITIES[value.lower()]


def _hint(word: str, choices: Iterable[str] | None) -> str:
    if choices is None:
        guess = registry.suggest(word)
    else:
        import difflib

        close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
        guess = close[0] if close else None
    return f"; did you mean `{guess}`?" if guess else ""
