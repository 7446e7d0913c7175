"""Minimal-diff metadata updates: rewrite only the top-level entries that change.

Works on the parts of a parsed card (its text, where its front-matter is, the
YAML node tree and the metadata), not on the `Card` itself, which offers it as
`Card.update_metadata`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from modelcard.card.positions import node_span
from modelcard.card.split import Split, newline_of
from modelcard.card.yaml_tree import MERGE, YamlFailure, scalar_value

Edit = tuple[int, int, str]  # [start, end) in the YAML text, replacement
ReadBack = Callable[[str], dict[Any, Any] | None]


def update_text(
    text: str,
    found: Split,
    root: Node | None,
    current: Mapping[Any, Any],
    changes: dict[Any, Any],
    remove: list[Any],
    *,
    read_back: ReadBack,
) -> str:
    """``text`` with ``changes`` set and ``remove`` deleted at the top level of its front-matter.

    Args:
        text: the card's text.
        found: where its front-matter is.
        root: the front-matter's YAML node tree (None when it holds no node).
        current: the front-matter's metadata.
        changes: top-level keys to set.
        remove: top-level keys to delete.
        read_back: the metadata of a new text read as a card (None when it is not one),
            to check an edit before it is kept.
    """
    changes = {key: _plain(value) for key, value in changes.items()}
    changed = {k: v for k, v in changes.items() if k not in current or not same(current[k], v)}
    removed = [key for key in dict.fromkeys(remove) if key in current and key not in changes]
    if not changed and not removed:
        return text
    expected = {k: v for k, v in current.items() if k not in removed}
    expected.update(changed)
    newline = newline_of(text, found)
    if not found.has_front_matter:
        newline = "\n" if newline == "\r" else newline  # the Hub's closing `---` needs \n after it
        return f"---{newline}{dump(expected, newline)}---{newline}{text}"
    if not expected:
        return text[: found.open_start] + text[found.body_start :]
    source = text[found.yaml_start : found.yaml_end]
    edits = _edits(text, found, root, changed, removed, newline)
    if edits is not None:
        new = _splice(text, found, _apply(source, edits))
        if _reads_back_as(new, expected, read_back):
            return new
    new = _splice(text, found, _fit(text, found, dump(expected, newline), newline))
    if not _reads_back_as(new, expected, read_back):  # pragma: no cover - safe_dump output always reads back
        raise ValueError("the new metadata does not survive a YAML round trip")
    return new


def dump(mapping: dict[Any, Any], newline: str) -> str:
    """Block-style YAML of ``mapping``, keys in order, ending with ``newline``."""
    try:
        return yaml.safe_dump(
            mapping, default_flow_style=False, sort_keys=False, allow_unicode=True, line_break=newline
        )
    except yaml.representer.RepresenterError as exc:
        raise TypeError(f"cannot write this value as YAML metadata: {exc.args[-1]!r}") from None


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types, recursively (so ``1`` differs from ``True`` and ``1.0``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def _plain(value: Any) -> Any:
    """Tuples as lists, mappings as dicts: what YAML gives back after a dump."""
    if isinstance(value, dict) or (hasattr(value, "keys") and hasattr(value, "items")):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _edits(
    text: str, found: Split, root: Node | None, changed: dict[Any, Any], removed: list[Any], newline: str
) -> list[Edit] | None:
    """Edits of the front-matter's YAML for a block mapping; ``None`` when only a rewrite will do."""
    source = text[found.yaml_start : found.yaml_end]
    if root is None:
        block = dump(changed, newline)
        if source.strip():  # comments only: keep them, add below
            return [(len(source), len(source), newline + block[: -len(newline)])]
        return [(0, len(source), _fit(text, found, block, newline))]
    if root.__class__ is not MappingNode or root.flow_style:
        return None
    indent = " " * root.start_mark.column  # some cards indent the whole front-matter

    def entry(mapping: dict[Any, Any]) -> str:
        return _indent(dump(mapping, newline)[: -len(newline)], indent, newline)

    entries: dict[Any, list[tuple[int, int]]] = {}
    for key_node, value_node in root.value:
        if key_node.__class__ is not ScalarNode or key_node.tag == MERGE:
            return None
        try:
            key = scalar_value(key_node)
        except YamlFailure:
            return None
        entries.setdefault(key, []).append((key_node.start_mark.index, node_span(value_node, source)[1]))
    edits: list[Edit] = []
    added = {}
    for key, value in changed.items():
        if key in entries:
            start, end = entries[key][-1]
            edits.append((start, end, entry({key: value})))
        else:
            added[key] = value
    for key in removed:
        for start, end in entries[key]:
            start -= len(indent)
            if source[start : start + len(indent)] != indent:
                return None
            end = _line_end(source, end)
            if end == len(source) and source[end - 1 : end] not in ("\n", "\r"):
                start -= len(newline) if source[:start].endswith(newline) else 0
            edits.append((start, end, ""))
    if added:
        edits.append((len(source), len(source), newline + indent + entry(added)))
    return edits


def _indent(block: str, indent: str, newline: str) -> str:
    """Indent every line but the first (which starts where the old key started)."""
    if not indent:
        return block
    return newline.join(
        line if i == 0 or not line else indent + line for i, line in enumerate(block.split(newline))
    )


def _line_end(source: str, end: int) -> int:
    """Past the line break that ends the line holding ``end`` (or the end of text)."""
    for index in range(end, len(source)):
        char = source[index]
        if char == "\n":
            return index + 1
        if char == "\r":
            return index + 2 if source.startswith("\n", index + 1) else index + 1
    return len(source)


def _apply(source: str, edits: list[Edit]) -> str:
    parts = []
    last = len(source)
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        parts.append(source[end:last])
        parts.append(replacement)
        last = start
    parts.append(source[:last])
    return "".join(reversed(parts))


def _fit(text: str, found: Split, block: str, newline: str) -> str:
    """A YAML block for the front-matter slot: no final line break unless `---` follows directly."""
    closing = text[found.yaml_end : found.yaml_end + 1]
    return block if closing == "-" else block[: -len(newline)]


def _splice(text: str, found: Split, yaml_text: str) -> str:
    return text[: found.yaml_start] + yaml_text + text[found.yaml_end :]


def _reads_back_as(text: str, expected: dict[Any, Any], read_back: ReadBack) -> bool:
    metadata = read_back(text)
    return metadata is not None and same(metadata, expected)
