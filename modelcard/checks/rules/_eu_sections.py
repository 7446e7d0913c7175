"""What the rules MC601–MC607 share: a card section EU documentation of a general-purpose AI model needs.

Off by default; the ``eu-gpai`` profile turns them on. A section counts when
its heading names the topic and it holds text its authors wrote: generated
regions, the built-in templates' stock sentences and placeholders do not count
(see :mod:`modelcard.document.sections`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.document.sections import TOPICS, CardSections, Topic

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

#: The card the rules' documented examples start from.
BASE = "# tiny-bert\n\nA fine-tuned version of bert-base-uncased."

_WHY = """\
## Why is this bad?
Providers of general-purpose AI models placed on the EU market document them
for the AI Office and national authorities (EU AI Act, Annex XI) and inform the
providers who build on them (Annex XII); the AI Office's Model Documentation
Form asks for {about}. The card is where `modelcard document --form eu-gpai`
finds it; without it, the form lists the field as missing.
"""


def section_rule(
    *,
    code: str,
    name: str,
    topic: str,
    summary: str,
    example: str,
    use_instead: str,
    extra: str = "",
    also: Callable[[CheckContext], bool] | None = None,
) -> Rule:
    """The rule that asks for a section on ``topic`` (a key of :data:`TOPICS`) with the
    authors' text; ``also`` tells when the card says it elsewhere (``extra`` documents how)."""
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


def _check(topic: Topic, also: Callable[[CheckContext], bool] | None) -> Callable[[CheckContext], Iterator[Finding]]:
    def check(ctx: CheckContext) -> Iterator[Finding]:
        sections = ctx.cached(CardSections)
        if sections.is_written(topic) or (also is not None and also(ctx)):
            return
        found = sections.matching(topic)
        if found:
            section = max(found, key=lambda s: _likeness(s.title, topic.heading))
            yield Finding(
                f"section `{section.title}` holds no text its authors wrote about {topic.about} "
                "(only generated or template text)",
                Location(section.line, 1),
            )
        else:
            yield Finding(f"no section on {topic.about}; add one such as `{topic.heading}`", Location(sections.start_line, 1))

    return check


def _likeness(title: str, heading: str) -> float:
    """How close a heading is to the suggested one (to report the section meant)."""
    return SequenceMatcher(None, title.lower(), heading.lstrip("# ").lower()).ratio()
