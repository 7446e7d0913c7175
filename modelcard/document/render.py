"""The filled form as Markdown (to read and hand over) or JSON (``schemas/eu-gpai-form.schema.json``)."""

from __future__ import annotations

from typing import Any

from modelcard.document.filled import MISSING, PARTIAL, FilledForm
from modelcard.document.form import AUDIENCES, FORM, TITLE
from modelcard.techspecs.specs import markdown_source
from modelcard.techspecs.thresholds import NOTICE
from modelcard.version import __version__

#: The JSON output's format version; bumped when its shape changes.
SCHEMA_VERSION = 1
SCHEMA_NAME = "eu-gpai-form.schema.json"


def to_json(filled: FilledForm) -> dict[str, Any]:
    """The form as a JSON-ready mapping (see ``schemas/eu-gpai-form.schema.json``)."""
    by_id = {f.field.id: f for f in filled.fields}
    sections = []
    for section in FORM:
        fields = []
        for f in section.fields:
            got = by_id.get(f.id)
            if got is None:
                continue
            item: dict[str, Any] = {
                "id": f.id,
                "label": f.label,
                "asks": f.asks,
                "audiences": list(f.audiences),
                "annex": list(f.annex),
                "status": got.status,
                "value": got.value,
                "sources": list(got.sources),
                "note": got.note,
            }
            fields.append(item)
        if fields:
            sections.append({"id": section.id, "title": section.title, "fields": fields})
    return {
        "schema_version": SCHEMA_VERSION,
        "form": filled.form,
        "title": TITLE,
        "generator": f"modelcard {__version__}",
        "model_name": filled.model_name,
        "inputs": {"run_dir": filled.run_dir, "card": filled.card},
        "audience": filled.audience,
        "counts": filled.counts(),
        "sections": sections,
        "thresholds": {
            "notice": NOTICE,
            "comparisons": [
                {"threshold": t.threshold, "flop": t.flop, "relation": t.relation, "text": t.text} for t in filled.thresholds
            ],
        },
        "facts": _facts(filled) if filled.audience != "downstream" else {},
        "unknown": list(filled.unknown),
    }


def _facts(filled: FilledForm) -> dict[str, Any]:
    """The run's measured and estimated figures as numbers, for programs."""
    specs = filled.specs
    if specs is None:
        return {}
    out: dict[str, Any] = {}
    if specs.parameters is not None and isinstance(specs.parameters.value, int):
        out["parameters"] = {"count": specs.parameters.value, "source": specs.parameters.source}
    if specs.compute is not None:
        c = specs.compute
        out["training_compute"] = {
            "flop": c.flop, "method": c.method, "upper_bound": c.upper_bound,
            "description": c.description, "sources": list(c.sources),
        }  # fmt: skip
    if specs.time is not None:
        t = specs.time
        time: dict[str, Any] = {"seconds": t.seconds, "segments": t.segments, "method": t.method, "source": t.source}
        if t.devices is not None:
            time["devices"] = {"count": t.devices.count, "kind": t.devices.kind, "model": t.devices.model, "source": t.devices.source}
            time["device_hours"] = t.device_hours
        out["training_time"] = time
    if specs.energy is not None:
        e = specs.energy
        out["training_energy"] = {
            "kwh": e.kwh, "mwh": e.mwh, "basis": e.basis, "tool": e.tool, "source": e.source,
            "caveats": list(e.caveats), "runs": e.runs,
        }  # fmt: skip
    if specs.digests:
        out["weights"] = [{"path": d.path, "size_bytes": d.size_bytes, "sha256": d.sha256} for d in specs.digests]
    return out


def to_markdown(filled: FilledForm) -> str:
    """The form as Markdown: each field with its audiences, value and sources, or marked missing."""
    counts = filled.counts()
    read = " and ".join(f"`{x}`" for x in (filled.run_dir, filled.card) if x)
    name = f": {filled.model_name}" if filled.model_name else ""
    out = [
        f"# {TITLE}{name}",
        "",
        f"Filled by modelcard {__version__} from {read}."
        + (" Run files are named relative to the run folder." if filled.run_dir else ""),
        f"{counts['filled']} fields filled, {counts['partial']} partly filled, {counts['missing']} missing.",
        "A field marked **missing** is for the provider to write; nothing here was invented.",
        "",
        "Audiences: " + "; ".join(f"**{label}** {who}" for label, who in AUDIENCES.values()) + ".",
    ]
    if filled.audience != "all":
        out.append(f"Only the fields for {filled.audience.replace('-', ' ')} are shown.")
    by_id = {f.field.id: f for f in filled.fields}
    number = 0
    for section in FORM:
        shown = [by_id[f.id] for f in section.fields if f.id in by_id]
        if not shown:
            continue
        number += 1
        out += ["", f"## {number}. {section.title}"]
        for got in shown:
            f = got.field
            audiences = " ".join(AUDIENCES[a][0] for a in f.audiences)
            out += ["", f"### {f.label}", "", f"*{audiences} · Annex {', '.join(f.annex)} · {f.asks}*", ""]
            if got.status == MISSING:
                out.append(f"**Missing**: {got.note}.")
                continue
            if "\n" in (got.value or ""):
                out += [(got.value or "").rstrip(), ""]
            else:
                out += [f"**Value:** {got.value}", ""]
            out.append("**Source:** " + "; ".join(_source(x) for x in got.sources))
            if got.note:
                label = "Still to write" if got.status == PARTIAL else "Note"
                out += ["", f"**{label}:** {got.note}"]
    if filled.thresholds:
        out += ["", "## Training compute and the indicative thresholds", "", f"This comparison is {NOTICE}.", ""]
        out += [f"- {t.text}" for t in filled.thresholds]
    if filled.unknown:
        out += ["", "## Not in the run's files", ""]
        out += [f"- {u}" for u in filled.unknown]
    return "\n".join(out) + "\n"


def _source(source: str) -> str:
    """A source as Markdown: file names in code, the provider's sections as text."""
    return source if source.startswith("written by") else markdown_source(source)
