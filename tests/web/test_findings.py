"""Where the editor shows each finding of a real lint: a form field, a YAML line or a body line."""

from __future__ import annotations

import modelcard
from modelcard.card import Card
from modelcard.web.findings import place

TEXT = "---\nlanguage: en\npipeline_tag: text-clasification\n---\n# Model\n"


def test_each_finding_is_placed_at_its_field() -> None:
    card = Card.from_text(TEXT)
    placed = {d.name: place(TEXT, card, d.location.line, d.code) for d in modelcard.lint(TEXT)}
    assert placed["missing-license"] == {"box": "yaml", "line": 1, "field": "license"}  # a key not there: its field
    assert placed["unknown-pipeline-tag"] == {"box": "yaml", "line": 2, "field": "pipeline_tag"}
    assert placed["missing-recommended-section"]["box"] == "body"
