"""The card sections regulatory documentation needs, and the text the provider wrote in them.

A topic (acceptable use, intended uses, training data...) is matched on the
card's headings, as the Hub's template and real cards name them. A section
counts as written when, once its generated regions, HTML comments, headings,
the built-in templates' stock sentences and placeholders are left out, some
text remains: a template's "The authors have not documented..." never passes
for the provider's own words. Shared by ``modelcard document`` and the
``eu-gpai`` lint rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


@dataclass(frozen=True)
class Topic:
    """What a section is about: ``about`` for messages, a ``heading`` to suggest,
    and a ``pattern`` matched on normalized heading titles."""

    name: str
    about: str
    heading: str
    pattern: re.Pattern[str]


def _topic(name: str, about: str, heading: str, pattern: str) -> Topic:
    return Topic(name, about, heading, re.compile(pattern))


TOPICS: dict[str, Topic] = {
    t.name: t
    for t in (
        _topic("acceptable-use", "the acceptable use policy", "## Acceptable use policy",
               r"\bacceptable use\b|\buse polic(?:y|ies)\b|\baup\b|\bterms of use\b"),
        _topic("intended-uses", "intended uses", "## Intended uses",
               r"\bintended\b|\b(?:direct|downstream|primary) uses?\b|^uses$|\buse cases?\b"),
        _topic("restricted-uses", "restricted or prohibited uses", "## Out-of-scope and prohibited uses",
               r"\bout of scope\b|\brestricted\b|\bprohibited\b|\bmisuse\b|\bmalicious\b|\bnot intended\b|\bforbidden\b"),
        _topic("ai-systems", "the kinds of AI systems the model can be part of", "## Downstream use",
               r"\bdownstream use\b|\bai systems?\b|\bintegrat\w*\b|\bapplications?\b"),
        _topic("integration", "the technical means to integrate the model", "## How to get started with the model",
               r"\bhow to (?:get started|use)\b|\bgetting started\b|\busage\b|\bintegration\b|\binference\b|\bquick ?start\b"),
        _topic("required-hardware", "the hardware needed to use the model", "## Hardware requirements",
               r"\b(?:hardware|compute|system) requirements?\b|\brequired hardware\b"),
        _topic("required-software", "the software needed to use the model", "## Software requirements",
               r"\bsoftware\b|^(?:requirements|dependencies|installation)$|\bsoftware (?:requirements|dependencies)\b"),
        _topic("model-description", "the model's design", "## Model description",
               r"\bmodel (?:description|details|architecture|design)\b|^architecture$|^model$"),
        _topic("training-procedure", "the training process", "## Training procedure",
               r"\btraining (?:procedure|details|process|method\w*|setup)\b"),
        _topic("design-rationale", "the rationale of key design choices", "## Design choices",
               r"\brationale\b|\bdesign (?:choices|decisions)\b|\bobjectives?\b"),
        _topic("training-data", "training data provenance", "## Training data",
               r"^(?!test|eval|valid|dev).*\b(?:data|datasets?|corpus|corpora|provenance)\b"),
        _topic("data-collection", "how the data was obtained and selected", "## Data collection",
               r"\bdata (?:collection|sources?|acquisition|selection)\b|\bcollection\b|\bprovenance\b"),
        _topic("data-curation", "training data curation", "## Data curation",
               r"\bcurat\w*\b|\bpre ?processing\b|\bcleaning\b|\bfiltering\b|\bdeduplication\b"),
        _topic("data-suitability", "measures against unsuitable data sources", "## Data suitability",
               r"\bunsuitab\w*\b|\bsuitability\b|\bdata quality\b"),
        _topic("bias", "measures to detect biases", "## Bias",
               r"\bbias(?:es)?\b"),
        _topic("evaluation", "evaluation", "## Evaluation results",
               r"\beval\w*\b|\bresults?\b|\bbenchmarks?\b|\btesting\b|\bperformance\b|\bmetrics?\b"),
        _topic("distribution", "the distribution channels", "## Distribution",
               r"\bdistribution\b|\bavailability\b|\brelease\b|\baccess\b|\bdownloads?\b"),
    )
}

#: Words that say a data section covers curation (when no section is named after it).
CURATION_WORDS = re.compile(r"(?i)\b(?:curat\w*|clean\w*|filter\w*|dedup\w*|pre-?process\w*|remov\w*|normali[sz]\w*)\b")

_NOT_WORD = re.compile(r"[\W_]+")
_ITEM = re.compile(r"^(?:[-+]|\*(?!\*)|\d{1,9}[.)]|>)\s+")  # a list item's or a quote's marker
_UNDERLINE = re.compile(r"[=-]+")  # a setext heading's underline, or a thematic break
_BEGIN = re.compile(r"<!--\s*modelcard-begin\s+([a-z0-9][a-z0-9_-]*)\s*-->")


@dataclass(frozen=True)
class Written:
    """A section about a topic: its title, line (1-based, in the file) and the provider's text."""

    title: str
    line: int
    text: str


class CardSection(NamedTuple):
    """A heading and the body lines up to the next heading of the same or a higher level."""

    title: str
    level: int
    line: int
    topics: frozenset[str]  # the names of the topics the title names
    first: int  # the section's body lines are body_lines[first:end]
    end: int


def normal_title(title: str) -> str:
    return _NOT_WORD.sub(" ", title.lower().replace("&", " and ").replace("-", " ")).strip()


@functools.lru_cache(maxsize=4096)
def title_topics(title: str) -> frozenset[str]:
    """The names of the topics a heading title names (cards share many titles:
    the last few thousand are kept)."""
    normal = normal_title(title)
    return frozenset(t.name for t in TOPICS.values() if t.pattern.search(normal))


class CardSections:
    """The sections of one card, with what the rules and the form ask of them, each
    found once: build it with ``ctx.cached(CardSections)`` so that every rule
    linting the card shares it."""

    def __init__(self, ctx: CheckContext) -> None:
        headings = ctx.headings
        self._lines = ctx.body_lines
        start = ctx.card.body_start_line
        ends = [len(self._lines)] * len(headings)
        open_: list[int] = []
        for i, heading in enumerate(headings):
            while open_ and headings[open_[-1]].level >= heading.level:
                ends[open_.pop()] = heading.line - start
            open_.append(i)
        self.all = [
            CardSection(h.text, h.level, h.line, title_topics(h.text), h.line - start + 1, end)
            for h, end in zip(headings, ends)
        ]
        self.start_line = start
        self._written: dict[str, Written | None] = {}

    def content(self, section: CardSection) -> str:
        """The section's text after its heading."""
        return "\n".join(self._lines[section.first : section.end])

    def matching(self, topic: Topic) -> list[CardSection]:
        """The sections whose heading names the topic (one of :data:`TOPICS`), in order."""
        return [s for s in self.all if topic.name in s.topics]

    def written(self, topic: Topic) -> Written | None:
        """The first section about the topic that holds text the provider wrote."""
        if topic.name not in self._written:
            self._written[topic.name] = next(
                (
                    Written(s.title, s.line, text)
                    for s in self.matching(topic)
                    if (text := provider_text(self.content(s)))
                ),
                None,
            )
        return self._written[topic.name]

    def is_written(self, topic: Topic) -> bool:
        """Whether a section about the topic holds text the provider wrote
        (``written(topic) is not None``, reading each section up to its first such line)."""
        if topic.name in self._written:
            return self._written[topic.name] is not None
        return any(next(_provider_lines(self.content(s)), None) is not None for s in self.matching(topic))


def matching(ctx: CheckContext, topic: Topic) -> list[CardSection]:
    """The sections of the card whose heading names the topic, in order."""
    return ctx.cached(CardSections).matching(topic)


def written(ctx: CheckContext, topic: Topic) -> Written | None:
    """The first section of the card about the topic that holds text the provider wrote."""
    return ctx.cached(CardSections).written(topic)


def provider_text(content: str) -> str:
    """``content`` without generated regions, HTML comments, headings, the
    built-in templates' stock lines and placeholder-only lines; "" when nothing is left."""
    return "\n".join(_provider_lines(content)).strip()


def _provider_lines(content: str) -> Iterator[str]:
    """The lines of ``content`` that :func:`provider_text` keeps, without trailing spaces."""
    from modelcard.checks.rules._placeholders import is_placeholder_only

    for line in _without_comments(content).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _UNDERLINE.fullmatch(stripped) or is_stock(stripped):
            continue
        if is_placeholder_only(_ITEM.sub("", stripped, count=1)):
            continue
        yield line.rstrip()


def _without_comments(text: str) -> str:
    """``text`` without HTML comments and what lies inside generated regions (linear time)."""
    out, pos, region = [], 0, None
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            if region is None:
                out.append(text[pos:])
            break
        end = text.find("-->", start + 4)
        if end < 0:
            if region is None:
                out.append(text[pos:start])
            break
        if region is None:
            out.append(text[pos:start])
        comment = text[start : end + 3]
        if region is None:
            begin = _BEGIN.fullmatch(comment)
            region = begin.group(1) if begin else None
        elif re.fullmatch(rf"<!--\s*modelcard-end\s+{re.escape(region)}\s*-->", comment):
            region = None
        pos = end + 3
    return "".join(out)


#: Stock lines are short; longer lines are never compared (bounds the matching time).
_MAX_STOCK = 400
_IF_BLOCK = re.compile(r"\{%-?\s*if\b.*?%\}.*?\{%-?\s*endif\s*-?%\}")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def is_stock(line: str) -> bool:
    """Whether a stripped line is one the built-in templates write outside generated regions."""
    return len(line) <= _MAX_STOCK and stock_lines().fullmatch(line) is not None


@functools.lru_cache(maxsize=1)
def stock_lines() -> re.Pattern[str]:
    """The built-in templates' lines outside generated regions, as one pattern with
    an alternative per line: a Jinja expression or an ``{% if %}`` block on the line
    matches any text."""
    from modelcard.resources import templates_dir

    patterns: dict[str, None] = {}
    for path in sorted(templates_dir().glob("*.md.j2")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        for line in _without_comments(text).splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            pieces = _TAG.split(_IF_BLOCK.sub("\x00", stripped).replace("\x00", "{{}}"))
            if sum(len(p.strip()) for p in pieces) < 12:
                continue  # only tags, or too little text to tell a line apart
            patterns[".*".join(re.escape(p) for p in pieces)] = None
    return re.compile("|".join(f"(?:{p})" for p in patterns))
