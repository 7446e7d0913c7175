"""Model authenticity: the sha256 of each weights file, the id Git LFS (and so
the Hub) records for it. Files are read in chunks; nothing is loaded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from modelcard.sources.run import Run

_CHUNK = 8 << 20


@dataclass(frozen=True)
class WeightDigest:
    """One weights file: its path relative to the run folder, size and sha256 (hex)."""

    path: str
    size_bytes: int
    sha256: str


def weight_digests(run: Run) -> tuple[list[WeightDigest], list[str]]:
    """The sha256 of every weights file of the run, and the files that could not be read."""
    digests: list[WeightDigest] = []
    unreadable: list[str] = []
    if run.weights is None:
        return digests, unreadable
    for weight in run.weights.files:
        path = run.run_dir / weight.path
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            unreadable.append(f"`{weight.path}` cannot be read ({exc.strerror or exc.__class__.__name__}): no sha256")
            continue
        digests.append(WeightDigest(weight.path, weight.size_bytes, digest.hexdigest()))
    return digests, unreadable
