"""The editor's server: one-time token, session cookie, CSRF, Host check, files, headers."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.conftest import TOKEN, Editor
from tests.web.http import cookie_of, request


def logged_in(editor: Editor) -> tuple[str, str]:
    """The session cookie and the page's CSRF token."""
    login = request(editor.login)
    assert login.status == 303
    cookie = cookie_of(login)
    page = request(editor.url + "/", headers={"cookie": cookie})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.body.decode()).group(1)  # type: ignore[union-attr]
    return cookie, csrf


def test_the_token_opens_one_session_once(editor: Editor) -> None:
    assert request(editor.url + "/").status == 403
    assert request(editor.url + "/api/state").status == 403
    first = request(editor.login)
    assert first.status == 303 and first.headers["location"] == "/"
    assert "httponly" in first.headers["set-cookie"].lower() and "samesite=strict" in first.headers["set-cookie"].lower()
    again = request(editor.login)
    assert again.status == 403 and b"already opened" in again.body
    wrong = request(f"{editor.url}/?token=not-{TOKEN}")
    assert wrong.status == 403


def test_writes_need_the_csrf_token_and_the_same_origin(editor: Editor, card_dir: Path) -> None:
    cookie, csrf = logged_in(editor)
    original = (card_dir / "README.md").read_bytes()
    text = editor.session.text
    save = {"text": text + "\nchanged\n", "digest": editor.session.disk_digest}
    assert request(editor.url + "/api/save", "POST", body=save, headers={"cookie": cookie}).status == 403
    wrong = request(editor.url + "/api/save", "POST", body=save, headers={"cookie": cookie, "x-csrf-token": csrf + "x"})
    assert wrong.status == 403
    elsewhere = {"cookie": cookie, "x-csrf-token": csrf, "origin": "http://attacker.example"}
    assert request(editor.url + "/api/save", "POST", body=save, headers=elsewhere).status == 403
    cross = {"cookie": cookie, "x-csrf-token": csrf, "sec-fetch-site": "cross-site"}
    assert request(editor.url + "/api/save", "POST", body=save, headers=cross).status == 403
    assert (card_dir / "README.md").read_bytes() == original
    ok = request(editor.url + "/api/save", "POST", body=save, headers={"cookie": cookie, "x-csrf-token": csrf})
    assert ok.status == 200, ok.body
    assert (card_dir / "README.md").read_bytes() == original + b"\nchanged\n"


def test_a_host_header_of_another_name_is_refused(editor: Editor) -> None:
    cookie, _ = logged_in(editor)
    rebound = request(editor.url + "/api/state", headers={"cookie": cookie, "host": "attacker.example"})
    assert rebound.status == 403
    assert request(editor.url + "/api/state", headers={"cookie": cookie, "host": "localhost:1"}).status == 200


def test_files_are_served_from_the_card_folder_only(editor: Editor, card_dir: Path, tmp_path: Path) -> None:
    cookie, _ = logged_in(editor)
    (card_dir / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (tmp_path / "secret.txt").write_text("outside")
    (card_dir / "link.txt").symlink_to(tmp_path / "secret.txt")
    svg = request(editor.url + "/file/pic.svg", headers={"cookie": cookie})
    assert svg.status == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in svg.headers["content-security-policy"] and "script-src" not in svg.headers["content-security-policy"]
    for path in ("/file/../secret.txt", "/file/%2e%2e/secret.txt", "/file/link.txt", "/file//etc/passwd"):
        assert request(editor.url + path, headers={"cookie": cookie}).status == 404, path


def test_pages_carry_a_strict_content_security_policy(editor: Editor) -> None:
    cookie, _ = logged_in(editor)
    for path in ("/", "/api/state", "/static/editor.js", "/rules/MC101"):
        answer = request(editor.url + path, headers={"cookie": cookie})
        assert answer.status == 200, path
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp, path
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"


def test_bad_requests_get_a_clear_answer(editor: Editor) -> None:
    cookie, csrf = logged_in(editor)
    headers = {"cookie": cookie, "x-csrf-token": csrf}
    assert request(editor.url + "/api/draft", "POST", body=b"{not json", headers=headers).json() == {"error": "the request body is not JSON"}
    answer = request(editor.url + "/api/draft", "POST", body={"text": 5}, headers=headers)
    assert (answer.status, answer.json()) == (400, {"error": "`text` must be a string"})
    answer = request(editor.url + "/api/draft", "POST", body={"text": editor.session.text, "form": {"owner": "x"}}, headers=headers)
    assert (answer.status, answer.json()) == (422, {"error": "`owner` is not a field of the form"})
    answer = request(editor.url + "/api/fix", "POST", body={"text": editor.session.text, "code": "MC101", "line": 2, "column": 10}, headers=headers)
    assert answer.status == 409


def test_the_link_again_in_the_same_browser_keeps_its_session(editor: Editor) -> None:
    cookie, _ = logged_in(editor)
    again = request(editor.login, headers={"cookie": cookie})
    assert again.status == 303 and "set-cookie" not in again.headers
    assert request(editor.url + "/", headers={"cookie": cookie}).status == 200
    assert request(editor.login).status == 403  # another browser: the token is spent
