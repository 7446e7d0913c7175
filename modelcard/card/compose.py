"""YAML text -> node tree, with libyaml when present, safely and within limits."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from modelcard.card.yaml_tree import MAP, MAX_DEPTH, SEQ, STR, YamlFailure

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_CHARS = 1_000_000

_RESOLVED: dict[str, str] = {}  # plain scalar -> implicit tag; depends on the text alone


def _fast_resolving(base: type) -> type:
    """``base`` with a memoized implicit-tag resolver and no path resolvers.

    Resolving plain scalars (a list of regular expressions per first character)
    is the costliest Python step of composing; card keys and values repeat a lot.
    """

    class FastLoader(base):  # type: ignore[misc, valid-type]
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

        def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                if not implicit[0]:
                    return STR
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = base.resolve(self, kind, value, implicit)
                    if len(_RESOLVED) >= 100_000:
                        _RESOLVED.clear()
                    _RESOLVED[value] = tag
                return tag
            return SEQ if kind is SequenceNode else MAP

    FastLoader.__name__ = FastLoader.__qualname__ = f"Fast{base.__name__}"
    return FastLoader


Loader = _fast_resolving(_BaseLoader)
PyLoader = _fast_resolving(yaml.SafeLoader)


def _limits_nesting(loader: type) -> bool:
    """Whether the parser refuses deep nesting itself (libyaml >= 0.2.5 stops at 1000)."""
    if not issubclass(loader, getattr(yaml, "CParser", ())):
        return False  # the pure-Python composer raises RecursionError, caught below
    probe = loader("[" * 1100)
    try:
        probe.get_single_node()
    except yaml.YAMLError:
        return True
    finally:
        probe.dispose()
    return False  # pragma: no cover - depends on the libyaml build


_C_NEEDS_GUARD = issubclass(Loader, getattr(yaml, "CParser", ())) and not _limits_nesting(Loader)
_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _nesting_exceeds(text: str, loader: type) -> int | None:
    """Offset where nesting first passes `MAX_DEPTH`, for parsers that do not limit it.

    A C composer recurses once per level, so hostile depth must be caught before
    composing. Cheap bound first (every flow bracket plus the indentation);
    only suspicious text is walked event by event.
    """
    brackets = text.count("[") + text.count("{")
    indent = max(map(len, _LINE_PREFIX.findall(text)), default=0)
    if brackets + 2 * indent + 2 < MAX_DEPTH:
        return None
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    parser = loader(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.index
            elif isinstance(event, ends):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports the syntax error
    finally:
        parser.dispose()


def compose(text: str, loader: type | None = None) -> Node | None:
    """The node tree of one YAML document (``None`` when it is empty).

    Raises:
        YamlFailure: too large, too deep, or characters YAML does not allow.
        yaml.MarkedYAMLError: a syntax error, with its position.
    """
    if len(text) > MAX_CHARS:
        raise YamlFailure(
            "yaml-too-complex",
            f"front-matter is too large ({len(text):,} characters; the limit is {MAX_CHARS:,})",
        )
    loader = loader or Loader
    if _C_NEEDS_GUARD and loader is Loader:
        deep = _nesting_exceeds(text, loader)
        if deep is not None:
            raise YamlFailure("yaml-too-complex", f"YAML nesting is deeper than {MAX_DEPTH} levels", deep)
    try:
        parser = loader(text)
    except UnicodeEncodeError as exc:
        raise YamlFailure("unreadable-file", "the text is not valid Unicode (a lone surrogate)", exc.start) from None
    try:
        return parser.get_single_node()
    except RecursionError:  # pure-Python composer on deep nesting
        raise YamlFailure("yaml-too-complex", f"YAML nesting is deeper than {MAX_DEPTH} levels") from None
    except yaml.reader.ReaderError as exc:
        raise YamlFailure(
            "yaml-syntax-error",
            f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
            _char_index(text, exc.position, exc.character),
        ) from None
    finally:
        parser.dispose()


def _char_index(text: str, position: int, character: int) -> int:
    """libyaml reports reader errors as byte offsets into the UTF-8 text."""
    if text[position : position + 1] == chr(character):
        return position
    return len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
