"""Check model cards against the schema and the lint rules.

Lints the files given, and in folders every README.md and every other *.md file
that starts with front-matter. `-` reads a card from stdin. Findings go to
stdout, the summary to stderr. Exit status: 0 no findings, 1 findings,
2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.cache import Cache
    from modelcard.checks.config import Config
    from modelcard.checks.rule import Rule
    from modelcard.checks.runner import FileResult, RunResult
    from modelcard.diagnostics import Diagnostic

FORMATS = ("text", "json", "github", "sarif")
SEVERITIES = ("error", "warning", "info")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "In folders, lints README.md files and *.md files that start with front-matter. "
        "Exit status: 0 no findings, 1 findings, 2 usage, configuration or internal error."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to lint (default: `.`); `-` for stdin")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("-o", "--output-file", metavar="FILE", help="write findings to FILE instead of stdout")
    rules = parser.add_argument_group("rule selection (codes, names, prefixes such as MC2, or ALL; comma separated)")
    rules.add_argument("--select", type=_codes, action="extend", metavar="RULES", help="run only these rules")
    rules.add_argument("--extend-select", type=_codes, action="extend", default=[], metavar="RULES", help="run these rules too")
    rules.add_argument("--ignore", type=_codes, action="extend", default=[], metavar="RULES", help="do not run these rules")
    rules.add_argument(
        "--strict",
        action="store_true",
        default=None,
        help="warnings become errors; rules marked `off` in `modelcard rules` run too (not a profile's)",
    )
    rules.add_argument(
        "--profile", metavar="NAME", help="add a profile's rules: eu-gpai (what EU AI Act documentation needs from the card)"
    )
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: nearest pyproject.toml with [tool.modelcard])")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place and report what remains")
    parser.add_argument("--diff", action="store_true", help="print the fixes as a unified diff without writing them")
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="lint with at most N processes (default: one per CPU, used only when there are enough files; "
        "1: this process alone)",
    )
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name of the card read from stdin")
    parser.add_argument("--force-exclude", action="store_true", help="apply `exclude` to files named explicitly too")
    parser.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default: info, any finding)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no summary")
    cache = parser.add_argument_group("result cache (unchanged cards are not linted again; never with --fix, --diff or stdin)")
    cache.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="the cache folder (default: MODELCARD_CACHE_DIR, else `cache-dir` in the configuration, "
        "else .modelcard_cache at the project root)",
    )
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache (also MODELCARD_NO_CACHE=1)")


def run(args: argparse.Namespace) -> int:
    return lint_command(
        paths=args.paths,
        output_format=args.format,
        output_file=args.output_file,
        select=args.select,
        extend_select=args.extend_select,
        ignore=args.ignore,
        strict=args.strict,
        profile=args.profile,
        config_file=args.config,
        fix=args.fix,
        diff=args.diff,
        jobs=args.jobs,
        statistics=args.statistics,
        stdin_filename=args.stdin_filename,
        force_exclude=args.force_exclude,
        fail_on=args.fail_on,
        exit_zero=args.exit_zero,
        quiet=args.quiet,
        cache_dir=args.cache_dir,
        no_cache=args.no_cache,
    )


def lint_command(
    *,
    paths: Sequence[str] = (),
    output_format: str = "text",
    output_file: str | None = None,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool | None = None,
    profile: str | None = None,
    config_file: str | None = None,
    fix: bool = False,
    diff: bool = False,
    jobs: int | None = None,
    statistics: bool = False,
    stdin_filename: str | None = None,
    force_exclude: bool = False,
    fail_on: str | None = None,
    exit_zero: bool = False,
    quiet: bool = False,
    cache_dir: str | None = None,
    no_cache: bool = False,
) -> int:
    """Run ``modelcard lint``; returns the exit status."""
    from pathlib import Path

    from modelcard.checks import registry, runner
    from modelcard.checks.config import load_config
    from modelcard.errors import UsageError

    if jobs is not None and jobs < 0:
        raise UsageError("`--jobs` must be 0 (one per CPU) or more")
    if statistics and output_format not in ("text", "json"):
        raise UsageError("`--statistics` works with `--format text` or `--format json`")
    paths = list(paths) or (["-"] if stdin_filename else ["."])
    first = next((p for p in paths if p != "-"), stdin_filename)
    config = load_config(Path(first) if first else None, config_file=config_file).with_overrides(
        select=select, extend_select=extend_select, ignore=ignore, strict=strict, fail_on=fail_on, profile=profile
    )
    for warning in config.warnings:
        print(f"modelcard: warning: {warning}", file=sys.stderr)

    targets = runner.discover(paths, config, force_exclude=force_exclude)
    if stdin_filename:
        targets = [runner.Target("-", stdin_filename) if t.path == "-" else t for t in targets]
    stdin = _read_stdin(config, stdin_filename, whole=fix) if any(t.path == "-" for t in targets) else None
    cache = None if no_cache or fix or diff else _cache(config, cache_dir)
    with fewer_collections():
        result = runner.run(targets, config=config, fix=fix or diff, write=not diff, jobs=jobs, stdin=stdin, cache=cache)

    color = output_file is None and not diff and not (fix and stdin is not None) and _wants_color()
    rendered = _render(output_format, result.diagnostics, statistics, registry.all_rules(), color=color)
    if diff:
        _print_diffs(result.changed)
    elif fix and stdin is not None:
        # Fixing stdin: the card goes to stdout, the findings to stderr.
        fixed = next((f.new for f in result.files if f.display == (stdin_filename or "-") and f.new), stdin)
        sys.stdout.buffer.write(fixed)
        sys.stdout.flush()
        _emit(rendered, None, to_stderr=True)
    else:
        _emit(rendered, output_file)
    if not quiet:
        print(_summary(result, fix=fix, diff=diff), file=sys.stderr)
        if not targets:
            print("modelcard: warning: no card found in the given paths", file=sys.stderr)
    return _exit_status(result, config, diff=diff, exit_zero=exit_zero)


#: Allocations between two collections of young objects while linting (Python's default: 700).
YOUNG_COLLECTION_THRESHOLD = 100_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect young objects less often while linting; the threshold is restored afterwards.

    A lint run allocates many short-lived objects (YAML nodes, outline blocks,
    diagnostics) that hardly ever form reference cycles: at the default
    threshold a few percent of the run go into collections that free nothing.
    Cycles are still collected, every 100,000 allocations. Worker processes
    forked during the run inherit the threshold.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _cache(config: Config, cache_dir: str | None) -> Cache | None:
    from modelcard.checks.cache import Cache, disabled, folder_for

    folder = None if disabled() else folder_for(config, cache_dir=cache_dir)
    return None if folder is None else Cache.open(folder)


def _read_stdin(config: Config, stdin_filename: str | None, *, whole: bool) -> bytes:
    """Standard input, never more than the size limit (unless it must be written back whole)."""
    from modelcard.checks import engine

    limit = engine.max_bytes(config.rules_for(stdin_filename))
    if whole or limit is None:
        return sys.stdin.buffer.read()
    return sys.stdin.buffer.read(limit + 1)


def _exit_status(result: RunResult, config: Config, *, diff: bool, exit_zero: bool) -> int:
    """2: a file was not fully checked (MC900); 1: findings (or fixes to apply); 0: clean."""
    from modelcard.checks.engine import INTERNAL

    diagnostics = result.diagnostics
    if any(d.code == INTERNAL for d in diagnostics):
        return 2
    if exit_zero:
        return 0
    if diff:
        return 1 if result.changed else 0
    return 1 if any(config.fails(d.severity) for d in diagnostics) else 0


def _wants_color() -> bool:
    from modelcard.cli.color import wants_color

    return wants_color(sys.stdout)


def _render(
    output_format: str, diagnostics: list[Diagnostic], statistics: bool, rules: Sequence[Rule], *, color: bool = False
) -> str:
    if statistics:
        from modelcard.reports.statistics import render

        return render(diagnostics, rules=rules, as_json=output_format == "json")
    from modelcard.reports import render

    return render(output_format, diagnostics, rules=rules, color=color)


def _emit(text: str, output_file: str | None, *, to_stderr: bool = False) -> None:
    if output_file:
        from modelcard.atomic import atomic_write
        from modelcard.errors import UsageError

        try:
            atomic_write(output_file, text.encode("utf-8"))
        except OSError as e:
            raise UsageError(f"cannot write `{output_file}`: {e.strerror or e}") from None
        return
    stream = sys.stderr if to_stderr else sys.stdout
    stream.write(text)
    stream.flush()


def _print_diffs(changed: list[FileResult]) -> None:
    import difflib

    for f in changed:
        assert f.original is not None and f.new is not None
        old = f.original.decode("utf-8", "surrogateescape").splitlines(keepends=True)
        new = f.new.decode("utf-8", "surrogateescape").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(old, new, *_diff_names(f.display)))
    sys.stdout.flush()


def _diff_names(display: str) -> tuple[str, str]:
    """``a/PATH``, ``b/PATH`` as git writes them, an absolute path without its leading ``/``
    (``git diff --no-index`` does the same): ``patch -p1`` applies it from the current
    folder, or from ``/`` (``patch -d / -p1``) for an absolute path."""
    path = display.lstrip("/")
    return f"a/{path}", f"b/{path}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(result: RunResult, *, fix: bool, diff: bool) -> str:
    diagnostics = result.diagnostics
    cards = _plural(result.checked, "card")
    if diff:
        n = sum(f.fixed for f in result.changed)
        return f"Would fix {_plural(n, 'finding')} in {_plural(len(result.changed), 'card')}." if n else "No fixes available."
    fixed = f"Fixed {_plural(result.fixed, 'finding')}. " if fix and result.fixed else ""
    if not diagnostics:
        return f"{fixed}All checks passed ({cards})."
    by_severity: dict[str, int] = {}
    for d in diagnostics:
        by_severity[d.severity.value] = by_severity.get(d.severity.value, 0) + 1
    detail = ", ".join(_plural(by_severity[s], s) for s in SEVERITIES if s in by_severity)
    files = sum(1 for f in result.files if f.diagnostics)  # a card's findings include its .eval_results files
    fixable = sum(d.fix is not None for d in diagnostics)
    hint = f" {fixable} fixable with `--fix` (marked [*])." if fixable and not fix else ""
    return f"{fixed}Found {_plural(len(diagnostics), 'finding')} ({detail}) in {files} of {cards}.{hint}"
