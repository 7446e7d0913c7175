"""Fill the Model Documentation Form from a run folder and its card.

Every field of :data:`~modelcard.document.form.FORM` comes back, in order, as
``filled`` (the run or the card answers it), ``partial`` (the files give part
of the answer; the note says what the provider adds) or ``missing`` (the note
says who writes it and where). Values from the run name their file and key;
values from the card name its key or its section and line. Nothing is
invented: a field no file answers stays missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from modelcard.document import form as form_module
from modelcard.document.form import Field
from modelcard.errors import SourceError, UsageError

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.sources.run import Run
    from modelcard.techspecs import TechSpecs
    from modelcard.techspecs.thresholds import Comparison

FILLED, PARTIAL, MISSING = "filled", "partial", "missing"
PROVIDER = "for the provider to write"


@dataclass(frozen=True)
class FilledField:
    """One field of the form as filled.

    Attributes:
        field: the form's field.
        section: the id of its form section.
        status: ``filled``, ``partial`` or ``missing``.
        value: the answer (Markdown text), or None when missing.
        sources: where each part of the value comes from.
        note: what remains for the provider, or how the value was obtained.
    """

    field: Field
    section: str
    status: str
    value: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class FilledForm:
    """The filled form.

    Attributes:
        form: the form's id (``eu-gpai``).
        model_name: the model's name when known.
        run_dir: the run folder read, or None.
        card: the card read, or None.
        fields: every field in the form's order (or those of one audience).
        thresholds: known compute beside the indicative thresholds.
        unknown: facts the run's files do not hold and files that could not be
            read, one sentence each.
        audience: ``all``, or the audience the fields were selected for.
        specs: the run's technical specifications, or None without a run.
    """

    form: str
    model_name: str | None
    run_dir: str | None
    card: str | None
    fields: list[FilledField]
    thresholds: list[Comparison] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    audience: str = "all"
    specs: TechSpecs | None = None

    def for_audience(self, audience: str) -> FilledForm:
        """The fields meant for ``authorities`` (AI Office or national authorities) or ``downstream`` providers."""
        if audience == "all":
            return self
        wanted = {"authorities": form_module.AUTHORITIES_ONLY, "downstream": (form_module.DOWNSTREAM,)}.get(audience)
        if wanted is None:
            raise UsageError(f"unknown audience `{audience}` (expected all, authorities or downstream)")
        kept = [f for f in self.fields if set(f.field.audiences) & set(wanted)]
        thresholds = self.thresholds if audience == "authorities" else []
        return replace(self, fields=kept, thresholds=thresholds, audience=audience)

    def counts(self) -> dict[str, int]:
        out = {FILLED: 0, PARTIAL: 0, MISSING: 0}
        for f in self.fields:
            out[f.status] += 1
        return out


def document(path: str | Path, *, form: str = form_module.FORM_ID) -> FilledForm:
    """Fill the documentation form from a run folder (with its ``README.md``) or a card
    (with the run folder it sits in, when that holds logs).

    Raises:
        UsageError: an unknown form, or a path that does not exist.
        SourceError: a folder with neither a card nor recognizable logs.
        CardError: a card that cannot be read.
    """
    if form != form_module.FORM_ID:
        raise UsageError(f"unknown form `{form}` (available: {form_module.FORM_ID})")
    from modelcard.document.answers import Answers

    run, card, card_name, run_dir = _inputs(Path(path))
    return Answers(run, card, card_name).fill(run_dir)


def _inputs(path: Path) -> tuple[Run | None, Card | None, str | None, str | None]:
    from modelcard.card import Card
    from modelcard.sources import read_run

    if not path.exists():
        raise UsageError(f"{path}: does not exist (expected a training run's folder or a model card)")
    if path.is_dir():
        card_path = path / "README.md"
        card = Card.load(card_path) if card_path.is_file() else None
        try:
            run = read_run(path)
        except SourceError:
            if card is None:
                raise
            run = None
        return run, card, (str(card_path) if card else None), str(path)
    if not path.is_file():
        raise UsageError(f"{path}: not a regular file (expected a training run's folder or a model card)")
    card = Card.load(path)
    try:
        run = read_run(path.parent)
    except SourceError:
        return None, card, str(path), None
    return run, card, str(path), str(path.parent)
