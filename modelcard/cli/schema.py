"""Print the JSON Schema of model-card metadata, for editors and check-jsonschema.

The schema is standalone (Draft 2020-12, every enum inline): point an editor's
YAML front-matter validation at it, or run
`check-jsonschema --schemafile modelcard.schema.json metadata.json`.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE instead of stdout")


def run(args: argparse.Namespace) -> int:
    return print_schema(output=args.output)


def print_schema(*, output: str | None = None) -> int:
    """Write the schema, unchanged from the file shipped with the package."""
    from modelcard.checks.schema import schema_text

    text = schema_text()
    if output is None or output == "-":
        sys.stdout.write(text)
        return 0
    from modelcard.atomic import atomic_write

    atomic_write(output, text.encode("utf-8"))
    return 0
