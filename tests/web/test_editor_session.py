"""Opening, regenerating, saving and pushing a card, through the editor's endpoints."""

from __future__ import annotations

import codecs
import re
import shutil
from pathlib import Path

import pytest

from modelcard.errors import UsageError
from modelcard.web.editor import EditorSession
from tests.web.conftest import FIXTURES, HUB_TOKEN, LocalHub, start_editor
from tests.web.http import cookie_of, request

RUN = Path(__file__).resolve().parent.parent / "fixtures" / "generate" / "cat-emotions"


def session_headers(editor) -> dict[str, str]:  # type: ignore[no-untyped-def]
    cookie = cookie_of(request(editor.login))
    page = request(editor.url + "/", headers={"cookie": cookie}).body.decode()
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return {"cookie": cookie, "x-csrf-token": csrf}


def test_a_new_card_starts_from_the_default_template(tmp_path: Path) -> None:
    session = EditorSession.open(tmp_path)
    assert session.path == tmp_path / "README.md" and session.disk_digest is None
    assert session.text.startswith(f"---\n---\n# {tmp_path.name}\n")
    assert "## Intended uses & limitations" in session.text
    assert not (tmp_path / "README.md").exists()
    session.save(session.text, None)
    assert (tmp_path / "README.md").read_text() == session.text


def test_a_new_card_of_a_run_is_generated_from_its_logs(tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(RUN, run)
    session = EditorSession.open(run, run)
    assert "It achieves the following results on the evaluation set (from `eval_results.json`):\n- Loss: 1.0160\n" in session.text
    assert session.plot is not None and session.plot.startswith(b"\x89PNG")
    assert not (run / "README.md").exists() and not (run / "training_curves.png").exists()
    picture = session.plot
    session.save(session.text, None)
    assert (run / "training_curves.png").read_bytes() == picture


def test_regenerate_refreshes_the_logs_and_keeps_the_authors_text(tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(RUN, run)
    editor = start_editor(run, run)
    try:
        headers = session_headers(editor)
        text = editor.session.text.replace(
            "The authors have not documented intended uses and limitations yet.", "Meant for sorting cat photos by mood."
        )
        state = request(editor.url + "/api/regenerate", "POST", body={"text": text}, headers=headers).json()
        assert "Meant for sorting cat photos by mood." in state["text"]
        assert state["text"] == text  # the logs did not change: only the author's edit differs
        assert state["message"] == "regenerated from the logs; your own text is kept"
        assert state["generated"] == ["library_name", "tags"]
    finally:
        editor.running.stop()


def test_save_keeps_the_byte_order_mark_and_refuses_a_stale_digest(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_bytes(codecs.BOM_UTF8 + b"---\r\nlicense: mit\r\n---\r\n# x\r\n")
    session = EditorSession.open(card)
    loaded = session.disk_digest
    session.save(session.text.replace("# x", "# y"), loaded)
    assert card.read_bytes() == codecs.BOM_UTF8 + b"---\r\nlicense: mit\r\n---\r\n# y\r\n"
    from modelcard.web.editor_api import ChangedOnDisk

    with pytest.raises(ChangedOnDisk, match="changed on disk since it was loaded; nothing was written"):
        session.save("# z\n", loaded)
    assert card.read_bytes().endswith(b"# y\r\n")


def test_cards_the_editor_cannot_open(tmp_path: Path) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(UsageError, match="UTF-8"):
        EditorSession.open(tmp_path / "bin.md")
    with pytest.raises(UsageError, match="is not a folder"):
        EditorSession.open(tmp_path / "missing" / "README.md")
    with pytest.raises(UsageError, match="--run: .* is not a folder"):
        EditorSession.open(tmp_path, tmp_path / "nothing")


def test_push_shows_the_plan_then_pushes_through_the_push_code(tmp_path: Path, local_hub: LocalHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", HUB_TOKEN)
    folder = tmp_path / "model"
    shutil.copytree(FIXTURES / "model", folder)
    (folder / "training_args.bin").write_bytes(b"pickle")
    editor = start_editor(folder)
    try:
        headers = session_headers(editor)
        text = editor.session.text
        ask = {"text": text + "more\n", "repo_id": "acme/from-editor", "endpoint": local_hub.url, "dry_run": True}
        unsaved = request(editor.url + "/api/push", "POST", body=ask, headers=headers)
        assert (unsaved.status, unsaved.json()["error"]) == (409, "save the card first: the push sends the files on disk")
        ask["text"] = text
        plan = request(editor.url + "/api/push", "POST", body=ask, headers=headers).json()
        assert plan["ok"] and plan["dry_run"]
        assert [(f["path"], f["status"]) for f in plan["files"]] == [("README.md", "new")]
        assert plan["ignored"] == ["training_args.bin"]
        assert not local_hub.store.exists("model", "acme/from-editor")
        pushed = request(editor.url + "/api/push", "POST", body={**ask, "dry_run": False, "message": "From the editor"}, headers=headers).json()
        assert pushed["ok"] and pushed["created_commit"]
        head = local_hub.store.history("model", "acme/from-editor", pushed["commit"])[0]
        assert head["title"] == "From the editor"
        stored = local_hub.store.files("model", "acme/from-editor", pushed["commit"])
        assert set(stored) == {".gitattributes", "README.md"}
        refused = request(editor.url + "/api/push", "POST", body={**ask, "repo_id": "not a repo id"}, headers=headers).json()
        assert not refused["ok"] and HUB_TOKEN not in refused["error"]
    finally:
        editor.running.stop()


def test_a_card_whose_front_matter_does_not_parse_opens_without_the_form(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: [mit\n---\n# Model\n")
    session = EditorSession.open(card)
    state = session.state(session.text)
    assert state["form"] is None
    assert state["front_matter"] == "license: [mit"
    assert [(f["code"], f["place"]["box"], f["place"]["line"]) for f in state["findings"]] == [("MC003", "yaml", 1)]
    fixed = session.state("---\nlicense: mit\n---\n# Model\n")
    assert fixed["form"]["license"] == {"value": "mit", "editable": True, "reason": ""}
