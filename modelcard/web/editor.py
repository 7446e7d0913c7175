"""One editing session: the card on disk, the run it comes from, and the state the page shows.

Nothing is written until the author saves; a save refuses to overwrite a file
that changed on disk since it was loaded (or last saved).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from modelcard.errors import CardError, UsageError
from modelcard.web.editor_api import ChangedOnDisk
from modelcard.web.findings import Linter, encode
from modelcard.web.results import folder_eval_files
from modelcard.web.state import build_state

CARD = "README.md"


def digest(data: bytes | None) -> str | None:
    """The sha256 of a file's bytes (None: no file)."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    from modelcard.card.decode import read_file

    if not path.exists():
        return None
    if path.is_dir():
        raise UsageError(f"`{path}` is a folder")
    try:
        return read_file(str(path))
    except CardError as e:
        raise UsageError(str(e)) from None


def _decode(data: bytes, path: Path) -> tuple[str, bool]:
    from modelcard.card.decode import decode

    if not data:
        return "", False
    try:
        return decode(data, str(path))
    except CardError as e:
        raise UsageError(f"{e}; the editor opens UTF-8 text only") from None


def card_path(target: str | os.PathLike[str] | None) -> Path:
    """The card a command line names: a file, a folder's README.md, or ./README.md."""
    path = Path(target) if target is not None else Path(CARD)
    if path.is_dir():
        path = path / CARD
    if not path.parent.is_dir():
        raise UsageError(f"`{path.parent}` is not a folder")
    return path


def starter_text(model_name: str) -> str:
    """A new card without a run: empty front-matter, then the default template's layout."""
    from modelcard.generate.context import build_context
    from modelcard.generate.render import render
    from modelcard.sources.run import Run

    ctx = build_context(Run(Path(".")), metadata={}, model_name=model_name, derived_missing=[], metadata_sources={})
    return "---\n---\n" + render(None, ctx).lstrip("\n")


@dataclass
class Regenerated:
    """A card regenerated from the logs: its text, the training-curve picture, what the logs do not tell."""

    text: str
    plot: bytes | None
    missing: list[str]


def regenerate(run_dir: Path, text: str | None, name: str = CARD) -> Regenerated:
    """The card the run's logs give now, over the draft ``text`` (generated regions refreshed, the rest kept)."""
    from modelcard.generate.generate import generate_card

    with tempfile.TemporaryDirectory(prefix="modelcard-edit-") as tmp:
        out = Path(tmp) / name
        if text:
            out.write_bytes(encode(text, False))
        result = generate_card(run_dir, output=out)
    return Regenerated(result.card.text, result.plot, result.missing)


@dataclass
class EditorSession:
    """The card being edited.

    Attributes:
        path: the card's file (it may not exist yet).
        run_dir: the training run, with ``--run``.
        text: the text loaded from disk (or the starting point of a new card).
        bom: whether the file starts with a byte order mark (kept on save).
        disk_digest: sha256 of the bytes on disk when loaded or last saved (None: no file).
        plot: a training-curve picture regenerated and not yet saved.
    """

    path: Path
    run_dir: Path | None
    linter: Linter
    text: str = ""
    bom: bool = False
    disk_digest: str | None = None
    plot: bytes | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, target: str | os.PathLike[str] | None, run_dir: str | os.PathLike[str] | None = None) -> EditorSession:
        """Load the card (or start one: from the run's logs with ``run_dir``, else from the default template).

        Raises:
            UsageError: an unreadable card, a bad run folder or configuration.
        """
        from modelcard.checks.config import load_config

        path = card_path(target)
        run = Path(run_dir) if run_dir is not None else None
        if run is not None and not run.is_dir():
            raise UsageError(f"--run: `{run}` is not a folder")
        config = load_config(path.parent)
        session = cls(path=path, run_dir=run, linter=Linter(config, path.resolve(), path.name))
        session.load()
        return session

    @property
    def folder(self) -> Path:
        return self.path.parent

    def load(self) -> None:
        data = _read(self.path)
        self.disk_digest = digest(data)
        self.plot = None
        if data is not None:
            self.text, self.bom = _decode(data, self.path)
        elif self.run_dir is not None:
            made = regenerate(self.run_dir, None, self.path.name)
            self.text, self.plot, self.notes = made.text, made.plot, made.missing
        else:
            self.text = starter_text(self.folder.resolve().name or "my-model")

    def save(self, text: str, base_digest: str | None, *, force: bool = False, message: str | None = None) -> str:
        """Write ``text`` atomically (``message`` is for sources that commit); returns what was done.

        Raises:
            ChangedOnDisk: the file on disk is not the one the draft started from.
            ValueError: the text is not valid Unicode.
        """
        from modelcard.atomic import atomic_write

        data = encode(text, self.bom)
        on_disk = digest(_read(self.path))
        if not force and on_disk != base_digest:
            raise ChangedOnDisk(f"{self.path.name} changed on disk since it was loaded; nothing was written")
        if self.plot is not None:
            from modelcard.generate.generate import PLOT_NAME

            atomic_write(self.folder / PLOT_NAME, self.plot)
            self.plot = None
        if on_disk != digest(data):
            atomic_write(self.path, data)
        self.disk_digest = digest(data)
        self.text = text
        return f"saved {self.path.name}"

    # -- what the page shows --------------------------------------------------------

    def is_saved(self, text: str) -> bool:
        """Whether the file on disk (as loaded or last saved) holds ``text``."""
        return digest(encode(text, self.bom)) == self.disk_digest

    def state(self, text: str) -> dict[str, Any]:
        """Everything the page shows for the draft ``text``."""
        return build_state(
            text,
            linter=self.linter,
            bom=self.bom,
            saved=self.is_saved(text),
            eval_files=folder_eval_files(self.folder),
            file_url=file_url,
            docs_url=docs_url,
        )


def file_url(relative: str) -> str:
    return "/file/" + quote(relative)


def docs_url(code: str) -> str:
    return "/rules/" + quote(code)
