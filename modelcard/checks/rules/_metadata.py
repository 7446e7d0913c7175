"""Helpers shared by the metadata rules: suggestions, values in YAML, minimal edits."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from modelcard.diagnostics import Edit, Fix

if TYPE_CHECKING:
    from modelcard.card import Card

Path = tuple[Any, ...]


def has_model_index_results(metadata: Mapping[Any, Any]) -> bool:
    """Whether the ``model-index`` metadata holds results (the Hub shows them as the card's evaluation)."""
    models = metadata.get("model-index")
    return isinstance(models, list) and any(
        isinstance(model, dict) and isinstance(model.get("results"), list) and model["results"] for model in models
    )

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]*")
_YAML11_SPECIAL = frozenset(
    "y n yes no on off true false null ~".split()
)


def suggest(
    value: str,
    choices: Iterable[str],
    *,
    normalize: Callable[[str], str],
    aliases: Mapping[str, str] | None = None,
    cutoff: float = 0.75,
) -> tuple[str | None, bool]:
    """The choice ``value`` most probably meant, and whether that is certain.

    Certain when ``value`` normalizes to exactly one choice (``Apache 2.0`` ->
    ``apache-2.0``) or is a known alias; otherwise the closest spelling by
    ``difflib``, or ``None``.
    """
    choices = list(choices)
    key = normalize(value)
    if aliases and key in aliases:
        return aliases[key], True
    matches = {choice for choice in choices if normalize(choice) == key}
    if len(matches) == 1:
        return matches.pop(), True
    close = difflib.get_close_matches(value.lower(), [c.lower() for c in choices], n=1, cutoff=cutoff)
    if close:
        lowered = {c.lower(): c for c in choices}
        return lowered[close[0]], False
    return None, False


def did_you_mean(suggestion: str | None, certain: bool) -> str:
    if suggestion is None:
        return ""
    return f"; use `{suggestion}`" if certain else f"; did you mean `{suggestion}`?"


def yaml_scalar(value: str, like: str = "") -> str:
    """``value`` as a YAML scalar, keeping the quotes of the text it replaces (``like``)."""
    if like[:1] in ("'", '"') and like[-1:] == like[:1] and len(like) >= 2 and like[0] not in value:
        return like[0] + value + like[0]
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_SPECIAL and not _looks_numeric(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace("_", ""))
    except ValueError:
        return False
    return True


def replace_value(card: Card, path: Path, scalar: str) -> Edit:
    """An edit that replaces the value at ``path`` with the YAML text ``scalar``.

    A scalar is replaced where it stands, so comments around it stay (also when
    it sits on the line below its key). A block list or mapping is replaced from
    just after the key's colon (``license:\n- mit`` -> ``license: mit``), and the
    comments it held move behind the new value.
    """
    start, end = card.span(path)
    text = card.text
    if path and isinstance(path[-1], str) and _starts_line(text, start) and _is_collection(card, path):
        _, key_end = card.key_span(path)
        colon = text.find(":", key_end)
        if 0 <= colon < start:
            comments = _COMMENT.findall(text, colon + 1, end)
            kept = "  " + " ".join(comments) if comments else ""
            return Edit(colon + 1, end, " " + scalar + kept)
    return Edit(start, end, scalar)


_COMMENT = re.compile(r"(?<=[ \t\r\n])#[^\r\n]*|^#[^\r\n]*", re.M)


def _is_collection(card: Card, path: Path) -> bool:
    value: Any = card.metadata
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, (dict, list))


def replace_scalar(card: Card, path: Path, value: str) -> Edit:
    """An edit that puts the string ``value`` at ``path``, quoted as the old value was."""
    return replace_value(card, path, yaml_scalar(value, source(card, path)))


def replacement_fix(card: Card, path: Path, old: object, new: str) -> Fix:
    """The fix that replaces the value ``old`` at ``path`` with ``new``."""
    return Fix(f"Replace `{old}` with `{new}`", (replace_scalar(card, path, new),))


def _starts_line(text: str, index: int) -> bool:
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return not text[line_start:index].strip(" ")


def source(card: Card, path: Path) -> str:
    """The source text of the value at ``path``."""
    start, end = card.span(path)
    return card.text[start:end]


def dotless_lower(value: str) -> str:
    """Lowercase with spaces and underscores as dashes: ``Text Classification`` -> ``text-classification``."""
    return re.sub(r"[\s_]+", "-", value.strip().lower())


_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_HF_CACHE = re.compile(r"(?:^|[\\/])models--([A-Za-z0-9_.-]+)(?:[\\/]|$)")


def looks_like_local_path(value: object) -> bool:
    """``./out``, ``/home/x/ckpt``, ``C:\\runs``, ``../base``, ``~/m``, ``runs/exp1/checkpoint-500``."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if "://" in text:
        return False
    return (
        text.startswith(("/", "./", "../", "~", ".\\", "..\\"))
        or text in (".", "..")
        or bool(_DRIVE.match(text))
        or "\\" in text
        or text.count("/") >= 2
        or bool(_HF_CACHE.search(text))
    )


def repo_id_from_cache_path(value: str) -> str | None:
    """``.../hub/models--org--name/snapshots/<sha>`` -> ``org/name`` (the Hub forbids ``--`` in names)."""
    found = _HF_CACHE.search(value)
    if not found:
        return None
    parts = found.group(1).split("--")
    return "/".join(parts) if len(parts) <= 2 and all(parts) else None
