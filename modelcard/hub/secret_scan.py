"""Find secrets in the files of a push before any byte is sent.

Every file that holds text (JSON, YAML, Markdown, CSV, Python, a tokenizer
vocabulary...) is scanned with the rules of MC401 (:func:`find_real_secrets`),
in chunks, so a large file costs memory for one chunk only. A file with a text
suffix is always scanned (bytes that are not UTF-8 replaced); any other file is
scanned when its first bytes are text, so weights and pictures are skipped.
A finding names the file, the line and the kind of secret or its key, never the value.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from modelcard.secrets import find_real_secrets

CHUNK = 4 * 2**20
#: Longer than any secret a pattern matches: a match starting before the last
#: OVERLAP characters of a chunk is seen whole.
OVERLAP = 64 * 2**10
SNIFF = 8192
#: Always read as text (undecodable bytes replaced), whatever their first bytes look like.
TEXT_SUFFIXES = frozenset(
    ".json .jsonl .yaml .yml .md .txt .csv .tsv .py .ipynb .cfg .ini .toml .sh .env .xml .html .js .ts .sql .log".split()
)


@dataclass(frozen=True)
class SecretHit:
    """A secret in a file: where, and what it is (never the value)."""

    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def is_text(head: bytes) -> bool:
    """Whether a file starting with ``head`` holds text: no NUL byte, valid UTF-8 (or UTF-16 with a BOM)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\0" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def scan_file(root: Path, rel: str) -> list[SecretHit]:
    """The secrets in one file of the folder (none for a binary file)."""
    hits: list[SecretHit] = []
    with open(root / rel, "rb") as f:
        head = f.read(SNIFF)
        if Path(rel).suffix.lower() not in TEXT_SUFFIXES and not is_text(head):
            return hits
        encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        text, line, data = "", 1, head
        while True:
            last = not data
            text += decoder.decode(data, final=last)
            cut = len(text) if last else max(0, len(text) - OVERLAP)
            for pattern, match in find_real_secrets(text):
                if match.start() < cut:
                    name = match.groupdict().get("name")
                    what = f"value of `{name}`" if name else pattern.kind
                    hits.append(SecretHit(rel, line + text.count("\n", 0, match.start()), what))
            if last:
                return hits
            line += text.count("\n", 0, cut)
            text = text[cut:]
            data = f.read(CHUNK)


def scan_files(root: Path, paths: list[str]) -> list[SecretHit]:
    """The secrets in every file of ``paths`` (relative to ``root``), file by file."""
    return [hit for rel in paths for hit in scan_file(root, rel)]


def scrubbed_json(path: Path) -> bytes | None:
    """A JSON file's bytes without its secrets, written as the training callbacks write
    ``training_args.json`` (:func:`modelcard.integrations.masking.masked`); None when the
    file is not JSON or a secret would remain."""
    import json

    from modelcard.integrations.masking import masked

    if path.suffix.lower() != ".json" or path.stat().st_size > 64 * 2**20:
        return None
    try:
        value = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None
    text = json.dumps(masked(value), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return None if find_real_secrets(text) else text.encode("utf-8")
