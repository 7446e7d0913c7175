"""The filled Model Documentation Form: each field's status, value and sources.

A field is ``filled`` (the run or the card answers it), ``partial`` (the files
give part of the answer; the note says what the provider adds) or ``missing``
(the note says who writes it and where). See :mod:`modelcard.document.fill`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from modelcard.document import form as form_module
from modelcard.document.form import Field
from modelcard.errors import UsageError

if TYPE_CHECKING:
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
