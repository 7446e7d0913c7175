"""Validate card metadata against ``schemas/modelcard.schema.json``.

The schema is compiled once per process (Draft 2020-12, with a format
checker) and every violation is collected, each with the JSON path of the
value it is about, so that it can be reported at that value's line.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from modelcard.resources import schemas_dir

SCHEMA_FILE = "modelcard.schema.json"

JsonPath = tuple[Any, ...]


@dataclass(frozen=True)
class SchemaViolation:
    """One place where the metadata breaks the schema.

    Attributes:
        path: JSON path of the offending value, e.g. ``("model-index", 0, "name")``.
        message: short, the value in backticks, no trailing period.
        keyword: the schema keyword that failed (``type``, ``enum``, ``required``...).
        schema_path: where in the schema that keyword is.
        instance: the offending value.
    """

    path: JsonPath
    message: str
    keyword: str
    schema_path: JsonPath
    instance: Any = None


@functools.lru_cache(maxsize=None)
def load_schema() -> dict[str, Any]:
    """The schema as a mapping (shared: do not modify)."""
    with open(schemas_dir() / SCHEMA_FILE, encoding="utf-8") as f:
        return json.load(f)


def schema_text() -> str:
    """The schema file as shipped, ready to print or save."""
    return (schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def schema_enum(definition: str) -> frozenset[str]:
    """The values of the enum of ``$defs/<definition>``, as a set for fast lookups."""
    return frozenset(load_schema()["$defs"][definition]["enum"])


def schema_pattern(definition: str) -> str:
    """The regular expression of ``$defs/<definition>`` (or of its pattern branch)."""
    node = load_schema()["$defs"][definition]
    if "pattern" in node:
        return node["pattern"]
    return next(branch["pattern"] for branch in node["anyOf"] if "pattern" in branch)


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if any(ch.isspace() for ch in value):
        return False
    parts = urlsplit(value)
    if not parts.scheme or not parts.scheme[0].isalpha():
        return False
    return bool(parts.netloc) or parts.scheme not in ("http", "https")


@functools.lru_cache(maxsize=None)
def validator(skip: frozenset[str] = frozenset()) -> Any:
    """The compiled Draft 2020-12 validator, built on first use (``skip``: see `validate`)."""
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
    from jsonschema._keywords import enum as _enum

    sets: dict[int, tuple[list[Any], frozenset[Any]]] = {}

    def fast_enum(validator: Any, enums: list[Any], instance: Any, schema: Any) -> Iterator[Any]:
        # Strings compare by plain equality, so a set lookup gives the same
        # answer as the standard keyword, without a scan of 8,000 codes.
        if isinstance(instance, str):
            cached = sets.get(id(enums))
            if cached is None or cached[0] is not enums:
                cached = sets[id(enums)] = (enums, frozenset(e for e in enums if isinstance(e, str)))
            if instance not in cached[1]:
                yield ValidationError(f"{instance!r} is not one of the {len(enums)} allowed values")
            return
        yield from _enum(validator, enums, instance, schema)

    # Only the formats this schema uses, so results do not depend on which
    # optional packages jsonschema finds installed.
    checker = FormatChecker(formats=())
    checker.checks("uri")(_is_uri)
    cls = validators.extend(Draft202012Validator, {"enum": fast_enum})
    return cls(_compiled_schema(skip), format_checker=checker)


@functools.lru_cache(maxsize=None)
def _quick_check(skip: frozenset[str] = frozenset()) -> Any:
    """The compiled yes/no check of `schema_fast`, or ``None`` if the schema is beyond it."""
    from modelcard.checks.schema_fast import Unsupported, compile_schema

    try:
        return compile_schema(_compiled_schema(skip), {"uri": _is_uri})
    except Unsupported:
        return None


@functools.lru_cache(maxsize=None)
def _compiled_schema(skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The schema as the validator runs it: same rules, fewer indirections.

    Local ``$ref``s are inlined (the schema has no recursion), and the
    top-level ``{"if": {"type": "null"}, "else": X}`` wrappers become ``X``
    because `validate` drops top-level null values first. Together they make
    validation about twice as fast; the file itself stays readable.

    The top-level properties named in ``skip`` are left out (see `validate`).
    """
    schema = load_schema()
    defs = schema.get("$defs", {})

    def inline(node: Any, depth: int = 0) -> Any:
        if depth > 50:
            raise ValueError("recursive $ref in the schema")
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return inline(defs[ref[len("#/$defs/") :]], depth + 1)
            return {key: inline(value, depth + 1) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value, depth + 1) for value in node]
        return node

    compiled = inline({key: value for key, value in schema.items() if key != "$defs"})
    compiled["properties"] = {
        key: value["else"] if value.get("if") == {"type": "null"} and "else" in value else value
        for key, value in compiled["properties"].items()
        if key not in skip
    }
    return compiled


def validate(metadata: Mapping[str, Any], *, skip: frozenset[str] = frozenset()) -> list[SchemaViolation]:
    """Every violation of the schema in ``metadata`` (a null value counts as not set).

    ``skip`` names top-level keys whose values are not validated (rules of their
    own check them): the result is the full result without the violations inside
    those keys. The keys still count for ``required`` and the top-level ``if``.
    """
    instance = {key: value for key, value in metadata.items() if value is not None}  # null: not set
    quick = _quick_check(skip)
    if quick is not None and quick(instance):
        return []  # valid: jsonschema is not even imported
    from jsonschema.exceptions import best_match

    found = []
    for error in validator(skip).iter_errors(instance):
        if error.context:
            error = best_match([error])
        found.append(_violation(error))
    return found


def format_path(path: Iterable[str | int]) -> str:
    """``("model-index", 0, "name")`` -> ``model-index[0].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("-", "").replace("_", "").isalnum():
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out or "metadata"


_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def type_name(value: Any) -> str:
    """What a YAML value is, in words: ``a string``, ``a list``..."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def show(value: Any, limit: int = 60) -> str:
    """A value as it would read in YAML, shortened, for a message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _message(keyword: str, value: Any, schema: Any, detail: str, field: str, node: Mapping[str, Any]) -> str:
    where = f"`{field}`"
    if keyword == "type":
        expected = [_TYPE_NAMES.get(t, t) for t in ([schema] if isinstance(schema, str) else schema)]
        if value is None:
            return f"{where} is empty; it must be {_or(expected)}"
        return f"{where} must be {_or(expected)}, not {type_name(value)}"
    if keyword == "enum":
        if len(schema) <= 8:
            allowed = ", ".join(f"`{show(v)}`" for v in schema)
            return f"`{show(value)}` is not a valid {where}; expected one of {allowed}"
        return f"`{show(value)}` is not a valid {where}"
    if keyword == "required":
        # One error per missing key; the key is named at the start of ``detail``.
        key = next((k for k in schema if detail.startswith(repr(k))), detail)
        return f"{where} is missing required key `{key}`"
    if keyword == "pattern":
        hint = node.get("description")
        suffix = f" ({hint[0].lower() + hint[1:].rstrip('.')})" if hint else ""
        return f"`{show(value)}` is not a valid {where}{suffix}"
    if keyword == "format":
        if schema != "uri":
            return f"`{show(value)}` in {where} is not a valid {schema}"
        if isinstance(value, str) and any(ch.isspace() for ch in value):
            return f"`{show(value)}` in {where} contains spaces; write them as `%20`"
        return f"`{show(value)}` in {where} is not an absolute URL"
    if keyword in ("minItems", "minLength"):
        return f"{where} must not be empty"
    if keyword in ("minimum", "exclusiveMinimum"):
        return f"{where} must not be negative, got `{show(value)}`"
    if keyword == "not":
        return f"{where} is not allowed"
    if keyword in ("anyOf", "oneOf"):
        return f"`{show(value)}` is not a valid {where}"
    return f"{where}: invalid value `{show(value)}`"


def _violation(error: Any) -> SchemaViolation:
    path = tuple(error.absolute_path)
    schema_path = tuple(error.absolute_schema_path)
    keyword = str(error.validator)
    node = error.schema if isinstance(error.schema, Mapping) else {}
    message = _message(keyword, error.instance, error.validator_value, error.message, format_path(path), node)
    return SchemaViolation(path, message, keyword, schema_path, error.instance)



_last: list[Any] = [None, None, None]


def violations(metadata: Mapping[str, Any], *, skip: frozenset[str] = frozenset()) -> list[SchemaViolation]:
    """`validate`, remembered for the last metadata mapping seen (several rules ask).

    The memo is keyed by identity and holds a reference to the mapping, so a
    recycled ``id`` cannot return another card's violations.
    """
    last_metadata, last_skip, last_result = _last
    if last_metadata is metadata and last_skip == skip:
        return last_result
    result = validate(metadata, skip=skip)
    _last[:] = [metadata, skip, result]
    return result
