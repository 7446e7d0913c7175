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

from modelcard.errors import CardError, UsageError
from modelcard.web import guidance
from modelcard.web.draft import parts
from modelcard.web.findings import Linter, describe, encode
from modelcard.web.form import field_values
from modelcard.web.preview import render_markdown
from modelcard.web.results import eval_results_rows, folder_eval_files, model_index_rows

CARD = "README.md"


class ChangedOnDisk(Exception):
    """The file changed on disk since the editor loaded it."""


def digest(data: bytes | None) -> str | None:
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

    def save(self, text: str, base_digest: str | None, *, force: bool = False) -> str | None:
        """Write ``text`` atomically; returns the new digest.

        Raises:
            ChangedOnDisk: the file on disk is not the one the draft started from.
            ValueError: the text is not valid Unicode.
        """
        from modelcard.card.atomic import atomic_write

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
        return self.disk_digest

    # -- what the page shows --------------------------------------------------------

    def state(self, text: str, *, file_url: Any, docs_url: Any) -> dict[str, Any]:
        """Everything the page shows for the draft ``text``."""
        from modelcard.generate.merge import read_record

        checked = self.linter.check_text(text, self.bom)
        card = checked.card
        p = parts(text)
        metadata = card.metadata if card is not None else {}
        generated = set(read_record(p.body)) if card is not None else set()
        rows = model_index_rows(metadata) + eval_results_rows(folder_eval_files(self.folder))
        return {
            "text": text,
            "front_matter": p.front_matter,
            "body": p.body,
            "form": {k: vars(v) for k, v in field_values(metadata).items()} if card is not None else None,
            "carbon": carbon_text(metadata.get("co2_eq_emissions")),
            "generated": sorted(k for k in generated if isinstance(k, str)),
            "results": [vars(r) for r in rows],
            "findings": describe(checked.diagnostics, text, card, docs_url),
            "preview": render_markdown(p.body, file_url),
            "sections": guidance.present(p.body),
            "saved": digest(encode(text, self.bom)) == self.disk_digest,
        }


def carbon_text(value: Any) -> str:
    """``co2_eq_emissions`` as a sentence ("" when the card has none)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:g} g CO2eq"
    if isinstance(value, dict):
        amount = value.get("emissions")
        words = [f"{amount:g} g CO2eq" if isinstance(amount, (int, float)) and not isinstance(amount, bool) else str(amount)]
        for key, label in (("source", "measured with"), ("training_type", "training"), ("geographical_location", "in"), ("hardware_used", "on")):
            if value.get(key) not in (None, ""):
                words.append(f"{label} {value[key]}")
        return ", ".join(words)
    return str(value)
