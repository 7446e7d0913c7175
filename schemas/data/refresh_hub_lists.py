"""Refresh the Hub's lists in ``schemas/data/`` from their published sources, then the schema.

The Hub publishes the values it accepts for three metadata keys in two public
repositories; this script reads them there, at one commit, and writes:

    licenses.json       hub-docs         docs/hub/repositories-licenses.md
                        (the table between ``<!-- region licenses -->`` and ``<!-- endregion -->``)
    pipeline_tags.json  huggingface.js   packages/tasks/src/pipelines.ts
                        (``MODALITIES`` and the ``PIPELINE_DATA`` object literal)
    library_names.json  huggingface.js   packages/tasks/src/model-libraries.ts
                        (the ``MODEL_LIBRARIES_UI_ELEMENTS`` object literal)

Each file records the repository, path and commits it came from. The
TypeScript is read by a small parser for object literals (strings, template
literals, booleans, numbers, arrays, nested objects); expressions it does not
evaluate (snippet functions) are dropped, so no Node.js is needed. Then
``sync_schema.py`` writes the enums into ``modelcard.schema.json``.

    python schemas/data/refresh_hub_lists.py                 # from GitHub, at main
    python schemas/data/refresh_hub_lists.py --ref v1.2.3    # at another branch, tag or commit
    python schemas/data/refresh_hub_lists.py --checkout huggingface/hub-docs=../hub-docs \\
        --checkout huggingface/huggingface.js=../huggingface.js   # from local clones, at HEAD
    python schemas/data/refresh_hub_lists.py --check          # exit 1 when the data is out of date
    python schemas/data/refresh_hub_lists.py --save-sources DIR   # also keep the files read (and SOURCES.tsv)
    python schemas/data/refresh_hub_lists.py --from-saved DIR     # offline, from files a --save-sources run kept

Only the standard library is used; ``GITHUB_TOKEN``, when set, raises GitHub's
rate limit (it is sent to api.github.com only and never printed).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

DATA = Path(__file__).resolve().parent

HUB_DOCS = "huggingface/hub-docs"
HUGGINGFACE_JS = "huggingface/huggingface.js"
LICENSES_MD = "docs/hub/repositories-licenses.md"
PIPELINES_TS = "packages/tasks/src/pipelines.ts"
LIBRARIES_TS = "packages/tasks/src/model-libraries.ts"

GITHUB_API = "https://api.github.com"
GITHUB_RAW = "https://raw.githubusercontent.com"


class Source(NamedTuple):
    """One published file, as read at one commit."""

    repo: str
    path: str
    text: str
    head_commit: str
    file_commit: str

    def provenance(self, extracted_from: str) -> dict[str, str]:
        return {
            "repo": self.repo,
            "path": self.path,
            "repo_head_commit": self.head_commit,
            "file_last_changed_commit": self.file_commit,
            "extracted_from": extracted_from,
        }


#: ``fetch(repo, path) -> Source``
Fetch = Callable[[str, str], Source]


# -- licenses: a Markdown table ---------------------------------------------------------

_REGION = re.compile(r"<!-- region licenses -->(.*?)<!-- endregion -->", re.S)
_ROW = re.compile(r"^\|(?P<fullname>[^|]*)\|\s*`(?P<id>[^`]+)`\s*\|\s*(?:<!--(?P<comment>.*?)-->)?\s*$")


def parse_licenses(markdown: str) -> list[dict[str, Any]]:
    """The rows of the licenses table: ``{id, fullname, comment}`` in page order."""
    region = _REGION.search(markdown)
    if region is None:
        raise ValueError("no `<!-- region licenses -->` ... `<!-- endregion -->` block")
    rows = []
    for line in region.group(1).splitlines():
        match = _ROW.match(line.strip())
        if match is None:
            continue  # the header, the separator, blank lines
        fullname = re.sub(r"\\(.)", r"\1", match["fullname"].strip())  # Markdown escapes: F\*ck
        comment = match["comment"].strip() if match["comment"] else None
        rows.append({"id": match["id"].strip(), "fullname": fullname, "comment": comment})
    if not rows:
        raise ValueError("the licenses region holds no `| name | `id` |` row")
    return rows


# -- TypeScript object literals ---------------------------------------------------------


class Opaque:
    """An expression the parser does not evaluate (a function, a member access...)."""

    def __repr__(self) -> str:
        return "Opaque()"


OPAQUE = Opaque()

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|//[^\n]*|/\*.*?\*/)
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<template>`(?:[^`\\]|\\.)*`)
    | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<name>[A-Za-z_$][\w$]*)
    | (?P<arrow>=>)
    | (?P<spread>\.\.\.)
    | (?P<punct>[{}\[\]():,.;=<>|&?!+\-*/%])
    """,
    re.S | re.X,
)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read TypeScript at offset {pos}: {text[pos:pos + 30]!r}")
        pos = match.end()
        if match.lastgroup != "space":
            yield match.lastgroup, match.group()  # type: ignore[misc]


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": ""}


def _string(token: str) -> str:
    """The value of a quoted string or template literal token, escapes resolved."""

    def unescape(m: re.Match[str]) -> str:
        code = m[1] or m[2]
        return chr(int(code, 16)) if code else _SIMPLE_ESCAPES.get(m[3], m[3])

    return _ESCAPE.sub(unescape, token[1:-1])


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise ValueError(f"expected `{value}`, found `{token[1]}`")
        self.i += 1
        return token

    def value(self) -> Any:
        kind, text = self.peek()
        if text == "{":
            return self.object()
        if text == "[":
            return self.array()
        start = self.i
        if kind in ("string", "template", "number", "name"):
            self.take()
            if self.peek()[1] in (",", "}", "]"):
                if kind == "string":
                    return _string(text)
                if kind == "template":
                    return OPAQUE if "${" in text else _string(text)
                if kind == "number":
                    return float(text) if "." in text or "e" in text.lower() else int(text)
                return {"true": True, "false": False, "null": None, "undefined": None}.get(text, OPAQUE)
            self.i = start
        self.skip_expression()
        return OPAQUE

    def skip_expression(self) -> None:
        """Move past one expression: up to a ``,`` ``}`` or ``]`` at depth 0."""
        depth = 0
        while True:
            kind, text = self.peek()
            if kind == "end":
                raise ValueError("unexpected end of the source inside an expression")
            if depth == 0 and text in (",", "}", "]"):
                return
            if text in ("{", "[", "("):
                depth += 1
            elif text in ("}", "]", ")"):
                depth -= 1
            self.take()

    def object(self) -> dict[str, Any]:
        self.take("{")
        out: dict[str, Any] = {}
        while self.peek()[1] != "}":
            kind, key = self.take()
            if kind == "spread":
                self.skip_expression()
            else:
                out[_string(key) if kind == "string" else key] = self.colon_value()
            if self.peek()[1] == ",":
                self.take()
        self.take("}")
        return out

    def colon_value(self) -> Any:
        self.take(":")
        return self.value()

    def array(self) -> list[Any]:
        self.take("[")
        out = []
        while self.peek()[1] != "]":
            out.append(self.value())
            if self.peek()[1] == ",":
                self.take()
        self.take("]")
        return out


def exported_literal(source: str, name: str) -> Any:
    """The value of ``export const NAME = <literal>`` (``as const``, ``satisfies ...`` ignored)."""
    match = re.search(rf"^export const {re.escape(name)}\b[^=]*=", source, re.M)
    if match is None:
        raise ValueError(f"no `export const {name} =` in the source")
    parser = _Parser(list(_tokens(source[match.end():])))
    return parser.value()


# -- pipeline tags and libraries ---------------------------------------------------------


def parse_pipelines(typescript: str) -> tuple[list[str], list[dict[str, Any]]]:
    """``MODALITIES`` and one entry per ``PIPELINE_DATA`` key, in source order."""
    modalities = exported_literal(typescript, "MODALITIES")
    tasks = []
    for tag, data in exported_literal(typescript, "PIPELINE_DATA").items():
        tasks.append(
            {
                "pipeline_tag": tag,
                "name": data["name"],
                "modality": data["modality"],
                "hideInModels": data.get("hideInModels", False),
                "hideInDatasets": data.get("hideInDatasets", False),
                "subtasks": [sub["type"] for sub in data.get("subtasks", [])],
            }
        )
    return modalities, tasks


_LIBRARY_FIELDS = ("prettyLabel", "repoName", "repoUrl", "docsUrl", "filter", "countDownloads")


def parse_libraries(typescript: str) -> list[dict[str, Any]]:
    """One entry per ``MODEL_LIBRARIES_UI_ELEMENTS`` key (the ``library_name``), in source order."""
    libraries = []
    for name, data in exported_literal(typescript, "MODEL_LIBRARIES_UI_ELEMENTS").items():
        entry: dict[str, Any] = {"library_name": name}
        for field in _LIBRARY_FIELDS:
            value = data.get(field)
            entry[field] = None if isinstance(value, Opaque) else value
        libraries.append(entry)
    return libraries


# -- the data files --------------------------------------------------------------------


def build(fetch: Fetch) -> dict[str, dict[str, Any]]:
    """File name -> content of the three data files, read through ``fetch``."""
    licenses_md = fetch(HUB_DOCS, LICENSES_MD)
    pipelines_ts = fetch(HUGGINGFACE_JS, PIPELINES_TS)
    libraries_ts = fetch(HUGGINGFACE_JS, LIBRARIES_TS)
    licenses = parse_licenses(licenses_md.text)
    modalities, tasks = parse_pipelines(pipelines_ts.text)
    libraries = parse_libraries(libraries_ts.text)
    return {
        "licenses.json": {
            "source": licenses_md.provenance("table between '<!-- region licenses -->' and '<!-- endregion -->'"),
            "count": len(licenses),
            "licenses": licenses,
        },
        "pipeline_tags.json": {
            "source": pipelines_ts.provenance("keys of the PIPELINE_DATA object literal, in source order (refresh_hub_lists.py)"),
            "count": len(tasks),
            "modalities": modalities,
            "pipeline_tags": tasks,
        },
        "library_names.json": {
            "source": libraries_ts.provenance(
                "keys of the MODEL_LIBRARIES_UI_ELEMENTS object literal, in source order; snippet functions dropped "
                "(refresh_hub_lists.py)"
            ),
            "count": len(libraries),
            "libraries": libraries,
        },
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


# -- where the sources come from -----------------------------------------------------------


def _get(url: str) -> bytes:
    headers = {"User-Agent": "modelcard-refresh-hub-lists"}
    token = os.environ.get("GITHUB_TOKEN")
    if token and url.startswith(GITHUB_API + "/"):
        headers["Authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:  # noqa: S310
        return response.read()


def github_fetch(ref: str) -> Fetch:
    """Read files from GitHub at ``ref`` (resolved once per repository to a commit)."""
    heads: dict[str, str] = {}

    def fetch(repo: str, path: str) -> Source:
        if repo not in heads:
            heads[repo] = json.loads(_get(f"{GITHUB_API}/repos/{repo}/commits/{quote(ref, safe='')}"))["sha"]
        head = heads[repo]
        text = _get(f"{GITHUB_RAW}/{repo}/{head}/{path}").decode("utf-8")
        history = json.loads(_get(f"{GITHUB_API}/repos/{repo}/commits?sha={head}&path={quote(path)}&per_page=1"))
        return Source(repo, path, text, head, history[0]["sha"])

    return fetch


def checkout_fetch(checkouts: dict[str, Path]) -> Fetch:
    """Read files from local git clones, at their ``HEAD``."""

    def git(folder: Path, *args: str) -> str:
        return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout

    def fetch(repo: str, path: str) -> Source:
        if repo not in checkouts:
            raise SystemExit(f"no --checkout given for {repo}")
        folder = checkouts[repo]
        head = git(folder, "rev-parse", "HEAD").strip()
        return Source(repo, path, git(folder, "show", f"HEAD:{path}"), head, git(folder, "log", "-1", "--format=%H", "HEAD", "--", path).strip())

    return fetch


SOURCES_TSV = "SOURCES.tsv"
_TSV_HEADER = ("fixture", "repo", "path", "repo_head_commit", "file_last_changed_commit")


def saving(fetch: Fetch, folder: Path) -> Fetch:
    """``fetch``, also writing each source file under ``folder/<repo>/<path>`` and listing it in ``SOURCES.tsv``."""
    rows: list[tuple[str, ...]] = []

    def save(repo: str, path: str) -> Source:
        source = fetch(repo, path)
        target = folder / repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.text, encoding="utf-8")
        rows.append((f"{repo}/{path}", repo, path, source.head_commit, source.file_commit))
        (folder / SOURCES_TSV).write_text("".join("\t".join(row) + "\n" for row in [_TSV_HEADER, *rows]), encoding="utf-8")
        return source

    return save


def saved_fetch(folder: Path) -> Fetch:
    """Read sources back from a folder written by ``--save-sources`` (for tests and offline runs)."""
    with open(folder / SOURCES_TSV, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    known = {(repo, path): (fixture, head, changed) for fixture, repo, path, head, changed in rows}

    def fetch(repo: str, path: str) -> Source:
        fixture, head, changed = known[(repo, path)]
        return Source(repo, path, (folder / fixture).read_text(encoding="utf-8"), head, changed)

    return fetch


def _sync_schema() -> Any:
    spec = importlib.util.spec_from_file_location("sync_schema", DATA / "sync_schema.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="branch, tag or commit of both repositories (default: main)")
    parser.add_argument("--checkout", action="append", default=[], metavar="OWNER/NAME=DIR", help="read a repository from a local clone")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a data file would change")
    parser.add_argument("--save-sources", metavar="DIR", help="also write the source files read under DIR/<repo>/<path>")
    parser.add_argument("--from-saved", metavar="DIR", help="read the sources a --save-sources run wrote, offline")
    args = parser.parse_args(argv)

    if args.from_saved:
        fetch = saved_fetch(Path(args.from_saved))
    elif args.checkout:
        checkouts = dict(item.split("=", 1) for item in args.checkout)
        fetch = checkout_fetch({repo: Path(folder) for repo, folder in checkouts.items()})
    else:
        fetch = github_fetch(args.ref)
    if args.save_sources:
        fetch = saving(fetch, Path(args.save_sources))

    try:
        built = build(fetch)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as e:  # network, git, a changed format
        print(f"refresh_hub_lists: cannot read the sources: {e}", file=sys.stderr)
        return 2
    stale = []
    for name, data in built.items():
        text = dumps(data)
        target = DATA / name
        if target.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
        print(f"{name}: {data['count']} entries from {data['source']['repo']}@{data['source']['repo_head_commit'][:12]}", file=sys.stderr)
    if args.check:
        return 1 if stale else 0
    return _sync_schema().main([])


if __name__ == "__main__":
    raise SystemExit(main())
