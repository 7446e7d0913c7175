"""Generate ``languages.json`` from the ISO 639 tables shipped with pycountry.

Run from anywhere: ``python schemas/data/make_languages.py``. The output names
the package and version it came from; re-run it after upgrading pycountry,
then run ``sync_schema.py`` to refresh the enums inlined in the schema.

Contents:
    languages: ISO 639-3 entries (with their ISO 639-1 and ISO 639-2/B codes)
        and ISO 639-5 language families (ISO 639-2 collective codes).
    special: values the Hub accepts that are not ISO codes.
    regions, scripts: lowercase ISO 3166-1 alpha-2 and ISO 15924 codes, the
        subtags a BCP 47 tag like ``zh-hant-tw`` may carry.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

SPECIAL = ["code", "multilingual"]


def build() -> dict:
    import pycountry

    languages = []
    for entry in pycountry.languages:
        item = {"alpha_3": entry.alpha_3}
        for field in ("alpha_2", "bibliographic"):
            value = getattr(entry, field, None)
            if value:
                item[field] = value
        item["name"] = entry.name
        languages.append(item)
    for entry in pycountry.language_families:
        languages.append({"alpha_3": entry.alpha_3, "name": entry.name, "family": True})
    languages.sort(key=lambda item: item["alpha_3"])
    return {
        "source": {
            "package": "pycountry",
            "version": importlib.metadata.version("pycountry"),
            "databases": ["iso639-3.json", "iso639-5.json", "iso3166-1.json", "iso15924.json"],
            "generator": "schemas/data/make_languages.py",
        },
        "count": len(languages),
        "special": SPECIAL,
        "languages": languages,
        "regions": sorted(c.alpha_2.lower() for c in pycountry.countries),
        "scripts": sorted(s.alpha_4.lower() for s in pycountry.scripts),
    }


def dumps(data: dict) -> str:
    """JSON with one language per line: small, and diffs stay readable."""
    head = {k: v for k, v in data.items() if k not in ("languages", "regions", "scripts")}
    lines = json.dumps(head, indent=1, ensure_ascii=False)[:-2].splitlines()
    lines[-1] += ","
    rows = [" " + json.dumps(item, ensure_ascii=False) for item in data["languages"]]
    lines.append(' "languages": [')
    lines.append(",\n".join(rows))
    lines.append(" ],")
    lines.append(' "regions": ' + json.dumps(data["regions"]) + ",")
    lines.append(' "scripts": ' + json.dumps(data["scripts"]))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    out = Path(__file__).resolve().parent / "languages.json"
    out.write_text(dumps(build()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
