"""``modelcard`` entry point: a thin dispatcher over one module per subcommand.

Each subcommand module exposes ``add_arguments(parser)`` and ``run(args) -> int``
and keeps heavy imports inside ``run`` so that ``modelcard lint`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from modelcard.cli.error_handler import error_handler
from modelcard.version import __version__

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("modelcard.cli.lint", "check cards against the schema and the rules"),
    "clean": ("modelcard.cli.clean", "remove the result cache of `modelcard lint`"),
    "rules": ("modelcard.cli.rules", "list the lint rules"),
    "rule": ("modelcard.cli.rule", "print the documentation of one rule"),
    "schema": ("modelcard.cli.schema", "print the JSON Schema of card metadata"),
    "generate": ("modelcard.cli.generate", "write a card from a training run's logs"),
    "document": ("modelcard.cli.document", "write regulatory documentation (EU AI Act form) from a run and its card"),
    "template": ("modelcard.cli.template", "show templates and the variables they can use"),
    "push": ("modelcard.cli.push", "push a card and its weights to the Hub in one commit"),
    "pull": ("modelcard.cli.pull", "download a card and its files at a revision, verified"),
    "hub": ("modelcard.cli.hub", "run a local Hub-compatible server"),
    "track": ("modelcard.cli.track", "measure the carbon footprint of a training command"),
    "edit": ("modelcard.cli.edit", "edit a card in the browser with live lint and preview"),
}


def _parser(only: str | None) -> argparse.ArgumentParser:
    """The ``modelcard`` parser; only ``only``'s subcommand parser is filled in, when given."""
    parser = argparse.ArgumentParser(prog="modelcard", description="Author, lint and publish model cards.")
    parser.add_argument("--version", action="version", version=f"modelcard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(module_name)
        sp = sub.add_parser(name, help=help_text, description=(module.__doc__ or help_text).strip().splitlines()[0])
        module.add_arguments(sp)
        sp.set_defaults(_run=module.run)
    return parser


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`; did you mean X?` for the closest choice: two swapped letters first, then difflib's closest."""
    import difflib

    swapped = [c for c in choices if len(c) == len(word) and sorted(c) == sorted(word)]
    close = swapped or difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _innermost(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the (sub)command the arguments chose: ``modelcard hub serve`` -> serve's."""
    while True:
        chosen = None
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(args, action.dest, None) or "")
        if chosen is None:
            return parser
        parser = chosen


def _is_option(arg: str) -> bool:
    return arg.startswith("-") and arg != "-"


def _reject_unknown(parser: argparse.ArgumentParser, extras: Sequence[str]) -> None:
    """Exit 2 with ``parser``'s usage, naming the first unknown argument and the option it resembles."""
    first = next((e for e in extras if _is_option(e)), extras[0])
    if _is_option(first):
        options = [s for action in parser._actions for s in action.option_strings if s.startswith("--")]
        parser.error(f"unknown option `{first}`{_did_you_mean(first.split('=', 1)[0], options)}")
    parser.error(f"unexpected argument{'s' if len(extras) > 1 else ''}: {' '.join(f'`{e}`' for e in extras)}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Build only the chosen subcommand's parser: importing every command
    # module would slow down the cold start of `modelcard lint`.
    only = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    with error_handler() as status:
        parser = _parser(only)
        if argv and only is None and not argv[0].startswith("-"):
            parser.error(f"unknown command `{argv[0]}`{_did_you_mean(argv[0], list(SUBCOMMANDS))}")
        args, extras = parser.parse_known_args(argv)
        if extras and isinstance(getattr(args, "paths", None), list) and not any(_is_option(e) for e in extras):
            args.paths += extras  # `lint a.md --fix b.md`: paths after options, as ruff takes them
        elif extras:
            _reject_unknown(_innermost(parser, args), extras)
        if getattr(args, "_run", None) is None:
            parser.print_help(sys.stderr)
            return 2
        status.code = args._run(args)
    return status.code


if __name__ == "__main__":
    raise SystemExit(main())
