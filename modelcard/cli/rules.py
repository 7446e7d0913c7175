"""List the lint rules: code, name, fixable, severity, default, summary.

FIX: `*` when `modelcard lint --fix` can fix the rule's findings. SEVERITY: how
its findings are reported (`severity` in [tool.modelcard] changes it). DEFAULT:
`on` when the rule runs without being selected; `off` when it runs only when
selected (`--select`, `--extend-select`) or with `--strict`; a profile's name
(`eu-gpai`) when that profile (`--profile`) or a selection turns it on.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    return list_rules(output_format=args.format)


def list_rules(*, output_format: str = "text") -> int:
    """Print every rule."""
    from modelcard.checks.registry import all_rules

    rules = all_rules()
    if output_format == "json":
        import json

        data = [
            {
                "code": r.code,
                "name": r.name,
                "summary": r.summary,
                "severity": r.severity.value,
                "fixable": r.fixable,
                "default": r.default_enabled,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return 0
    width = max(len(r.name) for r in rules)
    lines = [f"{'CODE':<6}  {'NAME':<{width}}  FIX  SEVERITY  DEFAULT  SUMMARY"]
    for r in rules:
        fix = "*" if r.fixable else " "
        default = "on" if r.default_enabled else r.profile or "off"
        lines.append(f"{r.code:<6}  {r.name:<{width}}  {fix:^3}  {r.severity.value:<8}  {default:<7}  {r.summary}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
