"""Checks that a downloaded card and its files belong together.

- every relative link or image of the card (Markdown or HTML) names a file that was downloaded;
- the parameter count the card states agrees with the safetensors headers;
- every file hashes to what the repository recorded (sha256 for LFS files,
  the git blob id for regular files);
- every ``.eval_results/*.yaml`` file reads with ``huggingface_hub``'s parser.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.hub.hashes import file_sha256, git_blob_sha1

if TYPE_CHECKING:
    from huggingface_hub import EvalResultEntry

    from modelcard.card import Card

PARAMETER_KEYS = ("parameters", "num_parameters", "parameter_count", "params", "model_parameters")
SCALE = {"": 1, "k": 10**3, "thousand": 10**3, "m": 10**6, "million": 10**6, "b": 10**9, "billion": 10**9, "t": 10**12}
_NUMBER = r"(?P<num>\d[\d,_]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|[kmbt])?\b"
STATED = (
    # "Parameters: 124,439,808", "| Number of parameters | 124M |", "**Params:** 1.2B"
    re.compile(r"(?im)\b(?:number of |total )?param(?:eter)?s?(?: count)?\b[*_:|\s]{0,12}" + _NUMBER),
    # "124M parameters", "1.2B params"
    re.compile(r"(?im)" + _NUMBER + r"\s+param(?:eter)?s\b"),
)


def linked_files(card: Card) -> Iterator[tuple[str, int]]:
    """Relative link and image targets of the card body (Markdown and HTML), with their file line."""
    from modelcard.checks.links import relative_links
    from modelcard.checks.outline import build

    body = card.body
    for link in relative_links(build(body)):
        yield link.path, card.body_start_line + body.count("\n", 0, link.offset)


def missing_links(card: Card, folder: Path) -> list[str]:
    # Lexical normalisation, not resolve(): files in the Hugging Face cache are
    # symlinks to blobs outside the snapshot folder.
    root = os.path.normpath(os.path.abspath(folder))
    problems = []
    for target, line in linked_files(card):
        path = os.path.normpath(os.path.join(root, target))
        if not path.startswith(root + os.sep) or not os.path.exists(path):
            problems.append(f"README.md:{line}: the card links to `{target}`, which is not in the repository")
    return problems


def stated_parameters(card: Card) -> tuple[int, int, str] | None:
    """What the card says the parameter count is: ``(value, tolerance, as written)``."""
    for key in PARAMETER_KEYS:
        value = card.metadata.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value, 0, f"{key}: {value}"
        if isinstance(value, str) and (parsed := _parse(value)):
            return parsed
    for pattern in STATED:
        match = pattern.search(card.body)
        if match:
            return _from_match(match)
    return None


def _parse(text: str) -> tuple[int, int, str] | None:
    match = re.fullmatch(r"\s*" + _NUMBER + r"\s*", text, re.IGNORECASE)
    return _from_match(match) if match else None


def _from_match(match: re.Match[str]) -> tuple[int, int, str] | None:
    raw = match.group("num").replace(",", "").replace("_", "")
    scale = SCALE[(match.group("scale") or "").lower()]
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = int(round(float(raw) * scale))
    tolerance = 0 if scale == 1 and decimals == 0 else int(scale * 10**-decimals / 2)
    if value == 0:
        return None
    return value, tolerance, match.group(0).strip()


def safetensors_parameters(folder: Path) -> int | None:
    """Total parameters over every ``*.safetensors`` file, from headers only."""
    from modelcard.sources.weights import count_parameters, safetensors_header

    files = sorted(p for p in folder.rglob("*.safetensors") if ".cache" not in p.parts)
    if not files:
        return None
    return sum(sum(count_parameters(safetensors_header(p)).values()) for p in files)


def parameter_mismatch(card: Card, folder: Path) -> tuple[int | None, list[str]]:
    counted = safetensors_parameters(folder)
    stated = stated_parameters(card)
    if counted is None or stated is None:
        return counted, []
    value, tolerance, written = stated
    if abs(value - counted) > tolerance:
        return counted, [f"the card states `{written}` but the safetensors headers count {counted:,} parameters"]
    return counted, []


def hash_mismatches(folder: Path, recorded: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Files whose bytes differ from what the repository recorded.

    ``recorded`` maps a path to ``{"sha256": ...}`` (LFS) or ``{"oid": ...}`` (git blob id).
    """
    problems = []
    for path, info in sorted(recorded.items()):
        local = folder / path
        if not local.exists():
            problems.append(f"`{path}` was not downloaded")
            continue
        if info.get("sha256"):
            actual = file_sha256(local)
            if actual != info["sha256"]:
                problems.append(f"`{path}` hashes to sha256 {actual[:16]}…, the repository records {info['sha256'][:16]}…")
        elif info.get("oid") and git_blob_sha1(local.read_bytes()) != info["oid"]:
            problems.append(f"`{path}` differs from the repository's git blob {info['oid'][:12]}")
    return problems


def eval_results(folder: Path, recorded: Mapping[str, Any]) -> tuple[list[EvalResultEntry], list[str]]:
    """The entries of the repository's ``.eval_results/*.yaml``, and the files ``huggingface_hub`` cannot read."""
    from huggingface_hub import parse_eval_result_entries

    from modelcard.card.eval_results import FOLDER, parse

    entries: list[EvalResultEntry] = []
    problems = []
    for path in sorted(p for p in recorded if p.startswith(FOLDER + "/") and p.endswith(".yaml")):
        local = folder / path
        if not local.is_file():
            continue  # reported by hash_mismatches
        parsed = parse(local.read_bytes(), path, path)  # the card's bounded loader, not yaml.safe_load
        if parsed.error is not None:
            continue  # reported by the linter (MC501)
        try:
            entries += parse_eval_result_entries(parsed.data)
        except (KeyError, ValueError, TypeError, AttributeError) as e:
            problems.append(f"`{path}`: huggingface_hub cannot read its results ({type(e).__name__}: {e})")
    return entries, problems
