"""The result cache: what a second run reads back, what makes it lint again, and where it writes."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from modelcard.checks import cache, engine, runner
from modelcard.cli.main import main
from modelcard.diagnostics import Diagnostic, Edit, Fix, Location, Severity

FIXTURES = Path(__file__).parent.parent / "fixtures"
ALL = ["--select", "ALL"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the lint fixture cards, the current folder, its cache in ``cache/``."""
    shutil.copytree(FIXTURES / "lint" / "cards", tmp_path / "cards")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODELCARD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cards the engine checks (the rules run on them), by display path, in order."""
    seen: list[str] = []
    check_bytes = engine.check_bytes

    def counting(data: bytes, **kwargs: object) -> engine.Checked:
        seen.append(str(kwargs["display"]))
        return check_bytes(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check_bytes", counting)
    return seen


def _lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["lint", *args])
    out, err = capsys.readouterr()
    return status, out, err


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("shard-*.json"))


def _entries(folder: Path) -> dict[str, dict[str, object]]:
    """Every entry in the shards of ``folder``, by key."""
    found: dict[str, dict[str, object]] = {}
    for shard in _shards(folder):
        content = json.loads(shard.read_bytes())
        assert content["format"] == 1 and shard.name == f"shard-{next(iter(content['entries']))[:2]}.json"
        found.update(content["entries"])
    return found


def _times(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each file in ``folder`` with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


CARDS = ["cards/crlf.md", "cards/duplicate-key.md", "cards/language-no.md", "cards/license-mit.md", "cards/suppressions.md", "cards/taxi.md", "cards/unclosed.md"]


# -- a second run ---------------------------------------------------------------------------


def test_a_second_run_reads_every_result_back_without_running_a_rule(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _lint(capsys, *ALL, "cards")
    assert checked == CARDS  # no-front-matter.md is not a card: never checked, never cached
    assert len(_entries(project / "cache")) == 7
    for output in ("text", "json", "sarif"):  # sarif holds the fixes
        cold = _lint(capsys, *ALL, "--format", output, "--no-cache", "cards")
        checked.clear()
        assert _lint(capsys, *ALL, "--format", output, "cards") == cold
        assert checked == []
    assert _lint(capsys, *ALL, "cards") == first
    assert first[0] == 1 and first[1].count("\n") > 10


def test_a_run_that_only_reads_back_writes_nothing(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _lint(capsys, *ALL, "cards")
    folder = project / "cache"
    stored = _times(folder)
    assert len(stored) == 2 + len(_shards(folder))  # the tag files and the shards
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 2)  # -j 2: looked up by this process before any worker
    checked.clear()
    for jobs in ("1", "2"):
        assert _lint(capsys, *ALL, "-j", jobs, "cards") == first
    assert checked == [] and _times(folder) == stored


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_results_are_written_by_the_main_process_once_per_shard(
    tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 2)
    log = tmp_path / "writes.log"  # appended to by any process that writes to the cache
    atomic_write = cache.atomic_write

    def logged(path: Path, data: bytes, **options: bool) -> None:
        atomic_write(path, data, **options)
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()} {Path(path).name}\n")

    monkeypatch.setattr(cache, "atomic_write", logged)
    _lint(capsys, *ALL, "-j", jobs, "cards")
    writes = [line.split() for line in log.read_text().splitlines()]
    shards = [p.name for p in _shards(project / "cache")]
    assert {pid for pid, _ in writes} == {str(os.getpid())}
    assert sorted(name for _, name in writes) == sorted([".gitignore", "CACHEDIR.TAG", *shards])
    assert len(_entries(project / "cache")) == 7 and 1 < len(shards) <= 7


def test_an_entry_keeps_every_field_of_a_diagnostic() -> None:
    fix = Fix("quote it", (Edit(3, 5, '"no"'), Edit(9, 9, "")))
    found = [
        Diagnostic("MC010", "yaml-boolean", Severity.WARNING, "`no` é \udcff", Location(2, 11), "a/README.md", Location(2, 13), fix),
        Diagnostic("MC501", "invalid-eval-result", Severity.ERROR, "m", Location(1, 1), "a/.eval_results/x.yaml"),
    ]
    folder = Path(os.environ["MODELCARD_CACHE_DIR"])
    store = cache.Cache.open(folder)
    store.put("ab" * 32, found, {})
    store.save()
    assert [p.name for p in _shards(folder)] == ["shard-ab.json"]
    again = cache.Cache.open(folder).get("ab" * 32, folder / "README.md")
    assert again == found and again is not None
    assert [d.fix for d in again] == [fix, None]


def test_parallel_runs_store_and_read_back_the_same_results(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        shutil.copytree(project / "cards", project / "more" / f"copy{n}")
    serial = _lint(capsys, *ALL, "--no-cache", "-j", "1", "cards", "more")
    monkeypatch.setattr(runner, "FILES_PER_WORKER", 2)
    looked_up: list[str] = []
    cached = runner.cached
    monkeypatch.setattr(runner, "cached", lambda target, *args: looked_up.append(target.display) or cached(target, *args))
    assert _lint(capsys, *ALL, "-j", "2", "cards", "more") == serial  # linted by 2 workers, stored by this process
    assert looked_up == []  # no folder yet: nothing to look up first
    assert len(_entries(project / "cache")) == 28
    pools: list[int] = []
    parallel = runner._parallel
    monkeypatch.setattr(runner, "_parallel", lambda files, *rest: pools.append(len(files)) or [])
    checked.clear()
    assert _lint(capsys, *ALL, "-j", "2", "cards", "more") == serial
    assert checked == [] and pools == []  # every result was read back: no process was started
    assert len(looked_up) == 32

    monkeypatch.setattr(runner, "_parallel", lambda files, *rest: pools.append(len(files)) or parallel(files, *rest))
    for card in (project / "more" / "copy0").iterdir():
        card.write_bytes(card.read_bytes() + b"\nChanged.\n")
    changed = _lint(capsys, *ALL, "--no-cache", "-j", "1", "cards", "more")
    assert _lint(capsys, *ALL, "-j", "2", "cards", "more") == changed
    assert pools == [7]  # the changed cards, and only they, went to the workers
    assert len(_entries(project / "cache")) == 35
    pools.clear()
    monkeypatch.setattr(runner, "_parallel", lambda files, *rest: pools.append(len(files)) or [])
    checked.clear()
    assert _lint(capsys, *ALL, "-j", "2", "cards", "more") == changed
    assert checked == [] and pools == []


# -- what makes a run lint again --------------------------------------------------------------


def test_a_changed_card_is_linted_again_and_only_it(project: Path, checked: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _lint(capsys, *ALL, "cards")
    card = project / "cards" / "taxi.md"
    card.write_bytes(card.read_bytes().replace(b"Taxi-v3\n", b"Taxi-v4\n", 1))
    checked.clear()
    changed = _lint(capsys, *ALL, "cards")
    assert checked == ["cards/taxi.md"]
    assert changed == _lint(capsys, *ALL, "--no-cache", "cards")


def test_another_rule_selection_severity_or_option_is_linted_again(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [
        ["--select", "MC0"],
        ["--select", "MC0,MC1"],
        ["--select", "MC0,MC1", "--ignore", "MC010"],
        ["--select", "MC0,MC1", "--strict"],
    ]
    for args in runs:
        checked.clear()
        assert _lint(capsys, *args, "cards/language-no.md") == _lint(capsys, *args, "--no-cache", "cards/language-no.md")
        assert checked == ["cards/language-no.md"] * 2
    checked.clear()
    for args in runs:  # each is in the cache now
        _lint(capsys, *args, "cards/language-no.md")
    assert checked == []

    pyproject = project / "pyproject.toml"
    for table in ('[tool.modelcard.severity]\nMC010 = "error"\n', "[tool.modelcard.rules.file-too-large]\nmax-bytes = 100000\n"):
        pyproject.write_text(f"[tool.modelcard]\nselect = ['MC0']\n{table}")
        checked.clear()
        result = _lint(capsys, "cards/language-no.md")
        assert checked == ["cards/language-no.md"]
        assert result == _lint(capsys, "--no-cache", "cards/language-no.md")


def test_per_file_ignores_are_part_of_the_rules_of_each_file(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text("[tool.modelcard]\nselect = ['MC0']\n")
    _lint(capsys, "cards")
    (project / "pyproject.toml").write_text("[tool.modelcard]\nselect = ['MC0']\n[tool.modelcard.per-file-ignores]\n'cards/language-*.md' = ['MC010']\n")
    checked.clear()
    status, out, _ = _lint(capsys, "cards")
    assert checked == ["cards/language-no.md"]
    assert "MC010" not in out and "cards/duplicate-key.md:7:1: MC009" in out


def test_a_changed_eval_results_file_is_linted_again(tmp_path: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "eval_results" / "broken", tmp_path / "broken")
    monkeypatch.chdir(tmp_path)
    first = _lint(capsys, *ALL, "broken")
    assert "broken/.eval_results/mapping.yaml" in first[1]
    checked.clear()
    assert _lint(capsys, *ALL, "broken") == first and checked == []

    results = tmp_path / "broken" / ".eval_results"
    edits = [
        lambda: (results / "mapping.yaml").write_text("- dataset: {id: Idavidrein/gpqa, task_id: gpqa_diamond}\n  value: 0.4\n"),
        lambda: (results / "more" / "new.yaml").write_text("[1\n"),
        lambda: (results / "hle.yaml").unlink(),
    ]
    for edit in edits:
        edit()
        checked.clear()
        again = _lint(capsys, *ALL, "broken")
        assert checked == ["broken/README.md"]
        assert again == _lint(capsys, *ALL, "--no-cache", "broken")
    assert "new.yaml" in again[1] and "hle.yaml" not in again[1]


def test_a_relative_link_is_checked_again_when_its_file_appears_or_goes(
    tmp_path: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# Model\n\n![Loss](plots/loss.png) and [notes](notes.md)\n")
    (tmp_path / "notes.md").write_text("notes\n")
    missing = "README.md:6:9: MC206 error `plots/loss.png` does not exist beside the card\n"
    assert _lint(capsys, "--select", "MC206", "README.md")[1] == missing
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "loss.png").write_bytes(b"png")
    checked.clear()
    assert _lint(capsys, "--select", "MC206", "README.md")[:2] == (0, "")
    assert checked == ["README.md"]
    checked.clear()
    assert _lint(capsys, "--select", "MC206", "README.md")[:2] == (0, "")
    assert checked == []
    (tmp_path / "notes.md").unlink()
    assert _lint(capsys, "--select", "MC206", "README.md")[1] == "README.md:6:37: MC206 error `notes.md` does not exist beside the card\n"
    assert checked == ["README.md"]


def test_another_package_fingerprint_lints_again(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _lint(capsys, *ALL, "cards")
    monkeypatch.setattr(cache, "fingerprint", lambda: b"another version of the package")
    checked.clear()
    assert _lint(capsys, *ALL, "cards") == first
    assert checked == CARDS
    assert len(_entries(project / "cache")) == 14


def test_the_fingerprint_sees_every_file_of_a_folder_but_compiled_ones(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.py").write_text("A = 1\n")
    (tmp_path / "data.json").write_text("{}")
    before = cache.files_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"\0")
    assert cache.files_digest(tmp_path) == before
    (tmp_path / "rules" / "a.py").write_text("A = 2\n")
    os.utime(tmp_path / "rules" / "a.py", ns=(1, 1))  # rewritten at another time
    changed = cache.files_digest(tmp_path)
    assert changed != before
    (tmp_path / "rules" / "a.py").rename(tmp_path / "rules" / "b.py")
    assert cache.files_digest(tmp_path) not in (before, changed)
    assert len(cache.fingerprint()) == 32 and cache.fingerprint() == cache.fingerprint()


# -- entries that cannot be trusted ------------------------------------------------------------


def _damage_entry(change: Callable[[dict[str, Any]], object]) -> Callable[[bytes], bytes]:
    """Damage the only entry of a shard: ``change`` returns the damaged entry."""

    def damage(raw: bytes) -> bytes:
        shard = json.loads(raw)
        [(key, entry)] = shard["entries"].items()
        shard["entries"][key] = change(entry)
        return json.dumps(shard).encode()

    return damage


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: b"",
        lambda raw: b"\xff\xfe" + raw,  # not UTF-8
        lambda raw: b"[" * 100_000,  # nested beyond the parser's recursion
        lambda raw: raw.replace(b'"format":1', b'"format":2'),  # another layout
        lambda raw: raw.replace(b'"format":1', b'"format":"1"'),
        lambda raw: json.dumps({"format": 1, "entries": list(json.loads(raw)["entries"].items())}).encode(),
        lambda raw: json.dumps([json.loads(raw)]).encode(),
    ],
)
def test_a_damaged_shard_is_ignored_and_written_anew(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], damage: Callable[[bytes], bytes]
) -> None:
    first = _lint(capsys, *ALL, "cards/language-no.md")
    [shard] = _shards(project / "cache")
    good = _entries(project / "cache")
    shard.write_bytes(damage(shard.read_bytes()))
    checked.clear()
    assert _lint(capsys, *ALL, "cards/language-no.md") == first
    assert checked == ["cards/language-no.md"]
    again = _entries(project / "cache")
    assert again.keys() == good.keys()
    assert [{**e, "stored": 0} for e in again.values()] == [{**e, "stored": 0} for e in good.values()]


@pytest.mark.parametrize(
    "damage",
    [
        _damage_entry(lambda entry: [entry]),
        _damage_entry(lambda entry: None),
        _damage_entry(lambda entry: {**entry, "diagnostics": [["MC010"]]}),
        _damage_entry(lambda entry: {**entry, "diagnostics": [[1, 2, 3, 4, 5, 6, 7, 8, 9]]}),
        _damage_entry(lambda entry: {**entry, "diagnostics": "MC010"}),
        _damage_entry(lambda entry: {k: v for k, v in entry.items() if k != "diagnostics"}),
        _damage_entry(lambda entry: {**entry, "looked_up": [["x", 1]]}),
        _damage_entry(lambda entry: {**entry, "looked_up": {"x": True}}),
        _damage_entry(lambda entry: {**entry, "stored": "yesterday"}),
        _damage_entry(lambda entry: {k: v for k, v in entry.items() if k != "stored"}),
        lambda raw: raw.replace(b'"warning"', b'"fatal"'),
        lambda raw: raw.replace(b'"warning"', b"true"),
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced_and_its_shard_kept(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], damage: Callable[[bytes], bytes]
) -> None:
    first = _lint(capsys, *ALL, "cards/language-no.md")
    [shard] = _shards(project / "cache")
    [(key, good)] = _entries(project / "cache").items()
    other = _other_key(key)  # another card's entry in the same shard
    content = json.loads(damage(shard.read_bytes()))
    content["entries"][other] = good
    shard.write_bytes(json.dumps(content).encode())
    checked.clear()
    assert _lint(capsys, *ALL, "cards/language-no.md") == first
    assert checked == ["cards/language-no.md"]
    again = _entries(project / "cache")
    assert again.keys() == {key, other} and again[other] == good
    assert {**again[key], "stored": 0} == {**good, "stored": 0}


def _other_key(key: str) -> str:
    return key[:2] + ("0" if key[2] != "0" else "1") + key[3:]


def test_an_internal_error_is_not_stored(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "check_bytes", crash)
    status, out, _ = _lint(capsys, *ALL, "cards/taxi.md")
    assert status == 2 and "MC900" in out
    assert _entries(project / "cache") == {}


# -- where it writes, and when it does not ---------------------------------------------------


def test_the_cache_folder_is_tagged_and_ignored_by_git(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lint(capsys, "cards")
    folder = project / "cache"
    assert (folder / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_the_cache_never_writes_outside_its_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "cards" / "README.md").write_text("---\nlicense: mit\n---\n![x](../../../escape.png)\n")
    before = _files(project)
    _lint(capsys, *ALL, "cards", str(project / "cards" / "taxi.md"))
    _lint(capsys, *ALL, "cards")
    after = _files(project)
    outside = {k: v for k, v in after.items() if not k.startswith("cache/")}
    assert outside == before
    assert {k for k in after if k.startswith("cache/")} == {
        "cache/CACHEDIR.TAG", "cache/.gitignore", *(f"cache/{p.name}" for p in _shards(project / "cache"))
    }
    assert len(_entries(project / "cache")) == 8  # README.md and the 7 cards


def test_fix_diff_and_stdin_neither_read_nor_write_the_cache(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    _lint(capsys, "--diff", "cards")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"---\nlanguage: no\n---\n")))
    _lint(capsys, "--stdin-filename", "cards/x.md", "-")
    assert not (project / "cache").exists()
    _lint(capsys, "cards")
    checked.clear()
    status, out, err = _lint(capsys, "--fix", "cards")
    assert checked and "Fixed" in err
    assert len(_entries(project / "cache")) == 7  # what the plain run stored, nothing more


@pytest.mark.parametrize("how", [["--no-cache"], ["env"]])
def test_no_cache_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: list[str]) -> None:
    if how == ["env"]:
        monkeypatch.setenv("MODELCARD_NO_CACHE", "1")
        how = []
    assert _lint(capsys, *how, "cards")[0] == 1
    assert not (project / "cache").exists()


def test_no_cache_off_values_keep_the_cache(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELCARD_NO_CACHE", "0")
    _lint(capsys, "cards")
    assert len(_entries(project / "cache")) == 7


def test_where_the_cache_is(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELCARD_CACHE_DIR")
    _lint(capsys, "cards/taxi.md")  # no configuration: the current folder
    assert len(_entries(project / ".modelcard_cache")) == 1
    (project / "cards" / "pyproject.toml").write_text("[tool.modelcard]\n")
    _lint(capsys, "cards/taxi.md")  # beside the configuration file
    assert len(_entries(project / "cards" / ".modelcard_cache")) == 1
    (project / "cards" / "pyproject.toml").write_text("[tool.modelcard]\ncache-dir = '../built/lint-cache'\n")
    _lint(capsys, "cards/taxi.md")  # `cache-dir`, relative to the configuration file
    assert len(_entries(project / "built" / "lint-cache")) == 1
    monkeypatch.setenv("MODELCARD_CACHE_DIR", str(project / "from-env"))
    _lint(capsys, "cards/taxi.md")  # the environment overrides the configuration
    assert len(_entries(project / "from-env")) == 1
    _lint(capsys, "--cache-dir", "from-flag", "cards/taxi.md")  # and the flag overrides both
    assert len(_entries(project / "from-flag")) == 1


def test_cache_dir_must_be_a_folder_name(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.modelcard]\ncache-dir = 3\n")
    status, out, err = _lint(capsys, "cards")
    assert status == 2 and "`cache-dir` must be a folder name" in err


def test_a_cache_folder_that_cannot_be_made_means_no_caching(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "a-file").write_text("")
    expected = _lint(capsys, *ALL, "--no-cache", "cards")
    checked.clear()
    for _ in range(2):
        assert _lint(capsys, *ALL, "--cache-dir", "a-file/cache", "cards") == expected
    assert checked == CARDS * 2
    assert (project / "a-file").read_text() == ""


@pytest.fixture
def read_only(project: Path) -> Iterator[Path]:
    folder = project / "cache"
    yield folder
    folder.chmod(0o755)


def test_a_read_only_cache_folder_is_read_and_lint_still_works(
    project: Path, read_only: Path, checked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _lint(capsys, *ALL, "cards")
    read_only.chmod(stat.S_IRUSR | stat.S_IXUSR)
    checked.clear()
    assert _lint(capsys, *ALL, "cards") == first
    assert checked == []
    card = project / "cards" / "taxi.md"
    card.write_bytes(card.read_bytes() + b"\nMore.\n")
    assert _lint(capsys, *ALL, "cards") == _lint(capsys, *ALL, "--no-cache", "cards")


# -- bounded -----------------------------------------------------------------------------------


FOUND = [Diagnostic("MC010", "yaml-boolean", Severity.WARNING, "m", Location(2, 1), "README.md")]


def test_past_the_cap_of_a_shard_the_oldest_stored_entries_go(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project / "cache"
    _lint(capsys, *ALL, "cards")
    prefix = next(f"{n:02x}" for n in range(256) if not (folder / f"shard-{n:02x}.json").exists())
    keys = [prefix + c * 62 for c in "1234"]
    store = cache.Cache.open(folder)
    for key in keys[:3]:
        store.put(key, FOUND, {})
    store.save()
    shard = folder / f"shard-{prefix}.json"
    content = json.loads(shard.read_bytes())
    for key, stored in zip(keys, (1_000_000, 3_000_000, 2_000_000)):
        content["entries"][key]["stored"] = stored
    shard.write_bytes(json.dumps(content).encode())
    others = {p.name: p.read_bytes() for p in _shards(folder) if p != shard}

    monkeypatch.setattr(cache, "MAX_ENTRIES", 3 * cache.SHARDS)  # 3 entries a shard
    store = cache.Cache.open(folder)
    store.put(keys[3], FOUND, {})
    store.save()
    assert sorted(json.loads(shard.read_bytes())["entries"]) == sorted(keys[1:])
    assert {p.name: p.read_bytes() for p in _shards(folder) if p != shard} == others
    assert len(_entries(folder)) == 7 + 3


def test_saving_keeps_the_entries_another_run_saved_meanwhile(tmp_path: Path) -> None:
    one, two = cache.Cache.open(tmp_path), cache.Cache.open(tmp_path)
    keys = ["ab" + c * 62 for c in "123"]
    for store in (one, two):
        assert store.get(keys[0], tmp_path / "README.md") is None  # the shard is read, empty
    one.put(keys[0], FOUND, {})
    one.put(keys[1], FOUND, {})
    one.save()
    two.put(keys[1], FOUND[:0], {})
    two.put(keys[2], FOUND, {})
    two.save()
    third = cache.Cache.open(tmp_path)
    assert [third.get(k, tmp_path / "README.md") for k in keys] == [FOUND, [], FOUND]  # the last save wins


def test_saving_removes_stale_temporary_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "cache"
    folder.mkdir()
    stale = folder / ".shard-00.json.0123abcd.tmp"  # left by an interrupted write
    fresh = folder / ".shard-01.json.4567cdef.tmp"  # maybe a write under way
    for temp in (stale, fresh):
        temp.write_bytes(b"{")
    os.utime(stale, (1_000_000, 1_000_000))
    _lint(capsys, *ALL, "cards")
    assert not stale.exists() and fresh.exists()
    assert len(_entries(folder)) == 7


def test_clean_removes_what_the_cache_wrote_and_nothing_else(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lint(capsys, "cards")
    assert main(["clean"]) == 0
    assert capsys.readouterr().err == f"Removed 7 cached results from {project / 'cache'}.\n"
    assert not (project / "cache").exists()
    _lint(capsys, "cards")
    (project / "cache" / "mine.txt").write_text("keep me")
    (project / "cache" / ".shard-00.json.0123abcd.tmp").write_text("{")  # left by an interrupted write
    (project / "cache" / "shard-zz.json").write_text("{}")  # not a name the cache writes
    damaged = _shards(project / "cache")[0]
    lost = len(json.loads(damaged.read_bytes())["entries"])
    damaged.write_text(damaged.read_text()[:-1])  # its entries are not counted
    assert main(["clean", "--cache-dir", "cache"]) == 0
    removed = 7 - lost
    assert capsys.readouterr().err == f"Removed {removed} cached results from cache.\n"
    assert _files(project / "cache") == {"mine.txt": b"keep me", "shard-zz.json": b"{}"}
    assert main(["clean"]) == 0
    assert capsys.readouterr().err.endswith("Removed 0 cached results from " + str(project / "cache") + ".\n")


# -- a hostile checkout --------------------------------------------------------------------


def test_a_cache_folder_that_is_a_symbolic_link_in_the_tree_is_not_used(
    project: Path, tmp_path_factory: pytest.TempPathFactory, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MODELCARD_CACHE_DIR")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / ".modelcard_cache").symlink_to(elsewhere, target_is_directory=True)
    expected = _lint(capsys, *ALL, "--no-cache", "cards")
    checked.clear()
    for _ in range(2):
        assert _lint(capsys, *ALL, "cards") == expected
    assert checked == CARDS * 2  # nothing cached
    assert list(elsewhere.iterdir()) == []
    assert main(["clean"]) == 0
    assert "is a symbolic link" in capsys.readouterr().err
    (project / "pyproject.toml").write_text("[tool.modelcard]\ncache-dir = 'linked'\n")
    (project / "linked").symlink_to(elsewhere, target_is_directory=True)
    _lint(capsys, *ALL, "cards")
    assert list(elsewhere.iterdir()) == []
    _lint(capsys, *ALL, "--cache-dir", "linked", "cards")  # named by the user: used
    assert len(_shards(elsewhere)) > 0


def test_a_shard_that_is_a_fifo_or_too_large_is_not_read(
    project: Path, checked: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _lint(capsys, *ALL, "cards")
    folder = project / "cache"
    shards = _shards(folder)
    fifo = shards[0]
    fifo.unlink()
    os.mkfifo(fifo)  # would block a plain open() forever
    checked.clear()
    assert _lint(capsys, *ALL, "cards") == expected
    assert 0 < len(checked) < len(CARDS)  # only the cards of that shard were linted again
    assert fifo.is_file()  # and the shard was written anew
    monkeypatch.setattr(cache, "MAX_SHARD_BYTES", 10)
    checked.clear()
    assert _lint(capsys, *ALL, "cards") == expected
    assert checked == CARDS
