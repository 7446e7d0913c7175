"""Framework versions the run wrote into the card in its output folder.

``Trainer.create_model_card()`` (called by ``push_to_hub``) writes ``README.md``
with a ``### Framework versions`` list (``- Pytorch 2.1.0+cu121``,
``- Datasets 2.17.0``, ``- Tokenizers 0.15.2``): the versions the run trained
with, which nothing else in the folder records. A card modelcard wrote there
keeps them as ``- torch 2.1.0+cu121 (recorded in `README.md`)``, so they
survive regeneration.
"""

from __future__ import annotations

import re

from modelcard.facts import Fact
from modelcard.sources.run import Run

CARD = "README.md"
#: Bytes read at most: a card's versions are near its end, and cards are small.
MAX_BYTES = 1 << 20

_SECTION = re.compile(r"^#{1,6}[ \t]+Framework versions[ \t]*$", re.M | re.I)
_TRAINER_LINE = re.compile(r"^- (Transformers|Pytorch|Datasets|Tokenizers|TensorFlow|Peft|PEFT|Flax|Jax) (\S+)[ \t]*$", re.M)
_OWN_LINE = re.compile(rf"^- ([A-Za-z][\w.-]*) (\S+) \(recorded in `{re.escape(CARD)}`\)[ \t]*$", re.M)
#: The Trainer's display names -> package names.
PACKAGES = {"transformers": "transformers", "pytorch": "torch", "datasets": "datasets", "tokenizers": "tokenizers",
            "tensorflow": "tensorflow", "peft": "peft", "flax": "flax", "jax": "jax"}


def read(run: Run) -> None:
    """Add the versions listed in the run folder's card (the run's own records win)."""
    path = run.run_dir / CARD
    try:
        with path.open("rb") as f:
            text = f.read(MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return
    section = _SECTION.search(text)
    if section is None:
        return
    rest = text[section.end():]
    following = re.search(r"^#{1,6}[ \t]", rest, re.M)
    body = rest[: following.start()] if following else rest
    found = [(PACKAGES[m.group(1).lower()], m.group(2)) for m in _TRAINER_LINE.finditer(body)]
    found += [(m.group(1), m.group(2)) for m in _OWN_LINE.finditer(body)]
    for package, version in found:
        if package not in run.framework_versions:
            run.framework_versions[package] = Fact(version, CARD)
    if found:
        run.read(CARD)
