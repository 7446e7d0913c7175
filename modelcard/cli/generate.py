"""Write a model card from a training run's logs.

Reads the run folder (trainer_state.json, *_results.json, training_args.json,
config.json, emissions.csv, *.safetensors...), merges what it finds with your
metadata (flags > --metadata > the existing card > the logs) and renders a
template. Regenerating replaces only the generated regions of an existing card.
With --check nothing is written and the exit status is 1 when the card is
stale against the logs (the differences go to stdout).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import Any


EPILOG = """\
what it reads:
  Hugging Face Trainer folders (trainer_state.json, *_results.json,
  training_args.json, config.json, adapter_config.json), Keras history JSON or
  CSVLogger files with fit_params.json, Lightning metrics.csv + hparams.yaml,
  codecarbon's emissions.csv (+ emissions_caveats.json), *.safetensors headers.
  training_args.bin is a pickle and is never loaded. What the logs do not tell
  is listed on stderr and in the card.

which value wins:
  flags > --metadata > the existing card's front-matter > the logs.

regenerating:
  When the card exists, only the text between `<!-- modelcard-begin NAME -->`
  and `<!-- modelcard-end NAME -->` and the front-matter keys generated before
  are rewritten; hand-written text and keys you set or edited stay as they are.

exit status:
  0 card written or unchanged (--check: up to date); 1 the run or the
  template cannot be used, or (--check) the card is stale; 2 usage error
  (a bad flag or --metadata file, or a value `modelcard lint` would reject,
  such as `--license "Apache 2.0"`: nothing is written).

examples:
  modelcard generate outputs/bert-imdb --license apache-2.0 --dataset imdb
  modelcard generate outputs/bert-imdb --metadata card.yaml -o card/README.md
  modelcard generate outputs/bert-imdb --template short -o -
  modelcard generate outputs/bert-imdb --check       # in CI
  modelcard generate outputs/qwen-sft --dataset Idavidrein/gpqa --eval-task-id gpqa_diamond
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("run_dir", metavar="RUN_DIR", help="the training run's output folder")
    parser.add_argument(
        "--metadata", metavar="YAML", help="a YAML file of card metadata to set (license, datasets, language, model_name...)"
    )
    parser.add_argument(
        "--template",
        metavar="NAME|PATH",
        help="a built-in template (default, short; see `modelcard template`) or the path of your own Jinja2 file (default: default)",
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="the card to write (default: RUN_DIR/README.md); `-` prints it to stdout")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the card on disk is stale against the logs")
    parser.add_argument(
        "--no-plot",
        dest="plot",
        action="store_false",
        help="do not draw training_curves.png beside the card (drawn only when matplotlib is installed)",
    )
    values = parser.add_argument_group("metadata (these win over --metadata and the existing card)")
    values.add_argument("--license", metavar="ID", help="license id, e.g. apache-2.0")
    values.add_argument("--dataset", action="append", metavar="ID", help="dataset id on the Hub (repeatable or comma separated)")
    values.add_argument("--base-model", metavar="ID", help="the base model's Hub id, e.g. google-bert/bert-base-uncased")
    values.add_argument("--task", metavar="PIPELINE_TAG", help="the task, e.g. text-classification (model-index needs it and a dataset)")
    values.add_argument("--language", action="append", metavar="CODE", help="language code, e.g. en (repeatable or comma separated)")
    evals = parser.add_argument_group(
        "evaluation on a Hub benchmark (writes .eval_results/NAME.yaml beside the card; also `eval_results:` in --metadata)"
    )
    evals.add_argument(
        "--eval-task-id", metavar="TASK_ID", help="the task of the benchmark's eval.yaml the run was evaluated on, e.g. gpqa_diamond"
    )
    evals.add_argument(
        "--eval-dataset", metavar="ID", help="the benchmark's Hub dataset id (default: the evaluation dataset, the first --dataset)"
    )
    evals.add_argument(
        "--eval-metric", metavar="NAME", help="the logged metric that is the benchmark's score (default: the evaluation's only metric)"
    )
    values.add_argument(
        "--model-name",
        metavar="NAME",
        help="the model's name: card title and model-index (default: model-index's name in --metadata or the existing card, the run's hub_model_id, or RUN_DIR's name)",
    )


def _list(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def run(args: argparse.Namespace) -> int:
    return generate_command(
        run_dir=args.run_dir,
        metadata=args.metadata,
        template=args.template,
        output=args.output,
        check=args.check,
        plot=args.plot,
        overrides={
            "license": args.license,
            "dataset": _list(args.dataset),
            "base_model": args.base_model,
            "task": args.task,
            "language": _list(args.language),
            "model_name": args.model_name,
            "eval_task_id": args.eval_task_id,
            "eval_dataset": args.eval_dataset,
            "eval_metric": args.eval_metric,
        },
    )


def generate_command(
    *,
    run_dir: str,
    metadata: str | None = None,
    template: str | None = None,
    output: str | None = None,
    check: bool = False,
    plot: bool = True,
    overrides: Mapping[str, Any] | None = None,
) -> int:
    from pathlib import Path

    from modelcard.generate import StaleCardError, generate, generate_card
    from modelcard.generate.generate import write

    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    if output == "-":
        if check:
            from modelcard.errors import UsageError

            raise UsageError("--check compares with a card on disk; give its path with -o")
        result = generate_card(run_dir, metadata=metadata, template=template, overrides=overrides, plot=False)
        sys.stdout.write(result.card.dumps())
        for path in result.beside.files if result.beside is not None else ():
            print(f"modelcard: {path} is written beside a card file, not with -o -", file=sys.stderr)
        _report_missing(result.missing)
        _report_not_written(result)
        return 0
    out = Path(output) if output else Path(run_dir) / "README.md"
    if check:
        try:
            generate(run_dir, metadata=metadata, template=template, output=out, overrides=overrides, check=True, plot=plot)
        except StaleCardError as e:
            sys.stdout.write(e.diff)
            print(f"modelcard: {e}", file=sys.stderr)
            return 1
        print(f"{out}: up to date with the logs", file=sys.stderr)
        return 0
    result = generate_card(run_dir, metadata=metadata, template=template, output=out, overrides=overrides, plot=plot)
    beside = result.beside.changed if result.beside is not None else []
    write(result, out)
    for path in beside:
        print(f"wrote {out.parent / path}", file=sys.stderr)
    print(f"wrote {out}" if result.changed else f"{out}: unchanged", file=sys.stderr)
    _report_missing(result.missing)
    _report_to_write(result.card)
    _report_not_written(result)
    return 0


def _report_not_written(result: Any) -> None:
    for note in result.beside.missing if result.beside is not None else ():
        print(f"modelcard: no .eval_results file: it needs {note}", file=sys.stderr)


def _report_missing(missing: Sequence[str]) -> None:
    if missing:
        print("the card says what the logs do not tell:", file=sys.stderr)
        for note in missing:
            print(f"  - {note}", file=sys.stderr)


def _report_to_write(card: Any) -> None:
    from modelcard.generate.generate import sections_to_write

    sections = sections_to_write(card)
    if sections:
        shown = ", ".join(f"`{s}`" for s in sections)
        print(f"sections only the authors can write (`modelcard lint --strict` fails until they do): {shown}", file=sys.stderr)
