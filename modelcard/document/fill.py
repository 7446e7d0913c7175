"""Fill the Model Documentation Form from a run folder and its card.

Every field of :data:`~modelcard.document.form.FORM` comes back, in order, as
``filled`` (the run or the card answers it), ``partial`` (the files give part
of the answer; the note says what the provider adds) or ``missing`` (the note
says who writes it and where). Values from the run name their file and key;
values from the card name its key or its section and line. Nothing is
invented: a field no file answers stays missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelcard.document import form as form_module
from modelcard.document.answers import Answers
from modelcard.document.filled import FilledForm
from modelcard.errors import SourceError, UsageError

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.sources.run import Run


def document(path: str | Path, *, form: str = form_module.FORM_ID) -> FilledForm:
    """Fill the documentation form from a run folder (with its ``README.md``) or a card
    (with the run folder it sits in, when that holds logs).

    Raises:
        UsageError: an unknown form, or a path that does not exist.
        SourceError: a folder with neither a card nor recognizable logs.
        CardError: a card that cannot be read.
    """
    if form != form_module.FORM_ID:
        raise UsageError(f"unknown form `{form}` (available: {form_module.FORM_ID})")
    run, card, card_name, run_dir = _inputs(Path(path))
    return Answers(run, card, card_name).fill(run_dir)


def _inputs(path: Path) -> tuple[Run | None, Card | None, str | None, str | None]:
    from modelcard.card import Card
    from modelcard.sources import read_run

    if not path.exists():
        raise UsageError(f"{path}: does not exist (expected a training run's folder or a model card)")
    if path.is_dir():
        card_path = path / "README.md"
        card = Card.load(card_path) if card_path.is_file() else None
        try:
            run = read_run(path)
        except SourceError:
            if card is None:
                raise
            run = None
        return run, card, (str(card_path) if card else None), str(path)
    if not path.is_file():
        raise UsageError(f"{path}: not a regular file (expected a training run's folder or a model card)")
    card = Card.load(path)
    try:
        run = read_run(path.parent)
    except SourceError:
        return None, card, str(path), None
    return run, card, str(path), str(path.parent)
