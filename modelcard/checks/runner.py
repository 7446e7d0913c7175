"""A lint run over files and folders: discovery, fixing, and parallel workers.

In a folder, the files linted are every ``README.md`` (any case) and every
other ``*.md`` file that starts with a ``---`` front-matter block, unless
``include`` says otherwise; hidden folders and ``exclude`` globs are skipped.
A file named explicitly is always linted (unless ``force_exclude``); a
``.eval_results/*.yaml`` file named explicitly is linted with its card.
Results come back in a stable order whatever the number of workers.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from modelcard.card.eval_results import FOLDER
from modelcard.checks import engine, globs
from modelcard.checks.config import DEFAULT_EXCLUDE, Config
from modelcard.checks.fixes import fix_bytes
from modelcard.diagnostics import Diagnostic

STDIN = "-"


@dataclass(frozen=True)
class Target:
    """A file to lint; ``only_if_card``: skip it unless it starts with front-matter.

    ``beside``: whether its folder holds ``.eval_results/`` (known from a folder
    walk; ``None``: look when linting).
    """

    path: str
    display: str
    only_if_card: bool = False
    beside: bool | None = None


@dataclass(frozen=True)
class FileResult:
    """What happened to one file."""

    display: str
    diagnostics: tuple[Diagnostic, ...] = ()
    skipped: bool = False
    fixed: int = 0
    original: bytes | None = None   # set when the file changed (or would change)
    new: bytes | None = None


@dataclass
class RunResult:
    """Every file's result, in a stable order."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    @property
    def checked(self) -> int:
        return sum(not f.skipped for f in self.files)

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.files)

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.new is not None]


# -- discovery ------------------------------------------------------------------------


def discover(paths: Sequence[str], config: Config, *, force_exclude: bool = False) -> list[Target]:
    """The files to lint, in argument order, each folder's files sorted.

    ``exclude`` prunes what a folder walk finds. A path named explicitly, file
    or folder, is linted even when ``exclude`` matches it, unless ``force_exclude``.
    """
    excluded = (*DEFAULT_EXCLUDE, *config.exclude)
    cwd = Path.cwd()
    targets: list[Target] = []
    seen: set[str] = set()
    for arg in paths:
        if arg == STDIN:
            targets.append(Target(STDIN, STDIN))
            continue
        path = Path(arg)
        if path.is_dir():
            named_excluded = bool(config.exclude) and _folder_excluded(path, config)
            if named_excluded and force_exclude:
                continue
            found = _walk(path, config, DEFAULT_EXCLUDE if named_excluded else excluded, cwd)
        else:
            path = _card_of_results(path)
            if force_exclude and globs.any_match(config.exclude, config.relative(path)):
                continue
            found = iter([Target(str(path), _display(path, cwd))])
        for target in found:
            key = os.path.normcase(os.path.abspath(target.path))
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _card_of_results(path: Path) -> Path:
    """A file under ``.eval_results/`` is linted with its card, the ``README.md`` beside that folder."""
    if path.suffix == ".yaml" and FOLDER in path.parts[:-1]:
        parts = path.parts
        top = len(parts) - 1 - parts[::-1].index(FOLDER)
        return Path(*parts[:top]) / "README.md" if top else Path("README.md")
    return path


def _walk(folder: Path, config: Config, excluded: tuple[str, ...], cwd: Path) -> Iterator[Target]:
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        beside = FOLDER in dirs
        dirs[:] = sorted(d for d in dirs if not _excluded(base / d, d, config, excluded, folder=True))
        for name in sorted(files):
            path = base / name
            if _excluded(path, name, config, excluded):
                continue
            if config.include is not None:
                if globs.any_match(config.include, config.relative(path)):
                    yield Target(str(path), _display(path, cwd), beside=beside)
            elif name.lower() == "readme.md":
                yield Target(str(path), _display(path, cwd), beside=beside)
            elif name.lower().endswith(".md") and path.is_file():  # not a FIFO or device
                yield Target(str(path), _display(path, cwd), only_if_card=True, beside=beside)


def _folder_excluded(folder: Path, config: Config) -> bool:
    rel = config.relative(folder)
    return rel not in ("", ".") and globs.any_match(config.exclude, rel + "/")


def _excluded(path: Path, name: str, config: Config, excluded: tuple[str, ...], *, folder: bool = False) -> bool:
    if globs.any_name_match(DEFAULT_EXCLUDE, name):
        return True
    return bool(config.exclude) and globs.any_match(excluded, config.relative(path) + ("/" if folder else ""))


def _display(path: Path, cwd: Path) -> str:
    """The path as the user will read it: relative to the current folder ``cwd`` when inside it."""
    if path.is_absolute():
        try:
            return path.relative_to(cwd).as_posix()
        except ValueError:
            return path.as_posix()
    return os.path.normpath(path).replace(os.sep, "/")


# -- one file -------------------------------------------------------------------------


def starts_with_front_matter(data: bytes) -> bool:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    return data.lstrip(b" \t\r\n").startswith(b"---")


def lint_target(
    target: Target, config: Config, *, fix: bool = False, write: bool = True, stdin: bytes | None = None
) -> FileResult:
    """Lint (and maybe fix) one file. Never raises: a bug becomes an internal-error finding."""
    try:
        return _lint_target(target, config, fix=fix, write=write, stdin=stdin)
    except Exception as e:  # noqa: BLE001 - one file must not stop the run
        rules = config.rules_for(None)
        return FileResult(target.display, (engine.internal_error(rules, "modelcard", e, target.display),))


def _lint_target(target: Target, config: Config, *, fix: bool, write: bool, stdin: bytes | None) -> FileResult:
    file = Path(target.path) if target.path != STDIN else None
    rules = config.rules_for(file if file is not None else target.display)
    if file is None:
        data: bytes | None = stdin or b""
    else:
        data, problem = engine.read_bounded(file, engine.max_bytes(rules))
        if problem is not None:
            return FileResult(target.display, (engine.problem_diagnostic(rules, problem, target.display),))
    assert data is not None
    if target.only_if_card and not starts_with_front_matter(data):
        return FileResult(target.display, skipped=True)
    source = file if file is not None else (Path(target.display) if target.display != STDIN else None)

    def check(blob: bytes) -> engine.Checked:
        return engine.check_bytes(
            blob, display=target.display, file=source, config=config, rules=rules, beside=target.beside
        )

    if not fix:
        return FileResult(target.display, tuple(check(data).diagnostics))
    outcome = fix_bytes(data, check)
    if outcome.data == data:
        return FileResult(target.display, tuple(outcome.diagnostics))
    if write and file is not None:
        from modelcard.atomic import rewrite

        try:
            rewrite(file, outcome.data, original=data)
        except OSError as e:
            # Nothing was fixed: the findings stay as they were found.
            problem = (engine.UNREADABLE, f"cannot write the fixed file: {e.strerror or e}; nothing was changed")
            return FileResult(target.display, (engine.problem_diagnostic(rules, problem, target.display), *check(data).diagnostics))
    return FileResult(target.display, tuple(outcome.diagnostics), fixed=outcome.applied, original=data, new=outcome.data)


# -- a run ----------------------------------------------------------------------------

_WORKER_CONFIG: Config | None = None
_WORKER_FLAGS: tuple[bool, bool] = (False, True)


def _init_worker(config: Config, fix: bool, write: bool) -> None:
    global _WORKER_CONFIG, _WORKER_FLAGS
    _WORKER_CONFIG, _WORKER_FLAGS = config, (fix, write)


def _work(target: Target) -> FileResult:
    assert _WORKER_CONFIG is not None
    return lint_target(target, _WORKER_CONFIG, fix=_WORKER_FLAGS[0], write=_WORKER_FLAGS[1])


def run(
    targets: Sequence[Target],
    *,
    config: Config,
    fix: bool = False,
    write: bool = True,
    jobs: int = 1,
    stdin: bytes | None = None,
) -> RunResult:
    """Lint the targets, in parallel when ``jobs > 1``; results keep the targets' order.

    Args:
        targets: from :func:`discover`.
        config: the configuration.
        fix: apply fixes; ``write=False`` computes them without writing (for a diff).
        jobs: worker processes (``0``: one per CPU).
        stdin: the bytes of the ``-`` target.
    """
    jobs = jobs or os.cpu_count() or 1
    files = [t for t in targets if t.path != STDIN]
    if jobs > 1 and len(files) >= 2 * jobs:
        results = dict(zip(files, _parallel(files, config, fix, write, jobs)))
    else:
        results = {t: lint_target(t, config, fix=fix, write=write) for t in files}
    out = []
    for t in targets:
        if t.path == STDIN:
            out.append(lint_target(t, config, fix=fix, write=False, stdin=stdin))
        else:
            out.append(results[t])
    return RunResult(out)


def _parallel(files: list[Target], config: Config, fix: bool, write: bool, jobs: int) -> list[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(config, fix, write)) as pool:
        return list(pool.map(_work, files, chunksize=chunk))
