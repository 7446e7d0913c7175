"""Write the enums of ``modelcard.schema.json`` from the data files beside this script.

The schema carries its enums inline so that it stands alone (editors,
check-jsonschema); this script keeps them equal to ``schemas/data/``.

    python schemas/data/sync_schema.py          # rewrite the schema
    python schemas/data/sync_schema.py --check  # exit 1 when it has drifted
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
SCHEMA = DATA.parent / "modelcard.schema.json"


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


def language_codes(data: dict) -> list[str]:
    """Every ISO 639 code in ``languages.json`` plus the Hub's special values."""
    codes = set(data["special"])
    for entry in data["languages"]:
        codes.update(entry[key] for key in ("alpha_2", "alpha_3", "bibliographic") if key in entry)
    return sorted(codes)


def expected_enums() -> dict[str, list[str]]:
    """``$defs`` name -> the enum it must carry, derived from the data files."""
    return {
        "licenseId": [item["id"] for item in _load("licenses.json")["licenses"]],
        "pipelineTag": [item["pipeline_tag"] for item in _load("pipeline_tags.json")["pipeline_tags"]],
        "libraryName": [item["library_name"] for item in _load("library_names.json")["libraries"]],
        "languageCode": language_codes(_load("languages.json")),
    }


def render(schema: dict) -> str:
    """JSON with two-space indent, each enum on one line."""
    enums = {}
    for name, definition in schema["$defs"].items():
        if isinstance(definition.get("enum"), list) and len(definition["enum"]) > 8:
            enums[name] = definition["enum"]
            definition = dict(definition, enum=f"@@{name}@@")
            schema = dict(schema, **{"$defs": dict(schema["$defs"], **{name: definition})})
    text = json.dumps(schema, indent=2, ensure_ascii=False)
    for name, values in enums.items():
        text = text.replace(f'"@@{name}@@"', json.dumps(values, ensure_ascii=False))
    return text + "\n"


def main(argv: list[str]) -> int:
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    for name, values in expected_enums().items():
        schema["$defs"][name]["enum"] = values
    text = render(schema)
    if "--check" in argv:
        if SCHEMA.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA}: enums differ from {DATA}; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    SCHEMA.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
