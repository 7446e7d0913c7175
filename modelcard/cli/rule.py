"""Print the documentation of a lint rule, by code (MC101) or name (unknown-license)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", help="a rule code or name, e.g. MC101 or unknown-license")


def run(args: argparse.Namespace) -> int:
    return show_rule(rule=args.rule)


def show_rule(*, rule: str) -> int:
    """Print one rule's documentation as markdown."""
    from modelcard.checks import registry
    from modelcard.checks.docs import rule_markdown
    from modelcard.errors import UsageError

    found = registry.get(rule)
    if found is None:
        hint = registry.suggest(rule)
        raise UsageError(f"unknown rule `{rule}`" + (f"; did you mean `{hint}`?" if hint else "; see `modelcard rules`"))
    sys.stdout.write(rule_markdown(found))
    return 0
