"""YAML node tree -> plain Python values, in one pass.

`modelcard.card.compose` builds the node tree with libyaml; this module
constructs the values itself, like ``yaml.safe_load`` does, and on the way
detects what ``safe_load`` hides: duplicate keys and YAML 1.1 booleans written
as plain scalars (``language: no``). The node tree is kept by the card: every
node carries its start and end offsets, which is how a JSON path is mapped
back to the file.

Limits keep hostile input cheap: nesting deeper than `MAX_DEPTH`, aliases that
expand to more than `MAX_ALIAS_EXPANSION` nodes ("billion laughs") and
recursive aliases are refused. Any tag outside the safe YAML set
(``!!python/object...``, ``!custom``) is refused too, as ``safe_load`` would:
a value the Hub could not read either is better reported than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 200
MAX_ALIAS_EXPANSION = 100_000
MAX_NOTES = 1_000  # per card; a linter needs no more

_T = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT = _T + "str", _T + "null", _T + "bool", _T + "int", _T + "float"
TIMESTAMP, BINARY, VALUE, MERGE = _T + "timestamp", _T + "binary", _T + "value", _T + "merge"
SEQ, MAP, OMAP, PAIRS, SET = _T + "seq", _T + "map", _T + "omap", _T + "pairs", _T + "set"
# Booleans in YAML 1.2 too; every other plain scalar read as a bool is YAML 1.1 only.
CORE_BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})

_SAFE = SafeConstructor()
_BOOLS = SafeConstructor.bool_values


class YamlFailure(Exception):
    """A fatal problem; ``index`` is a character offset into the YAML text."""

    def __init__(self, code_name: str, message: str, index: int = 0) -> None:
        super().__init__(message)
        self.code_name = code_name
        self.message = message
        self.index = index


@dataclass(frozen=True)
class RawNote:
    """A non-fatal finding; ``index`` is a character offset into the YAML text."""

    kind: str
    path: tuple[Any, ...]
    index: int
    detail: str


def short_tag(tag: str) -> str:
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


def construct(root: Node) -> tuple[Any, list[RawNote]]:
    """Plain Python values of ``root`` (as ``safe_load`` builds them) and the notes."""
    builder = _Builder()
    value = builder.value(root, (), 0)
    return value, builder.notes


def scalar_value(node: ScalarNode) -> Any:
    """The Python value of a scalar node, as ``safe_load`` constructs it."""
    tag = node.tag
    if tag == STR:
        return node.value
    make = _SCALARS.get(tag)
    if make is None:
        raise _bad_tag(node)
    try:
        return make(node)
    except (ConstructorError, ValueError, KeyError, AttributeError, TypeError):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        raise YamlFailure(
            "yaml-syntax-error", f"`{text}` is not a valid `{short_tag(tag)}` value", node.start_mark.index
        ) from None


#: Longest integer text read: Python's own limit for decimal digits. A longer sexagesimal
#: (`1:1:1:...`, YAML 1.1) would cost quadratic time to build, for a number nobody writes.
MAX_INT_TEXT = 4300


def _int(node: ScalarNode) -> int:
    text = node.value
    if text.isdigit() and (text[0] != "0" or len(text) == 1):
        return int(text)
    if len(text) > MAX_INT_TEXT:
        raise ValueError("integer text too long")
    return _SAFE.construct_yaml_int(node)


def _float(node: ScalarNode) -> float:
    text = node.value
    if "_" in text or ":" in text or "n" in text or "N" in text:
        return _SAFE.construct_yaml_float(node)
    return float(text)


_SCALARS = {
    NULL: lambda node: None,
    BOOL: lambda node: _BOOLS[node.value.lower()],
    INT: _int,
    FLOAT: _float,
    TIMESTAMP: _SAFE.construct_yaml_timestamp,
    BINARY: _SAFE.construct_yaml_binary,
    VALUE: lambda node: node.value,
}


def _bad_tag(node: Node) -> YamlFailure:
    tag = short_tag(node.tag)
    if "python/" in node.tag:
        message = f"Python object tag `{tag}` is not allowed: only safe YAML is read"
    elif node.tag in (STR, SEQ, MAP, OMAP, PAIRS, SET) or node.tag in _SCALARS:
        message = f"tag `{tag}` does not fit this {_kind(node)}"
        return YamlFailure("yaml-syntax-error", message, node.start_mark.index)
    else:
        message = f"unknown YAML tag `{tag}`: only the standard safe YAML tags are read"
    return YamlFailure("unsafe-yaml-tag", message, node.start_mark.index)


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    return "sequence" if isinstance(node, SequenceNode) else "scalar"


class _Builder:
    """One recursive pass: values, notes, depth and alias-expansion accounting."""

    __slots__ = ("notes", "memo", "sizes", "count", "expansion")

    def __init__(self) -> None:
        self.notes: list[RawNote] = []
        self.memo: dict[int, Any] = {}  # id(collection node) -> its value
        self.sizes: dict[int, int] = {}  # id(finished collection node) -> expanded size
        self.count = 0  # nodes constructed, aliases expanded
        self.expansion = 0  # nodes added by aliases to already-built collections

    def value(self, node: Node, path: tuple[Any, ...], depth: int) -> Any:
        if node.__class__ is ScalarNode:
            value = scalar_value(node)  # type: ignore[arg-type]
            if value.__class__ is bool:
                self._check_bool(node, path)  # type: ignore[arg-type]
            return value
        key = id(node)
        if key in self.memo:
            return self._alias(node, key)
        if depth >= MAX_DEPTH:
            raise YamlFailure(
                "yaml-too-complex", f"YAML nesting is deeper than {MAX_DEPTH} levels", node.start_mark.index
            )
        start = self.count
        if node.__class__ is MappingNode:
            value = self._mapping(node, path, depth)  # type: ignore[arg-type]
        else:
            value = self._sequence(node, path, depth)  # type: ignore[arg-type]
        self.sizes[key] = self.count - start
        return value

    def _alias(self, node: Node, key: int) -> Any:
        size = self.sizes.get(key)
        if size is None:
            raise YamlFailure("yaml-too-complex", "recursive YAML alias", node.start_mark.index)
        self.count += size
        self.expansion += size
        if self.expansion > MAX_ALIAS_EXPANSION:
            raise YamlFailure(
                "yaml-too-complex",
                f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes",
                node.start_mark.index,
            )
        return self.memo[key]

    def _check_bool(self, node: ScalarNode, path: tuple[Any, ...]) -> None:
        if not node.style and node.value not in CORE_BOOLEANS and len(self.notes) < MAX_NOTES:
            self.notes.append(
                RawNote(
                    "yaml11-boolean",
                    path,
                    node.start_mark.index,
                    f"`{node.value}` is read as the boolean `{str(_BOOLS[node.value.lower()]).lower()}`"
                    f" (YAML 1.1); quote it if a string was meant",
                )
            )

    def _sequence(self, node: SequenceNode, path: tuple[Any, ...], depth: int) -> Any:
        tag = node.tag
        if tag != SEQ and tag not in (OMAP, PAIRS):
            raise _bad_tag(node)
        out: list[Any] = []
        self.memo[id(node)] = out
        items = node.value
        self.count += len(items)
        depth += 1
        for index, item in enumerate(items):
            if item.__class__ is ScalarNode:
                value = scalar_value(item)
                if value.__class__ is bool:
                    self._check_bool(item, (*path, index))
                out.append(value)
            else:
                out.append(self.value(item, (*path, index), depth))
        if tag != SEQ:
            out[:] = self._pairs(node, out)
        return out

    def _pairs(self, node: SequenceNode, items: list[Any]) -> list[tuple[Any, Any]]:
        pairs = []
        for item, sub in zip(items, node.value):
            if not isinstance(item, dict) or len(item) != 1:
                raise YamlFailure(
                    "yaml-syntax-error",
                    f"`{short_tag(node.tag)}` items must be one-key mappings",
                    sub.start_mark.index,
                )
            pairs.append(next(iter(item.items())))
        return pairs

    def _mapping(self, node: MappingNode, path: tuple[Any, ...], depth: int) -> Any:
        tag = node.tag
        if tag != MAP and tag != SET:
            raise _bad_tag(node)
        out: dict[Any, Any] = {}
        self.memo[id(node)] = out
        pairs = node.value
        self.count += 2 * len(pairs)
        depth += 1
        merged: set[Any] = set()
        for key_node, value_node in pairs:
            if key_node.__class__ is ScalarNode:
                if key_node.tag == MERGE:
                    merged.update(self._merge(value_node, out, path, depth))
                    continue
                key = scalar_value(key_node)
            else:
                key = self.value(key_node, path, depth)
            try:
                seen = key in out
            except TypeError:
                raise YamlFailure(
                    "yaml-syntax-error",
                    f"a {_kind(key_node)} cannot be a mapping key",
                    key_node.start_mark.index,
                ) from None
            if seen and key not in merged and len(self.notes) < MAX_NOTES:
                self.notes.append(
                    RawNote(
                        "duplicate-key",
                        (*path, key),
                        key_node.start_mark.index,
                        f"duplicate key `{key}`: this value replaces the earlier one",
                    )
                )
            if value_node.__class__ is ScalarNode:
                value = scalar_value(value_node)
                if value.__class__ is bool:
                    self._check_bool(value_node, (*path, key))
            else:
                value = self.value(value_node, (*path, key), depth)
            out[key] = value
            merged.discard(key)
        if tag == SET:
            return set(out)
        return out

    def _merge(self, node: Node, out: dict[Any, Any], path: tuple[Any, ...], depth: int) -> list[Any]:
        """Apply a ``<<`` merge key: earlier explicit keys and earlier merges win."""
        sources = node.value if node.__class__ is SequenceNode else [node]
        added = []
        for source in sources:
            if source.__class__ is not MappingNode:
                raise YamlFailure(
                    "yaml-syntax-error", "a merge key `<<` needs a mapping or a list of mappings",
                    source.start_mark.index,
                )
            value = self.value(source, path, depth)
            for key, item in value.items():
                if key not in out:
                    out[key] = item
                    added.append(key)
        return added
