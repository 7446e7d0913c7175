"""What the editor page shows for a draft: the parts, the form, findings, preview, results, guidance."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from modelcard.web import guidance
from modelcard.web.draft import parts
from modelcard.web.findings import Linter, describe
from modelcard.web.form import field_values
from modelcard.web.preview import render_markdown
from modelcard.web.results import eval_results_rows, model_index_rows


def carbon_text(value: Any) -> str:
    """``co2_eq_emissions`` as a phrase ("" when the card has none)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:g} g CO2eq"
    if isinstance(value, dict):
        amount = value.get("emissions")
        number = isinstance(amount, (int, float)) and not isinstance(amount, bool)
        words = [f"{amount:g} g CO2eq" if number else str(amount)]
        for key, label in (
            ("source", "measured with"),
            ("training_type", "training:"),
            ("geographical_location", "in"),
            ("hardware_used", "on"),
        ):
            if value.get(key) not in (None, ""):
                words.append(f"{label} {value[key]}")
        return ", ".join(words)
    return str(value)


def build_state(
    text: str,
    *,
    linter: Linter,
    bom: bool,
    saved: bool,
    eval_files: Iterable[tuple[str, bytes]],
    file_url: Callable[[str], str | None],
    docs_url: Callable[[str], str],
) -> dict[str, Any]:
    """Everything the editor shows for the draft ``text`` (JSON-ready)."""
    from modelcard.generate.merge import read_record

    checked = linter.check_text(text, bom)
    card = checked.card
    p = parts(text)
    metadata = card.metadata if card is not None else {}
    generated = set(read_record(p.body)) if card is not None else set()
    rows = model_index_rows(metadata) + eval_results_rows(eval_files)
    return {
        "text": text,
        "front_matter": p.front_matter,
        "body": p.body,
        "form": {k: vars(v) for k, v in field_values(metadata).items()} if card is not None else None,
        "carbon": carbon_text(metadata.get("co2_eq_emissions")),
        "generated": sorted(k for k in generated if isinstance(k, str)),
        "results": [vars(r) for r in rows],
        "findings": describe(checked.diagnostics, text, card, docs_url),
        "preview": render_markdown(p.body, file_url),
        "sections": guidance.present(p.body),
        "saved": saved,
    }
