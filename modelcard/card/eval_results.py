"""``.eval_results/*.yaml`` beside a card: the Hub's evaluation-result files, with positions.

Each file is read with the card's YAML loader (the same size, nesting and
alias limits, safe tags only) and keeps its node tree, so that a JSON path
inside it maps back to a line and column. Nothing here imports
``huggingface_hub``: a folder without ``.eval_results/`` costs one ``stat``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from modelcard.card import compose, positions, yaml_tree
from modelcard.card.decode import decode
from modelcard.card.split import line_starts, location_at
from modelcard.diagnostics import Location
from modelcard.errors import CardError

FOLDER = ".eval_results"
#: Files read per card; more are reported, not read.
MAX_FILES = 200
#: Bytes read per file (the card's front-matter limit).
MAX_BYTES = compose.MAX_CHARS
#: Folder entries looked at (a hostile or mistaken tree is not walked to its end).
MAX_ENTRIES = 10 * MAX_FILES


@dataclass
class EvalFile:
    """One ``.eval_results/*.yaml`` file.

    Attributes:
        path: the path to report (beside the card's display path).
        relative: the path inside the repository (``.eval_results/hle.yaml``).
        data: the plain Python values (``None`` when the file could not be read).
        error: why the file could not be read, located.
        duplicates: ``(JSON path, location)`` of keys given twice in one mapping.
    """

    path: str
    relative: str
    text: str = ""
    data: Any = None
    error: CardError | None = None
    duplicates: list[tuple[tuple[Any, ...], Location]] = field(default_factory=list)
    _root: Node | None = field(default=None, repr=False, compare=False)
    _lines: list[int] | None = field(default=None, repr=False, compare=False)
    _keys: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)

    def location(self, path: tuple[Any, ...], *, key: bool = False) -> Location:
        """1-based line and column of the value at ``path`` (of its key with ``key=True``).

        A path that does not exist falls back to its nearest existing ancestor.
        """
        trail, key_node = positions.find(self._root, tuple(path), self._keys)
        if not trail:
            return Location(1, 1)
        resolved = len(trail) == len(path) + 1
        node = key_node if key and resolved and key_node is not None else trail[-1]
        return self.offset_location(node.start_mark.index)

    def source(self, path: tuple[Any, ...]) -> str | None:
        """The text of the value at ``path`` as written, or ``None`` when it does not exist."""
        trail, _ = positions.find(self._root, tuple(path), self._keys)
        if len(trail) != len(path) + 1:
            return None
        start, end = positions.node_span(trail[-1], self.text)
        return self.text[start:end]

    def style(self, path: tuple[Any, ...]) -> str | None:
        """The quoting style of the scalar at ``path`` (``None``: plain or absent)."""
        trail, _ = positions.find(self._root, tuple(path), self._keys)
        if len(trail) != len(path) + 1:
            return None
        return getattr(trail[-1], "style", None)

    def offset_location(self, offset: int) -> Location:
        if self._lines is None:
            self._lines = line_starts(self.text)
        return location_at(self._lines, offset)


@dataclass(frozen=True)
class Found:
    """The eval-result files beside one card: those read, and how many were left out."""

    files: tuple[EvalFile, ...] = ()
    skipped: int = 0
    folder: str = ""
    truncated: bool = False  # the folder holds more than `MAX_ENTRIES` entries: not all were looked at


#: No folder beside the card (the common case: one shared value).
NOTHING = Found()


def find(card_file: Path, display: str) -> Found:
    """Read ``.eval_results/*.yaml`` beside ``card_file`` (any depth, sorted).

    Only regular files are read (a FIFO or a device would block); at most
    `MAX_FILES` of them, each of at most `MAX_BYTES`, among the first
    `MAX_ENTRIES` entries of the folder's tree.
    """
    where = folder_beside(card_file)
    if where is None:
        return NOTHING
    folder = Path(where)
    shown = _join(os.path.dirname(display), FOLDER)
    regular, truncated = listing(folder)
    read = tuple(load(folder / name, _join(shown, name), f"{FOLDER}/{name}") for name in regular[:MAX_FILES])
    return Found(read, max(len(regular) - MAX_FILES, 0), shown, truncated)


def folder_beside(card_file: str | os.PathLike[str]) -> str | None:
    """The ``.eval_results/`` folder beside a card file, when there is one."""
    where = os.path.join(os.path.dirname(card_file), FOLDER)  # os.path: this runs for every card linted
    return where if os.path.isdir(where) else None


def listing(folder: Path) -> tuple[list[str], bool]:
    """The ``*.yaml`` regular files under ``folder`` (relative paths, sorted) among its first
    `MAX_ENTRIES` entries, and whether the folder's tree holds more entries than that."""
    names: list[str] = []
    seen = 0
    for root, dirs, files in os.walk(folder):
        seen += len(dirs) + len(files)
        if seen > MAX_ENTRIES:
            break
        dirs.sort()
        base = Path(root).relative_to(folder).as_posix()
        names.extend(f if base == "." else f"{base}/{f}" for f in sorted(files) if f.endswith(".yaml"))
    return [n for n in names if (folder / n).is_file()], seen > MAX_ENTRIES


def _join(base: str, name: str) -> str:
    return f"{base}/{name}" if base and base != "." else name


def load(file: Path, display: str, relative: str) -> EvalFile:
    """Read and parse one file; problems are kept in ``error``, never raised."""
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return _failed(display, relative, f"cannot read the file: {exc.strerror or exc}", "unreadable-file")
    if len(data) > MAX_BYTES:
        return _failed(display, relative, f"the file is larger than {MAX_BYTES:,} bytes; it was not read", "yaml-too-complex")
    return parse(data, display, relative)


def parse(data: bytes, display: str, relative: str) -> EvalFile:
    """Parse the bytes of one file (see `load`)."""
    result = EvalFile(display, relative)
    try:
        result.text, _ = decode(data, display)
    except CardError as exc:  # worded for a card: say it of this file
        exc.message = exc.message.replace("a card must", "the file must").replace("save the card", "save the file")
        result.error = exc
        return result
    try:
        root = compose.compose(result.text)
        if root is None:
            result.error = _error(result, "the file is empty; it must be a list of results", "empty-file", 0)
            return result
        result.data, notes = yaml_tree.construct(root)
    except yaml_tree.YamlFailure as exc:
        result.error = _error(result, exc.message, exc.code_name, exc.index)
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "invalid YAML").strip()
        if "maximum nesting depth" in problem:
            problem = f"YAML nesting is deeper than {yaml_tree.MAX_DEPTH} levels"
        else:
            context = (exc.context or "").strip()
            problem = f"invalid YAML: {context}, {problem}" if context else f"invalid YAML: {problem}"
        result.error = _error(result, problem.replace("\t", "\\t"), "yaml-syntax-error", mark.index if mark else 0)
        return result
    except yaml.YAMLError as exc:
        result.error = _error(result, f"invalid YAML: {exc}", "yaml-syntax-error", 0)
        return result
    result._root = root
    result.duplicates = [
        (note.path, result.offset_location(note.index)) for note in notes if note.kind == "duplicate-key"
    ]
    return result


def _error(result: EvalFile, message: str, code_name: str, offset: int) -> CardError:
    where = result.offset_location(offset) if result.text else Location(1, 1)
    return CardError(message, code_name=code_name, path=result.path, line=where.line, column=where.column)


def _failed(display: str, relative: str, message: str, code_name: str) -> EvalFile:
    return EvalFile(display, relative, error=CardError(message, code_name=code_name, path=display))
