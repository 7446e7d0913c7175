"""Show the card templates and the variables they can use.

`--list` names the built-in templates, `--show NAME` prints one (a starting
point for your own `--template PATH`), `--vars` documents every variable and
filter a template can use.
"""

from __future__ import annotations

import argparse
import sys


EPILOG = """\
your own template:
  modelcard template --show default > my.md.j2     # start from a built-in one
  modelcard generate RUN_DIR --template my.md.j2
  Your template renders in a sandbox. A variable the run does not provide is an
  error naming it: guard optional ones with {% if NAME is defined %}.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--vars", action="store_true", help="document the template variables and filters (default)")
    what.add_argument("--list", action="store_true", help="list the built-in templates")
    what.add_argument("--show", metavar="NAME", help="print a built-in template")


def run(args: argparse.Namespace) -> int:
    return template_command(list_templates=args.list, show=args.show)


def template_command(*, list_templates: bool = False, show: str | None = None) -> int:
    from modelcard.generate.render import builtin_templates, resolve_template

    if list_templates:
        for name in builtin_templates():
            print(name)
        return 0
    if show is not None:
        path, _ = resolve_template(show)
        sys.stdout.write(path.read_text(encoding="utf-8"))
        return 0
    from modelcard.generate.variables import FILTERS, VARIABLES

    print("Variables: `always` ones are set for every run; `optional` ones are absent when the run")
    print("lacks them, so test them first: {% if emissions is defined %}...{% endif %}.")
    print("Keys of a dict variable follow the same rule: {% if emissions.energy_kwh is defined %}.")
    print()
    width = max(len(v.name) for v in VARIABLES)
    print(f"  {'NAME':<{width}}  {'TYPE':<16} {'PRESENCE':<8}  DESCRIPTION")
    for v in VARIABLES:
        flag = "optional" if v.optional else "always"
        print(f"  {v.name:<{width}}  {v.type:<16} {flag:<8}  {v.description}")
    print()
    print("Filters, besides Jinja's own ({{ value | num }}):")
    for name, description in FILTERS.items():
        print(f"  {name:<{width}}  {description}")
    print()
    print("Generated regions: text between `<!-- modelcard-begin NAME -->` and `<!-- modelcard-end NAME -->`")
    print("is replaced on regeneration; everything else in the body is kept byte for byte.")
    print("Start your own template from a built-in one: `modelcard template --show default > my.md.j2`,")
    print("then `modelcard generate RUN_DIR --template my.md.j2`.")
    return 0
