"""Merge metadata: user values > an existing card > values derived from the run.

Keys the generator wrote are recorded in the card body (inside its first
generated region) as a short hash of each value::

    <!-- modelcard-metadata base_model=3f2a9c01d4e5 model-index=... -->

On regeneration, a key of the existing card whose value still hashes to the
record is the generator's and is refreshed from the logs; any other key of
the existing card (written or edited by hand) is the author's and is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RECORD = re.compile(r"<!--\s*modelcard-metadata((?:\s+[^\s=]+=[0-9a-f]+)*)\s*-->")

#: Front-matter key order for a new card (other keys follow in their own order).
KEY_ORDER = (
    "language",
    "license",
    "license_name",
    "license_link",
    "library_name",
    "base_model",
    "tags",
    "datasets",
    "metrics",
    "pipeline_tag",
    "co2_eq_emissions",
    "model-index",
)


def value_hash(value: Any) -> str:
    """A short, stable hash of a metadata value."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_record(body: str) -> dict[str, str]:
    """The ``{key: hash}`` record of generated keys found in a body ({} if none)."""
    m = RECORD.search(body)
    if m is None:
        return {}
    return dict(item.split("=", 1) for item in m.group(1).split())


def format_record(generated: Mapping[str, Any]) -> str:
    """The HTML comment recording which keys were generated, with their hashes."""
    items = " ".join(f"{key}={value_hash(value)}" for key, value in sorted(generated.items()))
    return f"<!-- modelcard-metadata {items} -->" if items else "<!-- modelcard-metadata -->"


@dataclass
class Merged:
    """The result of a merge.

    Attributes:
        metadata: the final front-matter, in key order.
        generated: keys whose value came from the run (what the record stores).
        origin: for each key, ``"user"``, ``"card"`` or ``"run"``.
    """

    metadata: dict[str, Any]
    generated: dict[str, Any]
    origin: dict[str, str] = field(default_factory=dict)


def merge(
    *,
    user: Mapping[str, Any],
    existing: Mapping[str, Any],
    record: Mapping[str, str],
    derived: Mapping[str, Any],
) -> Merged:
    """Merge the three layers of metadata.

    Args:
        user: values from ``--metadata`` and flags (always win).
        existing: the metadata of the card on disk ({} for a new card).
        record: the generated-keys record of the card on disk.
        derived: values derived from the run.

    Returns:
        The merged metadata; a derived key that no longer applies disappears
        only when the generator had written it and nobody edited it since.
    """
    metadata: dict[str, Any] = {}
    generated: dict[str, Any] = {}
    origin: dict[str, str] = {}
    keys = list(existing) + [k for k in user if k not in existing] + [
        k for k in derived if k not in existing and k not in user
    ]
    for key in keys:
        if key in user:
            metadata[key], origin[key] = user[key], "user"
        elif key in existing and not _generator_owned(key, existing[key], record):
            metadata[key], origin[key] = existing[key], "card"
        elif key in derived:
            metadata[key] = generated[key] = derived[key]
            origin[key] = "run"
    if not existing:
        metadata = order_keys(metadata)
    return Merged(metadata, generated, origin)


def _generator_owned(key: str, value: Any, record: Mapping[str, str]) -> bool:
    return key in record and record[key] == value_hash(value)


def order_keys(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """``metadata`` with the usual Hub keys first, in :data:`KEY_ORDER`."""
    first = {k: metadata[k] for k in KEY_ORDER if k in metadata}
    return first | {k: v for k, v in metadata.items() if k not in first}
