"""The searchable lists of the metadata form, from the Hub data shipped in ``schemas/data``."""

from __future__ import annotations

import functools

from modelcard.resources import load_json


@functools.lru_cache(maxsize=1)
def choices() -> dict[str, list[tuple[str, str]]]:
    """``field -> [(value, label)]`` for license, pipeline tag, library and language."""
    licenses = [(x["id"], x.get("fullname") or x["id"]) for x in load_json("data/licenses.json")["licenses"]]
    tasks = [(x["pipeline_tag"], x.get("name") or x["pipeline_tag"]) for x in load_json("data/pipeline_tags.json")["pipeline_tags"]]
    libraries = [(x["library_name"], x.get("prettyLabel") or x["library_name"]) for x in load_json("data/library_names.json")["libraries"]]
    data = load_json("data/languages.json")
    languages = [(code, code) for code in data.get("special", [])]
    for x in data["languages"]:
        code = x.get("alpha_2") or x.get("alpha_3")
        if code:
            languages.append((code, x.get("name") or code))
    return {"license": licenses, "pipeline_tag": tasks, "library_name": libraries, "language": languages}
