"""Write regulatory documentation filled from a training run and its card.

`--form eu-gpai` is the EU AI Act's Model Documentation Form for general-purpose
AI models (Annexes XI and XII): every field in the form's order, each with its
value and source, or marked missing for the provider to write.
"""

from __future__ import annotations

import argparse
import sys

FORMS = ("eu-gpai",)
FORMATS = ("markdown", "json")
AUDIENCES = ("all", "authorities", "downstream")

EPILOG = """\
input:
  a run folder (its logs, weights and README.md) or a card (and the run folder
  it sits in, when that holds logs).

audiences:
  authorities: fields for the AI Office and national competent authorities
  (Annex XI); downstream: fields for downstream providers (Annex XII).

exit status:
  0 written; 1 the run or the card cannot be read; 2 usage error.

examples:
  modelcard document outputs/run --form eu-gpai -o documentation.md
  modelcard document outputs/run/README.md --form eu-gpai --format json -o form.json
  modelcard document outputs/run --form eu-gpai --audience downstream
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("path", metavar="RUN_DIR_OR_CARD", help="a training run's folder or a model card")
    parser.add_argument("--form", choices=FORMS, default="eu-gpai", help="the form to fill (default: eu-gpai)")
    parser.add_argument("--format", choices=FORMATS, default="markdown", help="output format (default: markdown)")
    parser.add_argument("--audience", choices=AUDIENCES, default="all", help="only the fields for this audience (default: all)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")


def run(args: argparse.Namespace) -> int:
    return document_command(path=args.path, form=args.form, output_format=args.format, audience=args.audience, output=args.output)


def document_command(
    *, path: str, form: str = "eu-gpai", output_format: str = "markdown", audience: str = "all", output: str | None = None
) -> int:
    """Run ``modelcard document``; returns the exit status."""
    import json

    from modelcard.document import document
    from modelcard.document.render import to_json, to_markdown
    from modelcard.errors import UsageError

    if output_format not in FORMATS:
        raise UsageError(f"unknown format `{output_format}` (expected markdown or json)")
    filled = document(path, form=form).for_audience(audience)
    if output and output != "-" and _same_file(output, filled.card):
        raise UsageError(f"`-o {output}` is the card the form is filled from; write the form to another file")
    if output_format == "json":
        text = json.dumps(to_json(filled), indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_markdown(filled)
    if output and output != "-":
        from modelcard.atomic import atomic_write

        try:
            atomic_write(output, text.encode("utf-8"))
        except OSError as e:
            raise UsageError(f"cannot write `{output}`: {e.strerror or e}") from None
        counts = filled.counts()
        print(
            f"wrote {output}: {counts['filled']} fields filled, {counts['partial']} partly, {counts['missing']} missing",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0


def _same_file(output: str, card: str | None) -> bool:
    from pathlib import Path

    if card is None or not Path(output).exists():
        return False
    return Path(output).resolve() == Path(card).resolve()
