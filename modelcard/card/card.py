"""The Card: metadata + body over the original text, losslessly."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from modelcard.card import compose, positions, yaml_tree
from modelcard.card.decode import decode, read_file
from modelcard.card.edit import update_text
from modelcard.card.hub_card import changes_made, to_hub_card
from modelcard.card.split import Split, count_lines, line_starts, location_at, newline_of, split
from modelcard.diagnostics import Location
from modelcard.errors import CardError

_BOM = codecs.BOM_UTF8
_LEADING_SPACE = re.compile(r"\s*")

JsonPath = tuple[Any, ...]


@dataclass(frozen=True)
class YamlNote:
    """A non-fatal finding in the front-matter.

    ``kind`` is ``"duplicate-key"``, ``"yaml11-boolean"`` or ``"empty-front-matter"``;
    ``path`` the JSON path of the value concerned; ``location`` 1-based over the file.
    """

    kind: str
    path: JsonPath
    location: Location
    detail: str


class Card:
    """A model card: YAML front-matter (``metadata``) and a markdown ``body``.

    A card keeps its original text: `dumps` and `to_bytes` return it unchanged,
    and `update_metadata` rewrites only the top-level keys that change.

    Example:
        >>> card = Card.from_text("---\\nlicense: mit\\n---\\n# My model\\n")
        >>> card.metadata
        {'license': 'mit'}
        >>> card.location(("license",))
        Location(line=2, column=10)
    """

    __slots__ = ("path", "text", "bom", "metadata", "notes", "_split", "_root", "_lines", "_lines_end", "_keys", "_source")

    def __init__(self, text: str, *, path: str | None = None, bom: bool = False) -> None:
        """Parse ``text``; prefer `Card.load`, `Card.from_text` or `Card.from_bytes`.

        Raises:
            CardError: when the text is empty or its front-matter cannot be read.
        """
        if text.startswith("\ufeff"):
            text, bom = text[1:], True
        self.path = path
        self.text = text
        self.bom = bom
        self.notes: list[YamlNote] = []
        self._lines: list[int] | None = None
        self._lines_end = 0
        self._root: Node | None = None
        self._keys: dict[int, Any] = {}
        self._source = ""
        self._split = Split(has_front_matter=False)
        opening = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
        if opening == len(text):
            raise self._error("the file is empty", "empty-file")
        found = split(text)
        if found is None:
            raise self._error(
                "front-matter opened with `---` is never closed by a `---` line",
                "unclosed-front-matter",
                opening,
            )
        self._split = found
        self.metadata: dict[Any, Any] = {}
        if found.has_front_matter:
            self._parse_front_matter()

    # -- constructors -----------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Card:
        """Read and parse the card at ``path``.

        Raises:
            CardError: ``unreadable-file`` (I/O error, binary, not UTF-8, too large),
                ``empty-file`` or a front-matter problem.
        """
        name = os.fspath(path)
        data = read_file(name)
        return cls.from_bytes(data, path=name)

    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None) -> Card:
        """Decode UTF-8 ``data`` (with or without a BOM) and parse it."""
        text, bom = decode(data, path)
        return cls(text, path=path, bom=bom)

    @classmethod
    def from_text(cls, text: str, path: str | None = None) -> Card:
        """Parse already-decoded text (a leading BOM character is kept aside in ``bom``)."""
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = count_lines(text, exc.start) + 1
            raise CardError(
                f"the text is not valid Unicode: lone surrogate at character offset {exc.start}",
                code_name="unreadable-file",
                path=path,
                line=line,
            ) from None
        return cls(text, path=path)

    @classmethod
    def from_hub_card(cls, hub_card: Any, *, path: str | None = None) -> Card:
        """The card of a ``huggingface_hub.ModelCard`` (any ``RepoCard``).

        Starts from the text the object was made from: when nothing was changed
        on it, that text byte for byte; otherwise only the changed top-level
        metadata keys and the body are rewritten.

        Raises:
            CardError: when the text cannot be read as a card.
            TypeError: when ``hub_card`` is not a ``RepoCard``.

        Example:
            >>> from huggingface_hub import ModelCard
            >>> Card.from_hub_card(ModelCard("---\\nlicense: mit  # MIT\\n---\\n# Hi\\n")).text
            '---\\nlicense: mit  # MIT\\n---\\n# Hi\\n'
        """
        found = changes_made(hub_card)
        card = cls.from_text(found.original, path=path).update_metadata(found.changes, found.removed)
        return card if found.body is None else card.with_body(found.body)

    def to_hub_card(self, cls: Any = None, *, ignore_metadata_errors: bool = True) -> Any:
        """This card as a ``huggingface_hub.ModelCard`` (or ``cls``, e.g. ``DatasetCard``).

        ``Card.from_hub_card`` of the unchanged result gives this card's text back
        byte for byte. A UTF-8 BOM is left out: ``RepoCard`` would not find the
        front-matter behind it.
        """
        return to_hub_card(self.dumps(), cls, ignore_metadata_errors=ignore_metadata_errors)

    # -- the parts --------------------------------------------------------------------

    @property
    def has_front_matter(self) -> bool:
        return self._split.has_front_matter

    @property
    def body(self) -> str:
        """Everything after the closing ``---`` line (the whole text without front-matter)."""
        return self.text[self._split.body_start :]

    @property
    def body_start_offset(self) -> int:
        return self._split.body_start

    @property
    def body_start_line(self) -> int:
        return count_lines(self.text, self._split.body_start) + 1

    @property
    def front_matter(self) -> str:
        """The YAML text between the ``---`` lines ("" without front-matter)."""
        return self._source

    @property
    def newline(self) -> str:
        """The line ending of the front-matter (of the whole text without one)."""
        return newline_of(self.text, self._split)

    # -- positions --------------------------------------------------------------------

    def location(self, path: JsonPath, *, key: bool = False) -> Location:
        """1-based line and column of the value at ``path`` (of its key with ``key=True``).

        A path that does not exist falls back to its nearest existing ancestor.
        """
        trail, key_node = positions.find(self._root, tuple(path), self._keys)
        if not trail:
            return self._location(self._split.open_start if self.has_front_matter else 0)
        resolved = len(trail) == len(path) + 1
        if key and resolved and key_node is not None:
            return self._location(self._split.yaml_start + key_node.start_mark.index)
        return self._location(self._split.yaml_start + trail[-1].start_mark.index)

    def span(self, path: JsonPath) -> tuple[int, int]:
        """``[start, end)`` offsets in `text` of the source of the value at ``path``.

        Raises:
            KeyError: when the path does not exist in the front-matter.
        """
        trail, _ = positions.find(self._root, tuple(path), self._keys)
        if len(trail) != len(path) + 1:
            raise KeyError(path)
        start, end = positions.node_span(trail[-1], self._source)
        return self._split.yaml_start + start, self._split.yaml_start + end

    def key_span(self, path: JsonPath) -> tuple[int, int]:
        """``[start, end)`` offsets in `text` of the mapping key that ends ``path``.

        Raises:
            KeyError: when the path does not exist or does not end in a mapping key.
        """
        trail, key_node = positions.find(self._root, tuple(path), self._keys)
        if len(trail) != len(path) + 1 or key_node is None:
            raise KeyError(path)
        start, end = positions.node_span(key_node, self._source)
        return self._split.yaml_start + start, self._split.yaml_start + end

    def offset_location(self, offset: int) -> Location:
        """1-based line and column of an offset into `text`."""
        return self._location(offset)

    # -- output and changes -------------------------------------------------------------

    def dumps(self) -> str:
        """The card text; unchanged cards give back exactly what was read."""
        return self.text

    def to_bytes(self) -> bytes:
        """The card as UTF-8 bytes (with its BOM when it had one)."""
        data = self.text.encode("utf-8")
        return _BOM + data if self.bom else data

    def update_metadata(self, changes: Mapping[str, Any], remove: Iterable[str] = ()) -> Card:
        """A new card with top-level keys set (``changes``) or deleted (``remove``).

        Only the entries that change are rewritten (block-style YAML, the card's
        line ending); other keys, comments and the body stay byte-identical. New
        keys go at the end of the front-matter, which is created when missing.
        """
        text = update_text(
            self.text, self._split, self._root, self.metadata, dict(changes), list(remove), read_back=_metadata_of
        )
        if text == self.text:
            return self
        return Card(text, path=self.path, bom=self.bom)

    def with_body(self, body: str) -> Card:
        """A new card with the same front-matter and ``body``."""
        head = self.text[: self._split.body_start]
        if head and body and not head.endswith(("\n", "\r")):
            head += self.newline
        return Card(head + body, path=self.path, bom=self.bom)

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Write the card atomically to ``path`` (default: where it was loaded from)."""
        from modelcard.atomic import atomic_write

        target = path if path is not None else self.path
        if target is None:
            raise ValueError("Card.save() needs a path for a card that was not loaded from a file")
        atomic_write(target, self.to_bytes())

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (for worker processes) and copy by re-parsing: positions index live nodes.
        return (_restore, (self.text, self.path, self.bom))

    def __repr__(self) -> str:
        return f"Card(path={self.path!r}, keys={list(self.metadata)[:5]!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Card):
            return NotImplemented
        return self.text == other.text and self.bom == other.bom

    __hash__ = None  # type: ignore[assignment]

    # -- internals ----------------------------------------------------------------------

    def _parse_front_matter(self) -> None:
        found = self._split
        source = self._source = self.text[found.yaml_start : found.yaml_end]
        try:
            root = compose.compose(source)
            if root is None or (root.__class__ is ScalarNode and root.tag == yaml_tree.NULL):
                self._note_empty()
                return
            if root.__class__ is not MappingNode or root.tag != yaml_tree.MAP:
                kind = {MappingNode: "a set", ScalarNode: "a single value"}.get(root.__class__, "a list")
                raise self._error(
                    f"front-matter is {kind}; it must be a mapping of keys to values",
                    "front-matter-not-mapping",
                    found.yaml_start + root.start_mark.index,
                )
            metadata, notes = yaml_tree.construct(root)
        except yaml_tree.YamlFailure as exc:
            message = exc.message + _template_hint(source, exc.index)
            raise self._error(message, exc.code_name, found.yaml_start + exc.index) from None
        except yaml.MarkedYAMLError as exc:
            raise self._yaml_error(exc, source) from None
        except yaml.YAMLError as exc:  # unmarked reader errors
            raise self._error(f"invalid YAML: {exc}", "yaml-syntax-error", found.yaml_start) from None
        self._root = root
        self.metadata = metadata
        self.notes = [
            YamlNote(note.kind, note.path, self._location(found.yaml_start + note.index), note.detail)
            for note in notes
        ]

    def _note_empty(self) -> None:
        self.notes.append(
            YamlNote("empty-front-matter", (), self._location(self._split.open_start), "front-matter is empty")
        )

    def _yaml_error(self, exc: yaml.MarkedYAMLError, source: str) -> CardError:
        mark = exc.problem_mark or exc.context_mark
        index = mark.index if mark is not None else 0
        problem = (exc.problem or "invalid YAML").strip()
        if "maximum nesting depth" in problem:
            return self._error(
                f"YAML nesting is deeper than {yaml_tree.MAX_DEPTH} levels",
                "yaml-too-complex",
                self._split.yaml_start + index,
            )
        context = (exc.context or "").strip()
        message = f"invalid YAML: {context}, {problem}" if context else f"invalid YAML: {problem}"
        message += _template_hint(source, index)
        if _tab_at(source, index):
            message = f"invalid YAML: tabs are not allowed for indentation ({problem})"
        return self._error(message.replace("\t", "\\t"), "yaml-syntax-error", self._split.yaml_start + index)

    def _location(self, offset: int) -> Location:
        # Front-matter lines first (every YAML position is there); the body's only when asked.
        if self._lines is None or (offset >= self._lines_end and self._lines_end < len(self.text)):
            end = self._split.body_start if offset < self._split.body_start else len(self.text)
            self._lines = line_starts(self.text[:end])
            self._lines_end = end
        return location_at(self._lines, offset)

    def _error(self, message: str, code_name: str, offset: int = 0) -> CardError:
        where = self._location(offset) if offset else Location(1, 1)
        return CardError(message, code_name=code_name, path=self.path, line=where.line, column=where.column)


def _restore(text: str, path: str | None, bom: bool) -> Card:
    return Card(text, path=path, bom=bom)


def _metadata_of(text: str) -> dict[Any, Any] | None:
    """The metadata of ``text`` read as a card; None when it is not one."""
    try:
        return Card(text).metadata
    except CardError:
        return None


def _template_hint(source: str, index: int) -> str:
    """A hint when the YAML error sits on an unrendered ``{{ placeholder }}``."""
    line_start = max(source.rfind("\n", 0, index), source.rfind("\r", 0, index)) + 1
    line_end = source.find("\n", index)
    if "{{" in source[line_start : line_end if line_end >= 0 else len(source)]:
        return "; `{{ ... }}` looks like a template placeholder that was never rendered"
    return ""


def _tab_at(source: str, index: int) -> bool:
    """Whether a tab in the indentation of the line at ``index`` (or the one before) caused the error."""
    start = max(source.rfind("\n", 0, index), source.rfind("\r", 0, index)) + 1
    before = source.rfind("\n", 0, max(start - 1, 0)) + 1
    for line_start in (start, before):
        rest = source[line_start:]
        indent = rest[: len(rest) - len(rest.lstrip(" \t"))]
        if "\t" in indent:
            return True
    return index < len(source) and source[index] == "\t"
