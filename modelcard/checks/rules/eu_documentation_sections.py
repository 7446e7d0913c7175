"""MC601–MC607: the card sections EU documentation of a general-purpose AI model needs.

Off by default; the ``eu-gpai`` profile turns them on. A section counts when
its heading names the topic and it holds text its authors wrote: generated
regions, the built-in templates' stock sentences and placeholders do not count
(see :mod:`modelcard.document.sections`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.document.sections import CURATION_WORDS, TOPICS, Topic, matching, written

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_WHY = """\
## Why is this bad?
Providers of general-purpose AI models placed on the EU market document them
for the AI Office and national authorities (EU AI Act, Annex XI) and inform the
providers who build on them (Annex XII); the AI Office's Model Documentation
Form asks for {about}. The card is where `modelcard document --form eu-gpai`
finds it; without it, the form lists the field as missing.
"""


def _check(topic: Topic, also: Callable[[CheckContext], bool] | None = None) -> Callable[[CheckContext], Iterator[Finding]]:
    def check(ctx: CheckContext) -> Iterator[Finding]:
        if written(ctx, topic) is not None or (also is not None and also(ctx)):
            return
        found = matching(ctx, topic)
        if found:
            section = max(found, key=lambda s: _likeness(s.title, topic.heading))
            yield Finding(
                f"section `{section.title}` holds no text its authors wrote about {topic.about} "
                "(only generated or template text)",
                Location(section.line, 1),
            )
        else:
            yield Finding(f"no section on {topic.about}; add one such as `{topic.heading}`", Location(ctx.card.body_start_line, 1))

    return check


def _likeness(title: str, heading: str) -> float:
    """How close a heading is to the suggested one (to report the section meant)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, title.lower(), heading.lstrip("# ").lower()).ratio()


def _curation_in_data_section(ctx: CheckContext) -> bool:
    data = written(ctx, TOPICS["training-data"])
    return data is not None and CURATION_WORDS.search(data.text) is not None


def _model_index_results(ctx: CheckContext) -> bool:
    models = ctx.card.metadata.get("model-index")
    return isinstance(models, list) and any(isinstance(m, dict) and m.get("results") for m in models)


def _rule(code: str, name: str, topic: str, summary: str, example: str, use_instead: str, extra: str = "",
          also: Callable[[CheckContext], bool] | None = None) -> Rule:  # fmt: skip
    t = TOPICS[topic]
    return Rule(
        code=code,
        name=name,
        summary=summary,
        check=_check(t, also),
        severity=Severity.WARNING,
        default_enabled=False,
        profile="eu-gpai",
        doc=f"""\
## What it does
Looks for a section on {t.about} that holds text the card's authors wrote,
under a heading such as `{t.heading.lstrip('# ')}`.{extra} A section with only
generated or template text is reported at its heading. Enabled by the `eu-gpai`
profile (`modelcard lint --profile eu-gpai`).

{_WHY.format(about=t.about)}
## Example
```markdown
{example}
```

## Use instead
```markdown
{use_instead}
```
""",
    )


_BASE = "# tiny-bert\n\nA fine-tuned version of bert-base-uncased."
RULES = (
    _rule("MC601", "eu-acceptable-use-policy", "acceptable-use", "The card has no acceptable use policy",
          _BASE, _BASE + "\n\n## Acceptable use policy\nUse is governed by https://example.org/aup: no surveillance, no\nautomated decisions about people."),
    _rule("MC602", "eu-intended-uses", "intended-uses", "The card does not say what the model is intended for",
          _BASE + "\n\n## Intended uses & limitations\n\nThe authors have not documented intended uses and limitations yet. Until they do, treat this\n"
          "model as an experiment and evaluate it on your own data before relying on it.",
          _BASE + "\n\n## Intended uses\nSentiment of English product reviews, in review-moderation tools."),
    _rule("MC603", "eu-restricted-uses", "restricted-uses", "The card does not say which uses are restricted or prohibited",
          _BASE + "\n\n## Intended uses\nSentiment of English product reviews.",
          _BASE + "\n\n## Intended uses\nSentiment of English product reviews.\n\n## Out-of-scope use\nNot for decisions about people (hiring, credit, health)."),
    _rule("MC604", "eu-training-data-provenance", "training-data", "The card does not say where the training data comes from",
          _BASE + "\n\n## Training and evaluation data\n<!-- modelcard-begin data -->\nDatasets named in the card's metadata: imdb.\n<!-- modelcard-end data -->",
          _BASE + "\n\n## Training data\nThe `train` split of imdb (50,000 movie reviews collected from IMDb in 2011)."),
    _rule("MC605", "eu-training-data-curation", "data-curation", "The card does not say how the training data was curated",
          _BASE + "\n\n## Training data\nThe `train` split of imdb.",
          _BASE + "\n\n## Training data\nThe `train` split of imdb; HTML tags were removed and duplicate reviews filtered out.",
          " A training-data section that says how the data was cleaned, filtered, deduplicated or\npre-processed counts too.",
          _curation_in_data_section),
    _rule("MC606", "eu-evaluation", "evaluation", "The card has no evaluation section",
          _BASE, _BASE + "\n\n## Evaluation results\nAccuracy 0.93 on the `test` split of imdb.",
          " Results in the `model-index` metadata count too.", _model_index_results),
    _rule("MC607", "eu-distribution-channels", "distribution", "The card does not say how the model is distributed",
          _BASE, _BASE + "\n\n## Distribution\nWeights on the Hugging Face Hub (this repository) and through our inference API."),
)  # fmt: skip
