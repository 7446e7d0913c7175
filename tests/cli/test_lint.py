"""``modelcard lint`` end to end, through ``main([...])`` and once as a real process."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelcard.checks import registry, runner
from modelcard.checks.context import CheckContext
from modelcard.checks.rule import Finding, Rule
from modelcard.cli.main import main

LINT = Path(__file__).parent.parent / "fixtures" / "lint"
MINE = ["--select", "MC0,MC9"]

EXPECTED = """\
cards/duplicate-key.md:7:1: MC009 error duplicate key `widget`: this value replaces the earlier one
cards/duplicate-key.md:9:1: MC009 error duplicate key `widget`: this value replaces the earlier one
cards/language-no.md:2:11: MC010 warning [*] `no` is read as the boolean `false` (YAML 1.1); quote it if a string was meant
cards/suppressions.md:2:42: MC901 warning [*] unused suppression of `MC010`
cards/suppressions.md:8:25: MC902 error unknown rule `MC9011` in suppression; did you mean `MC901`?
cards/unclosed.md:1:1: MC004 error front-matter opened with `---` is never closed by a `---` line
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(LINT / "cards", tmp_path / "cards")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_text_output_and_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *MINE, "cards"]) == 1
    out, err = capsys.readouterr()
    assert out == EXPECTED
    assert err == "Found 6 findings (4 errors, 2 warnings) in 4 of 7 cards. 2 fixable with `--fix` (marked [*]).\n"


def test_a_clean_card_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *MINE, "cards/taxi.md"]) == 0
    assert capsys.readouterr() == ("", "All checks passed (1 card).\n")


def test_quiet_exit_zero_and_fail_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *MINE, "-q", "--exit-zero", "cards"]) == 0
    assert capsys.readouterr() == (EXPECTED, "")
    assert main(["lint", "--select", "MC010", "-q", "--fail-on", "error", "cards"]) == 0
    assert main(["lint", "--select", "MC010", "-q", "cards"]) == 1


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json"), ("github", "github.txt")])
def test_formats_match_the_golden_files(fmt: str, suffix: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *MINE, "-q", "--format", fmt, "cards"]) == 1
    assert capsys.readouterr().out == (LINT / "golden" / f"report.{suffix}").read_text()


def test_sarif_to_an_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    assert main(["lint", *MINE, "-q", "--format", "sarif", "-o", "out/lint.sarif", "cards"]) == 2
    assert capsys.readouterr().err == "modelcard: error: cannot write `out/lint.sarif`: No such file or directory\n"
    (project / "out").mkdir()
    assert main(["lint", *MINE, "-q", "--format", "sarif", "-o", "out/lint.sarif", "cards"]) == 1
    assert capsys.readouterr() == ("", "")
    log = json.loads((project / "out" / "lint.sarif").read_text())
    jsonschema.Draft7Validator(json.loads((LINT / "sarif-schema-2.1.0.json").read_text())).validate(log)
    assert len(log["runs"][0]["results"]) == 6


BAD_INPUTS = {
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "latin1.md": b"---\nlicense: mit\n---\n# Caf\xe9\n",
    "empty.md": b"",
    "only-dashes.md": b"---\n",
    "deep.md": b"---\na: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n",
    "python-tag.md": b'---\nlicense: !!python/object/apply:os.system ["echo pwned"]\n---\n# x\n',
    "bomb.md": (
        b'---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + b"".join(
            f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n".encode() for p, n in zip("abcdefgh", "bcdefghi")
        )
        + b"---\n"
    ),
}


def test_bad_inputs_each_get_one_located_finding(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = project / "bad"
    bad.mkdir()
    for name, data in BAD_INPUTS.items():
        (bad / name).write_bytes(data)
    with open(bad / "huge.md", "wb") as f:  # 50 MB
        f.write(b"---\nlicense: mit\n---\n# Huge\n")
        f.write((b"x" * 99 + b"\n") * 500_000)
    files = sorted(str(p.relative_to(project)) for p in bad.iterdir())
    assert main(["lint", "-q", *files, "cards/taxi.md", "--select", "MC0"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        "bad/binary.md:3:1: MC001 error binary file: NUL byte at byte offset 8; a card must be UTF-8 text\n"
        "bad/bomb.md:6:4: MC007 error YAML aliases expand to more than 100,000 nodes\n"
        "bad/deep.md:2:1003: MC007 error YAML nesting is deeper than 200 levels\n"
        "bad/empty.md:1:1: MC002 error the file is empty\n"
        "bad/huge.md:1:1: MC012 error file is 50,000,028 bytes, more than the limit of 10,000,000; it was not linted\n"
        "bad/latin1.md:4:6: MC001 error invalid UTF-8 at byte offset 26 (byte 0xe9); a card must be UTF-8 text\n"
        "bad/only-dashes.md:1:1: MC004 error front-matter opened with `---` is never closed by a `---` line\n"
        "bad/python-tag.md:2:10: MC008 error Python object tag `!!python/object/apply:os.system` is not allowed: only safe YAML is read\n"
    )


def test_a_missing_file_is_a_finding_and_the_run_goes_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "-q", *MINE, "nope.md", "cards/unclosed.md"]) == 1
    assert capsys.readouterr().out == (
        "nope.md:1:1: MC001 error cannot read the file: No such file or directory\n"
        "cards/unclosed.md:1:1: MC004 error front-matter opened with `---` is never closed by a `---` line\n"
    )


def test_parallel_results_equal_serial(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        shutil.copytree(project / "cards", project / "more" / f"copy{n}")
    assert main(["lint", "-q", "--no-cache", "--select", "ALL", "-j", "1", "cards", "more"]) == 1
    serial = capsys.readouterr().out
    pools: list[int] = []
    parallel = runner._parallel
    monkeypatch.setattr(runner, "_parallel", lambda files, *args: pools.append(args[-2]) or parallel(files, *args))
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 16)  # 32 files: 2 workers at most, whatever -j allows
    for jobs in (["-j", "2"], ["-j", "8"], []):
        assert main(["lint", "-q", "--no-cache", "--select", "ALL", *jobs, "cards", "more"]) == 1
        assert capsys.readouterr().out == serial
    assert serial.count("\n") > 20
    assert pools == [2, 2, min(2, runner.cpu_count())]


def test_jobs_default_to_the_cpus_and_each_worker_gets_enough_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 50)
    monkeypatch.setattr(runner, "cpu_count", lambda: 4)
    assert [runner.workers(None, n) for n in (0, 1, 99, 100, 149, 150, 199, 200, 10_000)] == [1, 1, 1, 2, 2, 3, 3, 4, 4]
    assert [runner.workers(0, n) for n in (99, 10_000)] == [1, 4]
    assert [runner.workers(1, n) for n in (99, 10_000)] == [1, 1]
    assert [runner.workers(8, n) for n in (120, 10_000)] == [2, 8]


def test_stdin_with_a_file_name(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, (project / "cards" / "language-no.md").read_bytes())
    assert main(["lint", "--select", "MC010", "--stdin-filename", "models/README.md", "-"]) == 1
    assert capsys.readouterr() == (
        "models/README.md:2:11: MC010 warning [*] `no` is read as the boolean `false` (YAML 1.1); quote it if a string was meant\n",
        "Found 1 finding (1 warning) in 1 of 1 card. 1 fixable with `--fix` (marked [*]).\n",
    )


def test_fix_on_stdin_prints_the_fixed_card(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = (project / "cards" / "language-no.md").read_bytes()
    _stdin(monkeypatch, data)
    assert main(["lint", "--select", "MC010", "-q", "--fix", "-"]) == 0
    out, err = capsys.readouterr()
    assert out == data.replace(b"language: no", b'language: "no"').decode()
    assert err == ""


def test_fix_writes_only_the_fixed_bytes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = project / "cards" / "language-no.md"
    before = card.read_bytes()
    assert main(["lint", "--select", "MC0,MC9", "--fix", "cards/language-no.md", "cards/suppressions.md"]) == 1
    out, err = capsys.readouterr()
    assert card.read_bytes() == before.replace(b"language: no\n", b'language: "no"\n')
    assert (project / "cards" / "suppressions.md").read_text().splitlines()[1] == "license: apache-2.0"
    assert out == "cards/suppressions.md:8:25: MC902 error unknown rule `MC9011` in suppression; did you mean `MC901`?\n"
    assert err == "Fixed 2 findings. Found 1 finding (1 error) in 1 of 2 cards.\n"
    assert main(["lint", "-q", "--select", "MC010", "cards/language-no.md"]) == 0


def test_diff_shows_fixes_without_writing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = project / "cards" / "language-no.md"
    before = card.read_bytes()
    assert main(["lint", "--select", "MC010", "--diff", "cards"]) == 1
    out, err = capsys.readouterr()
    assert card.read_bytes() == before
    assert out == (
        "--- a/cards/language-no.md\n+++ b/cards/language-no.md\n@@ -1,5 +1,5 @@\n"
        ' ---\n-language: no\n+language: "no"\n \n datasets: wikipedia\n \n'
    )
    assert err == "Would fix 1 finding in 1 card.\n"
    assert main(["lint", "--select", "MC009", "--diff", "cards"]) == 0


def test_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *MINE, "-q", "--statistics", "cards"]) == 1
    assert capsys.readouterr().out == "2  MC009  duplicate-key\n1  MC004  unclosed-front-matter\n1  MC010  yaml11-boolean  [*]\n1  MC901  unused-suppression  [*]\n1  MC902  invalid-suppression\n"


def test_config_file_and_flag_precedence(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.modelcard]\nselect = ["MC0", "MC9"]\nignore = ["MC009"]\n'
        '[tool.modelcard.per-file-ignores]\n"cards/unclosed.md" = ["MC004"]\n'
        '[tool.modelcard.severity]\nMC010 = "error"\n'
    )
    assert main(["lint", "-q", "--format", "json", "cards"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["severity"]) for d in found] == [("MC010", "error"), ("MC901", "warning"), ("MC902", "error")]
    assert main(["lint", "-q", "--select", "MC009", "cards"]) == 1
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["MC009", "MC009"]
    assert main(["lint", "-q", "--ignore", "MC9,MC010", "cards"]) == 0
    (project / "other.toml").write_text('select = ["MC004"]\n')
    assert main(["lint", "-q", "--config", "other.toml", "cards"]) == 1
    assert capsys.readouterr().out.split(": ")[1] == "MC004 error front-matter opened with `---` is never closed by a `---` line\n"


def test_unknown_config_keys_warn_and_bad_values_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.modelcard]\nselect = ["MC004"]\nexclud = ["x"]\n')
    assert main(["lint", "-q", "cards/taxi.md"]) == 0
    assert capsys.readouterr().err == (
        f"modelcard: warning: {project / 'pyproject.toml'}: unknown key `exclud` in [tool.modelcard]; did you mean `exclude`?\n"
    )
    (project / "pyproject.toml").write_text('[tool.modelcard]\nselect = ["MC4004"]\n')
    assert main(["lint", "cards"]) == 2
    assert "unknown rule selector `MC4004` in `select`" in capsys.readouterr().err


def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--select", "nonsense-rule", "cards"]) == 2
    assert capsys.readouterr().err == "modelcard: error: unknown rule selector `nonsense-rule` in `--select`\n"
    assert main(["lint", "--format", "xml", "cards"]) == 2
    assert main(["lint", "-j", "-1", "cards"]) == 2
    assert main(["lint", "--statistics", "--format", "sarif", "cards"]) == 2


@pytest.fixture
def crashing_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def crash(ctx: CheckContext) -> Iterator[Finding]:
        if "widget" in ctx.card.metadata:
            raise KeyError("widget")
        yield from ()

    rules = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: (*rules, Rule("MC990", "crash-test-rule", "t", "x", crash)))
    registry._index.cache_clear()
    yield
    monkeypatch.undo()
    registry._index.cache_clear()


def test_an_internal_error_is_reported_and_exits_2(project: Path, crashing_rule: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "-q", "--select", "MC990,MC004", "cards"]) == 2
    assert capsys.readouterr().out == (
        "cards/duplicate-key.md:1:1: MC900 error rule `MC990` (crash-test-rule) failed: KeyError: 'widget'\n"
        "cards/unclosed.md:1:1: MC004 error front-matter opened with `---` is never closed by a `---` line\n"
    )
    assert main(["lint", "-q", "--exit-zero", "--select", "MC990", "cards"]) == 2


def test_folder_discovery(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = project / "tree"
    for rel, text in {
        "README.md": "# no front-matter, but a README\n",
        "a/readme.md": "# lower-case readme\n",
        "a/notes.md": "# not a card: no front-matter\n",
        "a/card.md": "---\nlicense: mit\n---\n# a card\n",
        "a/card.txt": "---\nlicense: mit\n",
        ".hidden/README.md": "# hidden\n",
        "node_modules/x/README.md": "# vendored\n",
        "drafts/README.md": "# excluded by config\n",
    }.items():
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text(text)
    (project / "pyproject.toml").write_text('[tool.modelcard]\nselect = ["MC011"]\nexclude = ["drafts"]\n')
    assert main(["lint", "tree"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "tree/README.md:1:1: MC011 warning card has no YAML front-matter; add a `---` block with at least `license`\n"
        "tree/a/readme.md:1:1: MC011 warning card has no YAML front-matter; add a `---` block with at least `license`\n"
    )
    assert err == "Found 2 findings (2 warnings) in 2 of 3 cards.\n"
    # Files named explicitly are always linted, unless --force-exclude.
    assert main(["lint", "-q", "tree/a/notes.md", "tree/drafts/README.md"]) == 1
    assert capsys.readouterr().out.count("MC011") == 2
    assert main(["lint", "-q", "--force-exclude", "tree/drafts/README.md"]) == 0
    (project / "pyproject.toml").write_text('[tool.modelcard]\nselect = ["MC011"]\ninclude = ["**/a/*.md"]\n')
    assert main(["lint", "-q", "tree"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "tree/a/notes.md:1:1: MC011 warning card has no YAML front-matter; add a `---` block with at least `license`",
        "tree/a/readme.md:1:1: MC011 warning card has no YAML front-matter; add a `---` block with at least `license`",
    ]


def test_no_cards_found(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "empty").mkdir()
    assert main(["lint", "empty"]) == 0
    assert capsys.readouterr().err == "All checks passed (0 cards).\nmodelcard: warning: no card found in the given paths\n"


def test_the_installed_entry_point_runs_as_a_process(project: Path) -> None:
    exe = Path(sys.executable).with_name("modelcard")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "modelcard"]
    proc = subprocess.run(
        [*command, "lint", "--select", "MC0,MC9", "--format", "github", "cards"],
        capture_output=True, text=True, cwd=project, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (LINT / "golden" / "report.github.txt").read_text()
    assert proc.stderr == "Found 6 findings (4 errors, 2 warnings) in 4 of 7 cards. 2 fixable with `--fix` (marked [*]).\n"


def test_a_bug_outside_the_rules_fails_one_file_not_the_run(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from modelcard.checks import suppressions

    real = suppressions.parse

    def parse(text: str, **kwargs):  # noqa: ANN003, ANN202
        if "widget" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, **kwargs)

    monkeypatch.setattr(suppressions, "parse", parse)
    assert main(["lint", "-q", "--select", "MC004", "cards/duplicate-key.md", "cards/unclosed.md"]) == 2
    assert capsys.readouterr().out == (
        "cards/duplicate-key.md:1:1: MC900 error modelcard failed: RecursionError: maximum recursion depth exceeded\n"
        "cards/unclosed.md:1:1: MC004 error front-matter opened with `---` is never closed by a `---` line\n"
    )


def test_the_pre_commit_hooks_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["modelcard-lint", "modelcard-lint-fix"]
    readme = project / "cards" / "README.md"
    readme.write_bytes((project / "cards" / "language-no.md").read_bytes())
    first, fix = (h["entry"].split() for h in hooks)
    assert first[0] == fix[0] == "modelcard"
    assert main([*first[1:], "--select", "MC010", "cards/README.md"]) == 1
    assert main([*fix[1:], "--select", "MC010", "cards/README.md"]) == 0
    assert b'language: "no"' in readme.read_bytes()


def test_a_table_bomb_is_refused_before_parsing(project: Path, capsys: pytest.CaptureFixture[str], work) -> None:
    bomb = project / "bomb" / "README.md"
    bomb.parent.mkdir()
    bomb.write_bytes(
        b"---\nlicense: mit\n---\n" + b"|a" * 5000 + b"|\n" + b"|-" * 5000 + b"|\n" + (b"|1" * 5000 + b"|\n") * 200
    )
    main(["lint", "-q", "--select", "ALL", "bomb"])  # imports and caches warm
    capsys.readouterr()
    assert work(lambda: main(["lint", "-q", "--select", "ALL", "bomb"])) == 1
    assert work.calls < 200_000  # about 11,000; a full parse makes a call per cell of the million
    out = capsys.readouterr().out
    assert (
        "bomb/README.md:4:1: MC013 error the body has 1,010,404 line breaks and markup characters, more than the limit of 100,000; "
        "the rules that read the markdown were skipped\n"
    ) in out
    assert "MC900" not in out


def test_strict_turns_warnings_into_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "-q", "--select", "MC010", "--format", "json", "--strict", "cards/language-no.md"]) == 1
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["code"], finding["severity"]) == ("MC010", "error")
    assert main(["lint", "-q", "--select", "MC010", "--fail-on", "error", "cards/language-no.md"]) == 0
    assert main(["lint", "-q", "--select", "MC010", "--fail-on", "error", "--strict", "cards/language-no.md"]) == 1


def test_stdin_filename_drives_per_file_ignores(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.modelcard]\nselect = ["MC010"]\n[tool.modelcard.per-file-ignores]\n"legacy/**" = ["MC010"]\n'
    )
    data = (project / "cards" / "language-no.md").read_bytes()
    _stdin(monkeypatch, data)
    assert main(["lint", "-q", "--stdin-filename", "legacy/README.md"]) == 0
    _stdin(monkeypatch, data)
    assert main(["lint", "-q", "--stdin-filename", "models/README.md"]) == 1
    assert capsys.readouterr().out.startswith("models/README.md:2:11: MC010 warning ")
