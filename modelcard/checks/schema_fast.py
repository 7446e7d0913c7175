"""A yes/no check of the metadata schema, compiled to Python closures.

Most cards are valid, and for them jsonschema's generic machinery (a new
validator object per keyword and value) costs more than the rest of the
metadata checks together. `compile_schema` turns the subset of keywords the
schema uses into nested closures that only answer "valid?"; when the answer
is no, `modelcard.checks.schema.validate` asks jsonschema for the exact
errors. A keyword outside the subset raises `Unsupported`, and the caller
then always uses jsonschema: the answer may be slower, never different.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated"})
_TYPES: dict[str, Check] = {
    "string": lambda x: isinstance(x, str),
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
    "null": lambda x: x is None,
    "boolean": lambda x: isinstance(x, bool),
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "integer": lambda x: (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()),
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


def compile_schema(schema: Any, formats: Mapping[str, Check]) -> Check:
    """A function telling whether an instance is valid against ``schema`` (no ``$ref`` left)."""
    if schema is True:
        return lambda x: True
    if schema is False:
        return lambda x: False
    if not isinstance(schema, Mapping):
        raise Unsupported(repr(schema))
    unknown = set(schema) - _IGNORED - set(_KEYWORDS) - {"then", "else"}
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    checks = [_KEYWORDS[key](schema[key], schema, formats) for key in schema if key in _KEYWORDS]
    checks = [c for c in checks if c is not None]
    if not checks:
        return lambda x: True
    if len(checks) == 1:
        return checks[0]
    return _all_of_checks(checks)


# The closures below loop explicitly: a generator expression per call (``all(c(x) for c in checks)``)
# costs more than the checks themselves.


def _all_of_checks(checks: list[Check]) -> Check:
    def check(x: Any) -> bool:
        for test in checks:
            if not test(x):
                return False
        return True

    return check


def _type(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    tests = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
    return tests[0] if len(tests) == 1 else _any_of_checks(tests)


def _any_of_checks(tests: list[Check]) -> Check:
    def check(x: Any) -> bool:
        for test in tests:
            if test(x):
                return True
        return False

    return check


def _enum(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    if not all(isinstance(v, str) for v in value):
        raise Unsupported("enum of non-strings")  # jsonschema's equality rules differ from Python's
    allowed = frozenset(value)
    return lambda x: isinstance(x, str) and x in allowed


def _const(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    if not isinstance(value, str):
        raise Unsupported("const of a non-string")
    return lambda x: isinstance(x, str) and x == value


def _pattern(value: str, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    search = re.compile(value).search
    return lambda x: not isinstance(x, str) or search(x) is not None


def _format(value: str, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check | None:
    check = formats.get(value)
    return None if check is None else (lambda x: check(x))


def _min_length(value: int, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    return lambda x: not isinstance(x, str) or len(x) >= value


def _min_items(value: int, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    return lambda x: not isinstance(x, list) or len(x) >= value


def _minimum(value: float, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    number = _TYPES["number"]
    return lambda x: not number(x) or x >= value


def _required(value: list[str], schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    def check(x: Any) -> bool:
        if isinstance(x, dict):
            for key in value:
                if key not in x:
                    return False
        return True

    return check


def _properties(value: Mapping[str, Any], schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    compiled = {key: compile_schema(sub, formats) for key, sub in value.items()}

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        for key, item in x.items():
            test = compiled.get(key)
            if test is not None and not test(item):
                return False
        return True

    return check


def _additional_properties(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    """A schema for the values of keys ``properties`` does not name (``false`` is not supported)."""
    if not isinstance(value, Mapping):
        raise Unsupported(f"additionalProperties: {value!r}")
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    test = compile_schema(value, formats)
    named = frozenset(schema.get("properties", ()))

    def check(x: Any) -> bool:
        if isinstance(x, dict):
            for key, item in x.items():
                if key not in named and not test(item):
                    return False
        return True

    return check


def _items(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    test = compile_schema(value, formats)

    def check(x: Any) -> bool:
        if isinstance(x, list):
            for item in x:
                if not test(item):
                    return False
        return True

    return check


def _if(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    condition = compile_schema(value, formats)
    then = compile_schema(schema.get("then", True), formats)
    otherwise = compile_schema(schema.get("else", True), formats)
    return lambda x: then(x) if condition(x) else otherwise(x)


def _any_of(value: list[Any], schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    return _any_of_checks([compile_schema(sub, formats) for sub in value])


def _not(value: Any, schema: Mapping[str, Any], formats: Mapping[str, Check]) -> Check:
    test = compile_schema(value, formats)
    return lambda x: not test(x)


_KEYWORDS: dict[str, Callable[[Any, Mapping[str, Any], Mapping[str, Check]], Check | None]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minLength": _min_length,
    "minItems": _min_items,
    "minimum": _minimum,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "items": _items,
    "if": _if,
    "anyOf": _any_of,
    "not": _not,
}
