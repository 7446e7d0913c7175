"""Every output format renders the same diagnostics; golden files pin each one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from modelcard.checks import registry, runner
from modelcard.checks.config import Config
from modelcard.diagnostics import Diagnostic, Edit, Fix, Location, Severity
from modelcard.reports import FORMATS, render
from modelcard.reports import github, sarif

LINT = Path(__file__).parent.parent / "fixtures" / "lint"
GOLDEN = LINT / "golden"
SUFFIX = {"text": "txt", "json": "json", "github": "github.txt", "sarif": "sarif.json"}


@pytest.fixture(scope="module")
def diagnostics() -> list[Diagnostic]:
    cwd = os.getcwd()
    os.chdir(LINT)
    try:
        config = Config(root=LINT).with_overrides(select=["MC0", "MC9"])
        return runner.run(runner.discover(["cards"], config), config=config).diagnostics
    finally:
        os.chdir(cwd)


def _own_rules():
    return [r for r in registry.all_rules() if r.code[:3] in ("MC0", "MC9")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str, diagnostics: list[Diagnostic]) -> None:
    out = render(fmt, diagnostics, rules=_own_rules())
    golden = GOLDEN / f"report.{SUFFIX[fmt]}"
    if os.environ.get("MODELCARD_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_all_formats_report_the_same_findings(diagnostics: list[Diagnostic]) -> None:
    keys = [(d.path, d.location.line, d.location.column, d.code) for d in diagnostics]
    assert len(keys) == 6
    as_json = json.loads(render("json", diagnostics))
    assert [(d["path"], d["location"]["line"], d["location"]["column"], d["code"]) for d in as_json] == keys
    log = json.loads(render("sarif", diagnostics, rules=registry.all_rules()))
    results = log["runs"][0]["results"]
    assert [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["ruleId"],
        )
        for r in results
    ] == keys
    assert len(render("github", diagnostics).splitlines()) == len(render("text", diagnostics).splitlines()) == 6


def test_sarif_is_valid_and_documents_every_rule(diagnostics: list[Diagnostic]) -> None:
    schema = json.loads((LINT / "sarif-schema-2.1.0.json").read_text())
    log = json.loads(render("sarif", diagnostics, rules=registry.all_rules()))
    jsonschema.Draft7Validator(schema).validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.code for r in registry.all_rules()]
    for descriptor, rule in zip(driver["rules"], registry.all_rules()):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["markdown"] == rule.doc
    for result in log["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_fix_and_uri_encoding() -> None:
    d = Diagnostic(
        "MC010", "yaml11-boolean", Severity.WARNING, "m", Location(2, 11), path="my cards/README.md",
        end=Location(2, 13), fix=Fix("quote", (Edit(14, 16, '"no"'),)),
    )
    [result] = sarif.log([d], rules=registry.all_rules())["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20cards/README.md"
    assert location["region"] == {"startLine": 2, "startColumn": 11, "endLine": 2, "endColumn": 13}
    assert result["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 14, "charLength": 2}, "insertedContent": {"text": '"no"'}}
    ]


def test_github_commands_escape_their_values() -> None:
    d = Diagnostic("MC003", "yaml-syntax-error", Severity.INFO, "50% bad:\nline, two", Location(3, 4), path="a,b:c.md")
    assert github.command(d) == "::notice file=a%2Cb%3Ac.md,line=3,col=4,title=MC003::50%25 bad:%0Aline, two"


def test_no_findings_render_empty_documents() -> None:
    assert render("text", []) == ""
    assert render("github", []) == ""
    assert json.loads(render("json", [])) == []
    assert json.loads(render("sarif", [], rules=[]))["runs"][0]["results"] == []
