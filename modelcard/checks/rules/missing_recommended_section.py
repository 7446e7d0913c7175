"""MC201: a recommended section (uses, limitations, training data, evaluation) is missing."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.checks.rules._metadata import has_model_index_results

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_NOT_WORD = re.compile(r"[\W_]+")
_NOT_WORD_IN_LINE = re.compile(r"[^\w\n]+")  # underscores are made spaces first: one class, no alternation
_LINE_EDGES = re.compile(r" *\n *")

#: name -> (what it is about, a heading to suggest, headings that count, matched on normalized
#: titles, one per line)
SECTIONS: dict[str, tuple[str, str, re.Pattern[str]]] = {
    "intended-uses": (
        "intended uses",
        "## Intended uses & limitations",
        re.compile(r"\b(?:intended|uses|(?:direct|downstream|primary|out of scope) use|use cases?|applications?)\b", re.M),
    ),
    "limitations": (
        "limitations, bias and risks",
        "## Bias, Risks, and Limitations",
        re.compile(
            r"\b(?:limitations?|bias(?:es)?|risks?|ethic(?:s|al)|caveats?|fairness|harms?|safety|out of scope)\b",
            re.M,
        ),
    ),
    "training-data": (
        "training data",
        "## Training data",
        re.compile(
            r"^(?!test|eval|valid|dev).*\b(?:data|datasets?|corpus|corpora)\b"
            r"|^(?:model )?(?:pre ?)?training(?: details)?$",
            re.M,
        ),
    ),
    "evaluation": (
        "evaluation",
        "## Evaluation results",
        re.compile(r"\b(?:eval\w*|results?|benchmarks?|performance|metrics?|scores?|accuracy|leaderboards?|testing)\b", re.M),
    ),
}


def check(ctx: CheckContext) -> Iterator[Finding]:
    titles = _titles(ctx)
    for name in ctx.options.get("sections", ()):
        about, example, pattern = SECTIONS.get(name) or (name, f"## {name}", re.compile(re.escape(_normal(name))))
        if name == "evaluation" and has_model_index_results(ctx.card.metadata):
            continue  # the Hub shows them as the card's evaluation results
        if titles is None or not pattern.search(titles):
            yield _finding(about, example, ctx.card.body_start_line)


@functools.lru_cache(maxsize=256)
def _finding(about: str, example: str, line: int) -> Finding:
    """The finding (immutable, so shared by every card that misses the same section at the same line)."""
    return Finding(f"no section about {about}; add one such as `{example}`", Location(line, 1))


def _titles(ctx: CheckContext) -> str | None:
    """Headings, first header cells of tables, and whole-paragraph bold labels, normalized, one per line."""
    titles = []
    for block in ctx.outline:
        kind, text = block.kind, block.text
        if (
            kind == "heading"
            or (kind == "cell" and block.row == 0 and block.column == 0)
            or (kind == "paragraph" and len(text) < 80 and text[:2] == text[-2:] == "**")
        ):
            titles.append(text.replace("\n", " ") if "\n" in text else text)
    if not titles:
        return None
    joined = _NOT_WORD_IN_LINE.sub(" ", "\n".join(titles).lower().replace("&", " and ").replace("_", " "))
    return _LINE_EDGES.sub("\n", joined).strip(" ")


def _normal(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower().replace("&", " and ")).strip()


RULE = Rule(
    code="MC201",
    name="missing-recommended-section",
    summary="The card has no section on intended uses, limitations, training data or evaluation",
    check=check,
    severity=Severity.WARNING,
    options={"sections": ("intended-uses", "limitations", "training-data", "evaluation")},
    doc="""\
## What it does
Looks for the sections the Hub's model card template recommends: intended uses,
limitations (bias, risks), training data and evaluation. A section counts under
any of the names real cards give it, in any case: `Uses`, `Intended uses &
limitations`, `Bias, Risks, and Limitations`, `Training and evaluation data`,
`Evaluation results`, `Results`, `Benchmarks`... A heading, the first header cell
of a table, or a paragraph that is only a bold label can name it. Results in the
`model-index` metadata count as an evaluation section: the Hub shows them on the
model page.

## Why is this bad?
These sections tell people whether they may use the model, for what, and how far
to trust it. Their absence is the most common gap in published model cards.

## Example
```markdown
# my-model

A fine-tuned version of distilbert-base-uncased.
```

## Use instead
```markdown
# my-model

A fine-tuned version of distilbert-base-uncased.

## Intended uses & limitations
Sentiment of English product reviews; not tested on other domains or languages.

## Training data
The `train` split of `imdb`.

## Evaluation results
Accuracy 0.93 on the `test` split of `imdb`.
```

## Options
- `sections` (list of strings): which sections to require, among `intended-uses`,
  `limitations`, `training-data` and `evaluation` (all four by default). Any other
  string is required as part of a heading, for example `"citation"`.
""",
)
