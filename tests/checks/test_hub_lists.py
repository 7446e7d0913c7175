"""``schemas/data/refresh_hub_lists.py``: the Hub's published lists, read from their real sources.

``tests/fixtures/spec/`` holds the three source files, unchanged, at the commits
the shipped data names (``SOURCES.tsv``; written by ``--save-sources``). The
script run on them must give the shipped data files byte for byte: the parsers
read the real formats, and the data is what its sources say.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from modelcard.resources import schemas_dir

DATA = schemas_dir() / "data"
SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "spec"


def _script():
    spec = importlib.util.spec_from_file_location("refresh_hub_lists", DATA / "refresh_hub_lists.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


refresh = _script()


def test_the_shipped_data_is_what_its_recorded_sources_give() -> None:
    built = refresh.build(refresh.saved_fetch(SPEC))
    assert sorted(built) == ["library_names.json", "licenses.json", "pipeline_tags.json"]
    for name, data in built.items():
        assert refresh.dumps(data) == (DATA / name).read_text(encoding="utf-8"), f"{name}: run refresh_hub_lists.py"
    assert refresh.main(["--check", "--from-saved", str(SPEC)]) == 0


def test_the_parsers_read_the_published_formats() -> None:
    built = refresh.build(refresh.saved_fetch(SPEC))
    licenses = built["licenses.json"]["licenses"]
    assert len(licenses) == 83 and licenses[0] == {"id": "apache-2.0", "fullname": "Apache license 2.0", "comment": None}
    assert licenses[-1]["id"] == "other"
    assert {"id": "wtfpl", "fullname": "Do What The F*ck You Want To Public License", "comment": None} in licenses
    assert {"id": "openrail", "fullname": "OpenRAIL license family", "comment": "info: https://huggingface.co/blog/open_rail"} in licenses
    tasks = built["pipeline_tags.json"]
    assert tasks["modalities"] == ["multimodal", "nlp", "cv", "audio", "tabular", "rl", "other"]
    by_tag = {t["pipeline_tag"]: t for t in tasks["pipeline_tags"]}
    assert len(by_tag) == 57 and by_tag["translation"]["modality"] == "nlp"  # an unquoted key
    assert by_tag["fill-mask"]["subtasks"] == ["slot-filling", "masked-language-modeling"]
    assert by_tag["other"]["hideInModels"] is True and by_tag["text-generation"]["hideInModels"] is False
    libraries = {lib["library_name"]: lib for lib in built["library_names.json"]["libraries"]}
    assert len(libraries) == 240
    assert libraries["diffusers"] == {
        "library_name": "diffusers",
        "prettyLabel": "Diffusers",
        "repoName": "🤗/diffusers",
        "repoUrl": "https://github.com/huggingface/diffusers",
        "docsUrl": "https://huggingface.co/docs/hub/diffusers",
        "filter": True,
        "countDownloads": None,  # only a comment in the source
    }
    assert libraries["adapter-transformers"]["countDownloads"] == 'path:"adapter_config.json"'  # a template literal


TS = """
import * as snippets from "./snippets.js";
export const THINGS = {
\t// a comment, then a quoted key
\t"a-b": {
\t\tname: "A \\"quoted\\" \\u00e9 name",
\t\tsnippets: (model: ModelData) => [`pip install ${model.id}`, f(1, 2)],
\t\tother: 'it\\'s',
\t\tquery: `path:"x"`,
\t\tcomputed: `${base}/x`,
\t\tflag: true, count: 2, ratio: 0.5, gone: undefined,
\t\t/* block comment */ list: ["x", { type: "y" },],
\t\t...spread,
\t},
\tplain: { name: snippets.plain },
} satisfies Record<string, Thing>;
"""


def test_the_object_literal_parser_keeps_values_and_drops_expressions() -> None:
    things = refresh.exported_literal(TS, "THINGS")
    assert list(things) == ["a-b", "plain"]
    first = things["a-b"]
    assert first["name"] == 'A "quoted" é name' and first["other"] == "it's" and first["query"] == 'path:"x"'
    assert isinstance(first["snippets"], refresh.Opaque) and isinstance(first["computed"], refresh.Opaque)
    assert (first["flag"], first["count"], first["ratio"], first["gone"]) == (True, 2, 0.5, None)
    assert first["list"] == ["x", {"type": "y"}]
    assert isinstance(things["plain"]["name"], refresh.Opaque)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Licenses\n| MIT | `mit` |\n", "no `<!-- region licenses -->`"),
        ("<!-- region licenses -->\n| Fullname | id |\n<!-- endregion -->", "holds no"),
    ],
)
def test_a_licenses_page_in_another_shape_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        refresh.parse_licenses(text)


def test_sources_in_another_shape_are_a_message_not_a_traceback(tmp_path: Path, capsys) -> None:
    saved = tmp_path / "saved"
    shutil.copytree(SPEC, saved)
    (saved / refresh.HUGGINGFACE_JS / refresh.PIPELINES_TS).write_text("export const MODALITIES = [];\n")
    before = {p.name: p.read_bytes() for p in DATA.glob("*.json")}
    assert refresh.main(["--from-saved", str(saved)]) == 2
    assert capsys.readouterr().err == "refresh_hub_lists: cannot read the sources: no `export const PIPELINE_DATA =` in the source\n"
    assert {p.name: p.read_bytes() for p in DATA.glob("*.json")} == before  # nothing half-written


def test_a_missing_export_is_refused() -> None:
    with pytest.raises(ValueError, match="no `export const PIPELINE_DATA =`"):
        refresh.parse_pipelines("export const MODALITIES = [] as const;\n")


def _git_repo(folder: Path, files: dict[str, Path]) -> None:
    folder.mkdir()
    for rel, src in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, folder / rel)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "sources"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env={**env, "PATH": "/usr/bin:/bin"})


def test_local_clones_are_read_at_head_and_a_newer_source_is_reported_by_check(tmp_path: Path, capsys) -> None:
    docs, js = tmp_path / "hub-docs", tmp_path / "huggingface.js"
    _git_repo(docs, {refresh.LICENSES_MD: SPEC / refresh.HUB_DOCS / refresh.LICENSES_MD})
    _git_repo(js, {p: SPEC / refresh.HUGGINGFACE_JS / p for p in (refresh.PIPELINES_TS, refresh.LIBRARIES_TS)})
    fetch = refresh.checkout_fetch({refresh.HUB_DOCS: docs, refresh.HUGGINGFACE_JS: js})
    source = fetch(refresh.HUB_DOCS, refresh.LICENSES_MD)
    head = subprocess.run(["git", "-C", str(docs), "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    assert source.head_commit == source.file_commit == head
    assert source.text == (SPEC / refresh.HUB_DOCS / refresh.LICENSES_MD).read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in DATA.glob("*.json")}
    argv = ["--check", "--checkout", f"{refresh.HUB_DOCS}={docs}", "--checkout", f"{refresh.HUGGINGFACE_JS}={js}"]
    assert refresh.main(argv) == 1  # same lists, other commits: the provenance would change
    assert "licenses.json: 83 entries from huggingface/hub-docs@" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in DATA.glob("*.json")} == before  # --check writes nothing


def test_github_is_read_at_one_commit_per_repository(monkeypatch, tmp_path: Path) -> None:
    """The GitHub reader against a loopback server answering GitHub's URL shapes: ref -> commit,
    the raw file at that commit, the file's last commit."""
    import http.server
    import json
    import threading

    rows = [line.split("\t") for line in (SPEC / "SOURCES.tsv").read_text().splitlines()[1:]]
    files = {(repo, path): (fixture, head, changed) for fixture, repo, path, head, changed in rows}
    heads = {repo: head for (repo, _), (_, head, _) in files.items()}
    seen: list[str] = []

    class GitHub(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            seen.append(self.path)
            body = None
            for (repo, path), (fixture, head, changed) in files.items():
                if self.path == f"/api/repos/{repo}/commits/v9":
                    body = json.dumps({"sha": heads[repo]}).encode()
                elif self.path == f"/raw/{repo}/{head}/{path}":
                    body = (SPEC / fixture).read_bytes()
                elif self.path == f"/api/repos/{repo}/commits?sha={head}&path={path}&per_page=1":
                    body = json.dumps([{"sha": changed}]).encode()
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GitHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        monkeypatch.setattr(refresh, "GITHUB_API", base + "/api")
        monkeypatch.setattr(refresh, "GITHUB_RAW", base + "/raw")
        built = refresh.build(refresh.github_fetch("v9"))
    finally:
        server.shutdown()
        server.server_close()
    for name, data in built.items():
        assert refresh.dumps(data) == (DATA / name).read_text(encoding="utf-8")
    assert sum(p.endswith("/commits/v9") for p in seen) == 2  # the ref resolved once per repository
