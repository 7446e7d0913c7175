"""A lint run over files and folders: discovery, fixing, and parallel workers.

In a folder, the files linted are every ``README.md`` (any case) and every
other ``*.md`` file that starts with a ``---`` front-matter block, unless
``include`` says otherwise; hidden folders and ``exclude`` globs are skipped.
A file named explicitly is always linted (unless ``force_exclude``); a
``.eval_results/*.yaml`` file named explicitly is linted with its card.
An unchanged card's result comes from the cache (:mod:`modelcard.checks.cache`)
when one is given; the results of the others are stored in it at the end of the
run, by this process (worker processes only lint). Results come back in a stable order whatever the number of
workers.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from modelcard.card.eval_results import FOLDER, folder_beside
from modelcard.checks import engine, globs
from modelcard.checks.cache import Cache, Pending
from modelcard.checks.config import DEFAULT_EXCLUDE, Config, RuleSet
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
    """What happened to one file.

    ``pending``: what storing the result in the cache needs, when it was linted
    for want of an entry (for the run, not part of the result).
    """

    display: str
    diagnostics: tuple[Diagnostic, ...] = ()
    skipped: bool = False
    fixed: int = 0
    original: bytes | None = None   # set when the file changed (or would change)
    new: bytes | None = None
    pending: Pending | None = field(default=None, compare=False, repr=False)


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
    folders: dict[str, bool] = {}  # folder -> whether it holds `.eval_results/`
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
            found = iter([Target(str(path), _display(path, cwd), beside=_holds_results(path, folders))])
        for target in found:
            key = os.path.normcase(os.path.abspath(target.path))
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _holds_results(card_file: Path, known: dict[str, bool]) -> bool:
    """Whether the card's folder holds ``.eval_results/``, looked at once per folder."""
    folder = os.fspath(card_file.parent)
    if folder not in known:
        known[folder] = folder_beside(card_file) is not None
    return known[folder]


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


@dataclass(frozen=True)
class _Card:
    """A file read and found to be a card, ready to check."""

    target: Target
    file: Path | None  # None: stdin
    data: bytes
    rules: RuleSet
    config: Config

    def check(self, blob: bytes, looked_up: dict[str, bool] | None = None) -> engine.Checked:
        display = self.target.display
        source = self.file if self.file is not None else (Path(display) if display != STDIN else None)
        return engine.check_bytes(
            blob, display=display, file=source, config=self.config, rules=self.rules, beside=self.target.beside,
            looked_up=looked_up,
        )

    def key(self, cache: Cache | None) -> str | None:
        """Its key in ``cache``; ``None`` when there is no cache or the result is not cached (stdin)."""
        if cache is None or self.file is None:
            return None
        return cache.key(self.data, display=self.target.display, rules=self.rules, file=self.file, beside=self.target.beside)


def lint_target(
    target: Target,
    config: Config,
    *,
    fix: bool = False,
    write: bool = True,
    stdin: bytes | None = None,
    cache: Cache | None = None,
    lookup: bool = True,
) -> FileResult:
    """Lint (and maybe fix) one file. Never raises: a bug becomes an internal-error finding.

    ``cache``: where the result is looked up (not when fixing; ``lookup=False``:
    it is known to be missing); a result linted for want of an entry carries
    what storing it needs (``pending``).
    """
    try:
        card = _read(target, config, stdin)
        if isinstance(card, FileResult):
            return card
        return _fix(card, write) if fix else _lint(card, cache, lookup)
    except Exception as e:  # noqa: BLE001 - one file must not stop the run
        rules = config.rules_for(None)
        return FileResult(target.display, (engine.internal_error(rules, "modelcard", e, target.display),))


def cached(target: Target, config: Config, cache: Cache) -> FileResult | None:
    """The file's result when it needs no linting (in the cache, unreadable, or not a card); ``None`` otherwise."""
    try:
        card = _read(target, config, None)
        if isinstance(card, FileResult):
            return card
        key = card.key(cache)
        found = cache.get(key, card.file) if key is not None and card.file is not None else None
    except Exception:  # noqa: BLE001 - linting the file will report it
        return None
    return FileResult(target.display, tuple(found)) if found is not None else None


def _read(target: Target, config: Config, stdin: bytes | None) -> _Card | FileResult:
    """The card to check, or the file's result when it cannot be read or is not a card."""
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
    return _Card(target, file, data, rules, config)


def _lint(card: _Card, cache: Cache | None, lookup: bool) -> FileResult:
    display = card.target.display
    key = card.key(cache)
    if key is None:
        return FileResult(display, tuple(card.check(card.data).diagnostics))
    assert cache is not None and card.file is not None
    found = cache.get(key, card.file) if lookup else None
    if found is not None:
        return FileResult(display, tuple(found))
    looked_up: dict[str, bool] = {}
    diagnostics = card.check(card.data, looked_up).diagnostics
    return FileResult(display, tuple(diagnostics), pending=Pending(key, looked_up))


def _fix(card: _Card, write: bool) -> FileResult:
    display, data, file = card.target.display, card.data, card.file
    outcome = fix_bytes(data, card.check)
    if outcome.data == data:
        return FileResult(display, tuple(outcome.diagnostics))
    if write and file is not None:
        from modelcard.atomic import rewrite

        try:
            rewrite(file, outcome.data, original=data)
        except OSError as e:
            # Nothing was fixed: the findings stay as they were found.
            problem = (engine.UNREADABLE, f"cannot write the fixed file: {e.strerror or e}; nothing was changed")
            diagnostic = engine.problem_diagnostic(card.rules, problem, display)
            return FileResult(display, (diagnostic, *card.check(data).diagnostics))
    return FileResult(display, tuple(outcome.diagnostics), fixed=outcome.applied, original=data, new=outcome.data)


# -- a run ----------------------------------------------------------------------------

#: The files a worker process must have to pay for starting it (see benchmarks/lint_jobs.py).
FILES_PER_WORKER = 150

_WORKER: tuple[Config, bool, bool, Cache | None] | None = None


def cpu_count() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers(jobs: int | None, files: int) -> int:
    """The processes that lint ``files`` files: at most ``jobs`` (``None`` or ``0``: one per CPU),
    each with `FILES_PER_WORKER` files or more; 1 means this process alone."""
    return max(1, min(jobs or cpu_count(), files // FILES_PER_WORKER))


def _init_worker(config: Config, fix: bool, write: bool, cache: Cache | None) -> None:
    global _WORKER
    _WORKER = (config, fix, write, cache)


def _work(target: Target) -> FileResult:
    """Lint a file in a worker process; its cache entry, known to be missing, is not looked up."""
    assert _WORKER is not None
    config, fix, write, cache = _WORKER
    return lint_target(target, config, fix=fix, write=write, cache=cache, lookup=False)


def run(
    targets: Sequence[Target],
    *,
    config: Config,
    fix: bool = False,
    write: bool = True,
    jobs: int | None = 1,
    stdin: bytes | None = None,
    cache: Cache | None = None,
) -> RunResult:
    """Lint the targets, in parallel when there are enough of them; results keep the targets' order.

    Args:
        targets: from :func:`discover`.
        config: the configuration.
        fix: apply fixes; ``write=False`` computes them without writing (for a diff).
        jobs: at most this many processes (``None`` or ``0``: one per CPU); see `workers`.
        stdin: the bytes of the ``-`` target.
        cache: where results are looked up and stored (not when fixing, nor for stdin);
            it is written once, at the end.
    """
    cache = None if fix else cache
    files = [t for t in targets if t.path != STDIN]
    results: dict[Target, FileResult] = {}
    looked_up_first = cache is not None and not cache.empty and workers(jobs, len(files)) > 1
    if looked_up_first:
        # Look up first: only the files that need linting go to worker processes.
        for t in files:
            found = cached(t, config, cache)
            if found is not None:
                results[t] = found
    todo = [t for t in files if t not in results]
    processes = workers(jobs, len(todo))
    if processes > 1:
        results.update(zip(todo, _parallel(todo, config, fix, write, processes, cache)))
    else:
        lookup = not looked_up_first
        results.update((t, lint_target(t, config, fix=fix, write=write, cache=cache, lookup=lookup)) for t in todo)
    out = []
    for t in targets:
        if t.path == STDIN:
            out.append(lint_target(t, config, fix=fix, write=False, stdin=stdin))
        else:
            out.append(results[t])
    if cache is not None:
        _store(cache, out)
    return RunResult(out)


def _store(cache: Cache, results: list[FileResult]) -> None:
    """Store the results linted for want of an entry, in one write of the cache."""
    for result in results:
        if result.pending is not None:
            cache.put(result.pending.key, result.diagnostics, result.pending.looked_up)
    cache.save()


def _parallel(
    files: list[Target], config: Config, fix: bool, write: bool, jobs: int, cache: Cache | None
) -> list[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    initargs = (config, fix, write, cache)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=initargs) as pool:
        return list(pool.map(_work, files, chunksize=chunk))
