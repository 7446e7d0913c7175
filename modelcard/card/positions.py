"""From a JSON path to the YAML node that holds it, and from nodes to offsets."""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from modelcard.card.yaml_tree import MERGE, YamlFailure, scalar_value

PathPart = Any


def find(
    root: Node | None, path: tuple[PathPart, ...], cache: dict[int, dict[Any, tuple[Node, Node]]] | None = None
) -> tuple[list[Node], Node | None]:
    """Walk ``path`` down from ``root``.

    ``cache`` (kept by the caller between calls) holds a key index of each
    mapping looked up, so many lookups in a large mapping stay linear.

    Returns:
        The value nodes found along the path (the last one is the deepest
        existing ancestor, or the target itself) and, when the whole path
        resolved and ends in a mapping key, that key's node.
    """
    if root is None:
        return [], None
    if cache is None:
        cache = {}
    trail = [root]
    node = root
    key_node = None
    for part in path:
        key_node = None
        if node.__class__ is MappingNode:
            index = cache.get(id(node))
            if index is None:
                index = cache[id(node)] = _index(node, 0)
            pair = index.get(_hashable(part))
            if pair is None or type(_key_of(pair[0])) is not type(part):
                break
            key_node, node = pair
        elif node.__class__ is SequenceNode and type(part) is int and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
        trail.append(node)
    return trail, key_node


def _hashable(part: PathPart) -> Any:
    try:
        hash(part)
    except TypeError:
        return None
    return part


def _key_of(node: Node) -> Any:
    try:
        return scalar_value(node)  # type: ignore[arg-type]
    except YamlFailure:
        return None


def _index(node: MappingNode, depth: int) -> dict[Any, tuple[Node, Node]]:
    """Key -> (key node, value node) of a mapping; the last duplicate wins, merges fill gaps."""
    index: dict[Any, tuple[Node, Node]] = {}
    merges = []
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            continue
        if key_node.tag == MERGE:
            merges.append(value_node)
            continue
        try:
            index[scalar_value(key_node)] = (key_node, value_node)
        except (YamlFailure, TypeError):
            continue
    if depth < 20:
        for merge in merges:
            sources = merge.value if merge.__class__ is SequenceNode else [merge]
            for source in sources:
                if source.__class__ is MappingNode:
                    for key, pair in _index(source, depth + 1).items():
                        index.setdefault(key, pair)
    return index


def node_span(node: Node, source: str) -> tuple[int, int]:
    """``[start, end)`` of a node's own source text in ``source`` (the YAML text).

    Block collections and block scalars end where the next token starts;
    trailing blank lines and comments that follow them are not included.
    """
    start = node.start_mark.index
    if node.__class__ is ScalarNode:
        end = node.end_mark.index
        if node.style in ("|", ">"):  # type: ignore[attr-defined]
            while end > start and source[end - 1] in " \t\r\n":
                end -= 1
        return start, end
    if node.flow_style or not node.value:  # type: ignore[attr-defined]
        return start, node.end_mark.index
    last = node.value[-1]
    if node.__class__ is MappingNode:
        last = last[1]
        if last.__class__ is ScalarNode and last.start_mark.index == last.end_mark.index:
            last = node.value[-1][0]  # `key:` with an empty value ends at the key...
            return start, _after_colon(source, last.end_mark.index)
    return start, node_span(last, source)[1]


def _after_colon(source: str, end: int) -> int:
    """Past the ``:`` that follows a key ending at ``end``."""
    colon = source.find(":", end)
    return end if colon < 0 else colon + 1
