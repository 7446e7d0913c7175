"""A result cache for unchanged cards, keyed by what the result depends on (as ruff's is).

An entry holds one file's diagnostics. Its key is a hash of:

- the card's bytes and the path it is reported as;
- the rules that run on it: codes, severities and options;
- the installed package's code and data (the name, size and modification time
  of each of its files, looked at once per process), the Python version and the
  installed distributions;
- the ``.eval_results/`` files beside the card: their names and bytes.

What a rule looked up beside the card (whether the file of a relative link
exists, for MC206) is kept in the entry with the answers: the entry holds only
while every answer is the same.

The cache is one folder (``.modelcard_cache/`` at the project root unless told
otherwise), tagged with ``CACHEDIR.TAG`` and a ``.gitignore`` of ``*``. Entries
live in `SHARDS` JSON files, ``shard-XX.json`` for the keys starting with
``XX``; a shard is read on the first lookup of one of its keys. Nothing is
written while linting: `Cache.save` writes each shard that gained entries once,
atomically, at the end of the run (a run that only reads back writes nothing).
A shard or an entry that cannot be read or is not what this module wrote is
ignored (and written anew). A folder that cannot be written to is still read;
nothing is stored and nothing fails. Each shard keeps at most
``MAX_ENTRIES // SHARDS`` entries: past that, the oldest stored go.

A checkout is not trusted: shards are read only when they are regular files
within `MAX_SHARD_BYTES`, and a folder in the linted tree that is a symbolic
link is not used (see `folder_for`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcard.atomic import atomic_write
from modelcard.card import eval_results
from modelcard.checks.config import Config, RuleSet
from modelcard.checks.engine import INTERNAL, read_bounded
from modelcard.diagnostics import Diagnostic, Edit, Fix, Location, Severity

#: The folder's name at the project root.
FOLDER = ".modelcard_cache"
#: The layout of a shard; another value is a foreign shard.
FORMAT = 1
#: The shard files: an entry is in the shard named by the first two hex digits of its key.
SHARDS = 256
#: Entries kept, at most ``MAX_ENTRIES // SHARDS`` in each shard (the most recently stored).
MAX_ENTRIES = 20_000
#: A shard larger than this is not read (and is replaced when saving); an entry takes a few kilobytes.
MAX_SHARD_BYTES = 64 << 20
#: Leftovers of an interrupted write older than this (seconds) are removed when saving.
STALE_TEMP = 3600

TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by modelcard.\n"
    b"# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
GITIGNORE = b"# Created by modelcard automatically.\n*\n"

_SHARD = re.compile(r"shard-[0-9a-f]{2}\.json")
_TEMP = re.compile(r"\.(?:shard-[0-9a-f]{2}|[0-9a-f]{64})\.json\.[0-9a-f]{8}\.tmp")  # see modelcard.atomic
_OFF = ("", "0", "false", "no", "off")
_SEVERITIES = {s.value: s for s in Severity}
_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False)  # entries are plain trees

#: A result added to a cache: when, what the rules looked up beside the card, the diagnostics.
_Added = tuple[float, Mapping[str, bool], Sequence[Diagnostic]]


def disabled(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``MODELCARD_NO_CACHE`` turns the cache off (set to anything but ``0``, ``false``, ``no``, ``off``)."""
    return environ.get("MODELCARD_NO_CACHE", "").strip().lower() not in _OFF


def folder_for(config: Config, *, cache_dir: str | None = None, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The cache folder of a run: ``cache_dir`` (``--cache-dir``), else ``MODELCARD_CACHE_DIR``, else
    ``cache-dir`` in the configuration, else `FOLDER` beside the configuration file or in the current folder.

    ``None`` (no cache) when a folder that the user did not name (the default or
    the configuration's, both part of the linted tree) is a symbolic link: a
    checkout must not make lint write elsewhere.
    """
    given = cache_dir or environ.get("MODELCARD_CACHE_DIR")
    if given:
        return Path(given)
    folder = config.cache_dir or (config.root if config.source is not None else Path.cwd()) / FOLDER
    return None if folder.is_symlink() else folder


@dataclass(frozen=True)
class Pending:
    """What storing a result needs besides its diagnostics: its key, and what the rules looked up beside the card."""

    key: str
    looked_up: Mapping[str, bool]


@dataclass(frozen=True)
class Cache:
    """The result cache in ``folder`` (see the module's documentation).

    ``empty``: the folder did not exist when the cache was opened, so no entry
    is looked for (every one would be missing).
    """

    folder: Path
    empty: bool = False
    _rule_keys: dict[int, tuple[RuleSet, bytes]] = field(default_factory=dict, init=False, compare=False, repr=False)
    _read: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, compare=False, repr=False)
    _added: dict[str, dict[str, _Added]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_rule_keys": {}, "_read": {}, "_added": {}}

    @classmethod
    def open(cls, folder: Path) -> Cache:
        """The cache in ``folder``; the folder is made when the first entry is saved."""
        return cls(folder, empty=not folder.is_dir())

    # -- keys -------------------------------------------------------------------------

    def key(self, data: bytes, *, display: str, rules: RuleSet, file: Path, beside: bool | None = None) -> str | None:
        """The key of a card's result, or ``None`` when it cannot be cached.

        ``beside``: whether the card's folder holds ``.eval_results/`` (``None``: look).
        """
        files_beside = _eval_results(file, beside)
        if files_beside is None:
            return None
        digest = hashlib.sha256()
        for part in (fingerprint(), self._rules_key(rules), display.encode("utf-8", "surrogateescape"), files_beside, data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _rules_key(self, rules: RuleSet) -> bytes:
        known = self._rule_keys.get(id(rules))
        if known is None or known[0] is not rules:
            described = [[a.rule.code, a.severity.value, a.options] for a in rules.rules]
            text = json.dumps(described, sort_keys=True, default=repr)
            known = self._rule_keys[id(rules)] = (rules, text.encode("utf-8", "surrogateescape"))
        return known[1]

    # -- entries ------------------------------------------------------------------------

    def get(self, key: str, file: Path) -> list[Diagnostic] | None:
        """The diagnostics stored for ``key`` when they still hold for ``file``; ``None`` otherwise."""
        if self.empty:
            return None
        shard = self._read.get(key[:2])
        if shard is None:
            shard = self._read[key[:2]] = _read_shard(self._shard_path(key[:2]))
        entry = shard.get(key)
        if not isinstance(entry, dict) or not _is_time(entry.get("stored")):
            return None
        try:
            if not _still_true(entry["looked_up"], file.parent):
                return None
            return [_decode(item) for item in entry["diagnostics"]]
        except (KeyError, TypeError, ValueError, OSError):  # not an entry this module wrote
            return None

    def put(self, key: str, diagnostics: Sequence[Diagnostic], looked_up: Mapping[str, bool]) -> None:
        """Add a result, to be written by `save`; one with an internal error (which may not happen again) is not added."""
        if any(d.code == INTERNAL for d in diagnostics):
            return
        self._added.setdefault(key[:2], {})[key] = (time.time(), looked_up, diagnostics)

    def save(self) -> None:
        """Write the results added since the last save, and remove stale temporary files.

        Each shard that gained entries is read again (another run may have
        written it meanwhile), given the new entries (which replace those of the
        same key), cut to the most recently stored ``MAX_ENTRIES // SHARDS``,
        and replaced atomically. A folder that cannot be written to is left as it was.
        """
        if not self._added:
            return
        keep = max(1, MAX_ENTRIES // SHARDS)
        try:
            for prefix in sorted(self._added):
                path = self._shard_path(prefix)
                entries = {
                    k: e for k, e in _read_shard(path).items()
                    if k.startswith(prefix) and isinstance(e, dict) and _is_time(e.get("stored"))
                }
                for key, (stored, looked_up, diagnostics) in self._added[prefix].items():
                    entries[key] = {
                        "stored": stored,
                        "looked_up": sorted(looked_up.items()),
                        "diagnostics": [_encode(d) for d in diagnostics],
                    }
                if len(entries) > keep:
                    newest = sorted(entries.items(), key=lambda item: item[1]["stored"], reverse=True)
                    entries = dict(newest[:keep])
                data = _JSON.encode({"format": FORMAT, "entries": entries}).encode()
                self._write(path, data)
        except OSError:
            return  # a folder that cannot be written: nothing is stored
        finally:
            self._added.clear()
        self._remove_leftovers()

    def _shard_path(self, prefix: str) -> Path:
        return self.folder / f"shard-{prefix}.json"

    def _write(self, path: Path, data: bytes) -> None:
        try:
            atomic_write(path, data, durable=False)
        except FileNotFoundError:  # the first shard: make the folder, with its tag files
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, content in (("CACHEDIR.TAG", TAG), (".gitignore", GITIGNORE)):
                if not (self.folder / name).exists():
                    atomic_write(self.folder / name, content, durable=False)
            atomic_write(path, data, durable=False)

    def _remove_leftovers(self) -> None:
        """Remove the temporary files of interrupted writes."""
        try:
            with os.scandir(self.folder) as scan:
                names = [e.name for e in scan]
        except OSError:
            return
        stale = time.time() - STALE_TEMP
        for name in names:
            path = self.folder / name
            if _TEMP.fullmatch(name) and _mtime(path) < stale:
                try:
                    os.unlink(path)
                except OSError:
                    pass


def clear(folder: Path) -> int:
    """Remove what the cache wrote in ``folder`` (and the folder once empty); the number of entries removed.

    The entries of a shard that cannot be read are not counted. Files the
    cache did not write are left, and so is the folder holding them.

    Raises:
        OSError: a file could not be removed.
    """
    try:
        with os.scandir(folder) as scan:
            names = [e.name for e in scan]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    shards = [n for n in names if _SHARD.fullmatch(n)]
    ours = [*shards, *(n for n in names if _TEMP.fullmatch(n))]
    for name, content in (("CACHEDIR.TAG", TAG), (".gitignore", GITIGNORE)):
        if name in names and _holds(folder / name, content):
            ours.append(name)
    removed = sum(len(_read_shard(folder / n)) for n in shards)
    for name in ours:
        os.unlink(folder / name)
    if len(ours) == len(names):
        os.rmdir(folder)
    return removed


def _read_shard(path: Path) -> dict[str, Any]:
    """The entries of a shard, unchecked; none when it is missing, unreadable, not a regular file,
    larger than `MAX_SHARD_BYTES`, or not a shard of this layout."""
    data, problem = read_bounded(path, MAX_SHARD_BYTES)  # never blocks on a FIFO nor reads a device
    if problem is not None or data is None:
        return {}
    try:
        shard = json.loads(data)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(shard, dict) or shard.get("format") != FORMAT or not isinstance(shard.get("entries"), dict):
        return {}
    return shard["entries"]


def _is_time(value: Any) -> bool:
    return type(value) is float or type(value) is int


def _holds(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


# -- what the key is made of -------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """A hash of what makes a result besides the card: this package's code and data, Python, the installed distributions."""
    import modelcard
    from modelcard.resources import schemas_dir

    package, schemas = Path(modelcard.__file__).parent, schemas_dir()
    folders = (package,) if package in schemas.parents else (package, schemas)
    digest = hashlib.sha256(f"{modelcard.__version__}\0{sys.version}\0".encode())
    for entry in sys.path:  # a dependency installed, removed or upgraded
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        digest.update("\0".join(names).encode("utf-8", "surrogateescape"))
    for folder in folders:
        digest.update(files_digest(folder))
    return digest.digest()


def files_digest(folder: Path) -> bytes:
    """A hash of the name, size and modification time of every file under ``folder`` (``__pycache__`` aside).

    Installing, upgrading or editing a file changes its modification time: the
    files need not be read (a third of a one-card lint's time if they were).
    """
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                status = os.stat(path)
                described = f"{status.st_size}:{status.st_mtime_ns}"
            except OSError:
                described = "?"
            digest.update(f"{os.path.relpath(path, folder)}\0{described}\0".encode("utf-8", "surrogateescape"))
    return digest.digest()


def _eval_results(file: Path, beside: bool | None) -> bytes | None:
    """The names and bytes of the ``.eval_results/*.yaml`` files beside a card, as rules would read them.

    ``None`` when the folder holds more entries than the rules look at (such a card is not cached).
    """
    if beside is False:
        return b""
    where = eval_results.folder_beside(file)
    if where is None:
        return b""
    names, truncated = eval_results.listing(Path(where))
    if truncated:
        return None
    digest = hashlib.sha256()
    for name in names:
        data, problem = read_bounded(Path(where, name), eval_results.MAX_BYTES)  # never blocks, as the rules read
        content = data if data is not None else repr(problem).encode("utf-8", "surrogateescape")
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(len(content).to_bytes(8, "little") + content)
    return digest.digest()


def _still_true(looked_up: Any, folder: Path) -> bool:
    """Whether every path a rule looked up beside the card still exists, or still does not."""
    if not isinstance(looked_up, list):
        raise TypeError("looked_up")
    for item in looked_up:
        relative, existed = item
        if type(relative) is not str or type(existed) is not bool:
            raise TypeError("looked_up")
        if (folder / relative).exists() is not existed:
            return False
    return True


# -- entries as plain data ---------------------------------------------------------------


def _encode(d: Diagnostic) -> list[Any]:
    end = [d.end.line, d.end.column] if d.end is not None else None
    fix = [d.fix.description, [[e.start, e.end, e.replacement] for e in d.fix.edits]] if d.fix is not None else None
    return [d.code, d.name, d.severity.value, d.message, d.location.line, d.location.column, d.path, end, fix]


def _decode(item: Any) -> Diagnostic:
    """A diagnostic from its entry; ``TypeError``, ``ValueError`` or ``KeyError`` for anything else."""
    code, name, severity, message, line, column, path, end, fix = item
    if not (_are(str, code, name, message, path) and _are(int, line, column)):
        raise TypeError("not a diagnostic")
    return Diagnostic(
        code=code,
        name=name,
        severity=_SEVERITIES[severity],
        message=message,
        location=Location(line, column),
        path=path,
        end=None if end is None else _location(end),
        fix=None if fix is None else _fix(fix),
    )


def _location(value: Any) -> Location:
    line, column = value
    if not _are(int, line, column):
        raise TypeError("not a location")
    return Location(line, column)


def _fix(value: Any) -> Fix:
    description, edits = value
    if type(description) is not str or type(edits) is not list:
        raise TypeError("not a fix")
    found = []
    for start, end, replacement in edits:
        if not (_are(int, start, end) and type(replacement) is str):
            raise TypeError("not an edit")
        found.append(Edit(start, end, replacement))
    return Fix(description, tuple(found))


def _are(kind: type, *values: Any) -> bool:
    """Whether every value is exactly of ``kind`` (``bool`` is no ``int`` here)."""
    for value in values:
        if type(value) is not kind:
            return False
    return True
