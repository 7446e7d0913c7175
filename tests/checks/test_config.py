"""``[tool.modelcard]``: discovery, selection, precedence, severities, options, warnings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from modelcard.checks import registry
from modelcard.checks.config import KNOWN_KEYS, Config, config_from_mapping, find_config, load_config
from modelcard.diagnostics import Severity
from modelcard.errors import UsageError
from modelcard.resources import schemas_dir


def _enabled(config: Config, path: str | None = None) -> set[str]:
    return {a.rule.code for a in config.rules_for(path).rules}


def _config(table: dict, root: Path = Path("/project")) -> Config:
    return config_from_mapping(table, root=root)


def test_defaults_enable_default_rules_only() -> None:
    enabled = _enabled(Config())
    assert enabled == {r.code for r in registry.all_rules() if r.default_enabled}


def test_select_by_code_name_and_prefix() -> None:
    assert _enabled(_config({"select": ["MC003", "empty-file", "MC01"]})) == {
        "MC002", "MC003", "MC010", "MC011", "MC012", "MC013", "MC900",
    }


def test_the_most_specific_selector_wins_within_a_layer() -> None:
    config = _config({"select": ["MC0"], "ignore": ["MC01", "MC010"], "extend-select": ["MC011"]})
    assert _enabled(config) == {f"MC00{i}" for i in range(1, 10)} | {"MC011", "MC900"}


def test_flags_override_the_file() -> None:
    config = _config({"select": ["MC0"], "ignore": ["MC004"]})
    assert "MC004" not in _enabled(config)
    assert _enabled(config.with_overrides(select=["MC004"])) == {"MC004", "MC900"}
    assert "MC004" in _enabled(config.with_overrides(extend_select=["MC004"]))
    assert "MC003" not in _enabled(config.with_overrides(ignore=["MC003"]))


def test_internal_errors_cannot_be_turned_off() -> None:
    assert _enabled(_config({"ignore": ["ALL"]})) == {"MC900"}


def test_per_file_ignores_match_globs_relative_to_the_root(tmp_path: Path) -> None:
    config = _config({"select": ["MC0"], "per-file-ignores": {"drafts/**/*.md": ["MC011"], "README.md": ["MC004"]}}, tmp_path)
    assert "MC011" not in _enabled(config, str(tmp_path / "drafts" / "a" / "card.md"))
    assert "MC011" in _enabled(config, str(tmp_path / "models" / "card.md"))
    assert "MC004" not in _enabled(config, str(tmp_path / "models" / "x" / "README.md"))


def test_a_path_is_relative_to_the_root_after_its_links_are_resolved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, outside = tmp_path / "project", tmp_path / "elsewhere"
    (root / "models" / "a").mkdir(parents=True)
    (outside / "drafts").mkdir(parents=True)
    (outside / "drafts" / "card.md").write_text("")
    (root / "models" / "a" / "README.md").write_text("")
    (root / "models" / "linked.md").symlink_to(root / "models" / "a" / "README.md")
    (root / "models" / "out.md").symlink_to(outside / "drafts" / "card.md")
    (root / "linked-folder").symlink_to(root / "models" / "a", target_is_directory=True)
    config = _config({"per-file-ignores": {"models/a/*.md": ["MC011"]}}, root)
    monkeypatch.chdir(root / "models")
    expected = {
        "a/README.md": "models/a/README.md",
        "linked.md": "models/a/README.md",  # the file it links to
        "out.md": "out.md",  # links out of the project: as given
        str(root / "linked-folder" / "README.md"): "models/a/README.md",
        "../linked-folder/../models/a/README.md": "models/models/a/README.md",  # `..` of the link's target
        "a/../a/README.md": "models/a/README.md",
        str(outside / "drafts" / "card.md"): str(outside / "drafts" / "card.md"),
        "a": "models/a",
        ".": "models",
    }
    for _ in range(2):  # the second time, from the folders already resolved
        assert {path: config.relative(Path(path)) for path in expected} == expected
    assert [("MC011" in _enabled(config, path)) for path in ("a/README.md", "linked.md", "out.md")] == [False, False, True]
    monkeypatch.chdir(root)  # the same relative folder name, from another current folder
    assert config.relative(Path("models/a/README.md")) == "models/a/README.md"
    assert config.relative(Path("a/README.md")) == "a/README.md"


def test_strict_enables_default_off_rules_and_turns_warnings_into_errors() -> None:
    off = [r for r in registry.all_rules() if not r.default_enabled]
    strict = _config({"strict": True})
    rules = {a.rule.code: a for a in strict.rules_for().rules}
    assert all((r.code in rules) == (r.profile is None) for r in off)  # a profile's rules need the profile
    assert rules["MC011"].severity is Severity.ERROR
    assert {a.severity for a in Config().rules_for().rules if a.rule.code == "MC011"} == {Severity.WARNING}


def test_severity_overrides_win_over_strict_and_the_most_specific_wins() -> None:
    config = _config({"strict": True, "severity": {"MC0": "info", "MC011": "warning"}})
    rules = config.rules_for().by_code
    assert rules["MC011"].severity is Severity.WARNING
    assert rules["MC003"].severity is Severity.INFO


def test_rule_options_merge_over_defaults() -> None:
    config = _config({"rules": {"file-too-large": {"max-bytes": 5}}})
    assert dict(config.rules_for().by_code["MC012"].options) == {"max-bytes": 5}
    assert dict(Config().rules_for().by_code["MC012"].options) == {"max-bytes": 10_000_000}


def test_unknown_keys_rules_and_options_warn() -> None:
    config = _config({"selct": ["MC0"], "rules": {"MC999x": {}, "MC012": {"max-byte": 1}}})
    assert config.warnings == (
        "unknown key `selct` in [tool.modelcard]; did you mean `select`?",
        "unknown rule `MC999x` in [tool.modelcard.rules]",
        "unknown option `max-byte` for rule `file-too-large` (options: `max-bytes`)",
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"select": ["MC2001"]}, "unknown rule selector `MC2001` in `select`"),
        ({"ignore": "unknown-lisence"}, "unknown rule selector `unknown-lisence` in `ignore`"),
        ({"strict": "yes"}, "`strict` must be true or false"),
        ({"severity": {"MC003": "fatal"}}, "must be one of"),
        ({"rules": {"file-too-large": {"max-bytes": "big"}}}, "option `max-bytes` of rule `file-too-large` must be int"),
        ({"exclude": [1]}, "`exclude` must be a list of strings"),
        ({"fail-on": "never"}, "`fail-on` must be one of"),
    ],
)
def test_invalid_values_are_usage_errors(table: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _config(table)


def test_config_is_found_upward_from_the_linted_path(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.modelcard]\nignore = ["MC011"]\n')
    (tmp_path / "models" / "a").mkdir(parents=True)
    (tmp_path / "models" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.modelcard]: skipped
    assert find_config(tmp_path / "models" / "a") == tmp_path / "pyproject.toml"
    config = load_config(tmp_path / "models" / "a")
    assert config.source == tmp_path / "pyproject.toml"
    assert config.root == tmp_path.resolve()
    assert "MC011" not in _enabled(config)


def test_explicit_config_files(tmp_path: Path) -> None:
    (tmp_path / "lint.toml").write_text('select = ["MC004"]\n')
    assert _enabled(load_config(config_file=tmp_path / "lint.toml")) == {"MC004", "MC900"}
    with pytest.raises(UsageError, match="config file not found"):
        load_config(config_file=tmp_path / "nope.toml")
    (tmp_path / "bad.toml").write_text("select = [\n")
    with pytest.raises(UsageError, match="cannot read"):
        load_config(config_file=tmp_path / "bad.toml")


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.source is None and config.root == tmp_path.resolve()


def test_fail_on() -> None:
    assert Config().fails(Severity.INFO)
    config = _config({"fail-on": "error"})
    assert config.fails(Severity.ERROR) and not config.fails(Severity.WARNING)


def test_the_config_schema_lists_exactly_the_known_keys_and_accepts_a_full_example() -> None:
    schema = json.loads((schemas_dir() / "config.schema.json").read_text())
    assert set(schema["properties"]) == KNOWN_KEYS
    example = {
        "select": ["MC0", "MC1"],
        "extend-select": ["MC110"],
        "ignore": ["MC201"],
        "per-file-ignores": {"drafts/**": ["MC2"]},
        "severity": {"MC203": "error"},
        "rules": {"file-too-large": {"max-bytes": 1}},
        "strict": False,
        "exclude": ["vendor"],
        "include": ["*.md"],
        "fail-on": "warning",
        "profile": "eu-gpai",
        "cache-dir": ".cache/modelcard",
    }
    jsonschema.Draft202012Validator(schema).validate(example)
    _config(example)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({"fail-on": "never"})
