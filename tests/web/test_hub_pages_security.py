"""The local Hub's pages: private repositories, writes without the token, foreign hosts, headers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.web.conftest import FIXTURES, HUB_TOKEN, LocalHub
from tests.web.http import cookie_of, request


def logged_in(hub: LocalHub) -> dict[str, str]:
    page = request(hub.url + "/_web/login")
    cookie = cookie_of(page)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.body.decode()).group(1)  # type: ignore[union-attr]
    body = f"csrf_token={csrf}&token={HUB_TOKEN}".encode()
    done = request(hub.url + "/_web/login", "POST", body=body, headers={"cookie": cookie, "content-type": "application/x-www-form-urlencoded"})
    assert done.status == 303
    return {"cookie": cookie_of(done)}


def test_a_private_repository_is_shown_only_with_the_token(local_hub: LocalHub, tmp_path: Path) -> None:
    from modelcard.hub import push

    folder = tmp_path / "private"
    shutil.copytree(FIXTURES / "model", folder)
    push(folder, "acme/secret-model", endpoint=local_hub.url, token=HUB_TOKEN, private=True)
    assert b"acme/secret-model" not in request(local_hub.url + "/").body
    for path in ("/acme/secret-model", "/acme/secret-model/tree/main", "/acme/secret-model/raw/main/README.md"):
        assert request(local_hub.url + path).status == 404, path
    headers = logged_in(local_hub)
    assert b"acme/secret-model" in request(local_hub.url + "/", headers=headers).body
    assert request(local_hub.url + "/acme/secret-model", headers=headers).status == 200


def test_writes_without_the_token_change_nothing(local_hub: LocalHub) -> None:
    head = local_hub.store.resolve("model", "acme/face-mask", "main")
    page = request(local_hub.url + "/acme/face-mask/upload/main")
    cookie = cookie_of(page)
    body = b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.txt\"\r\n\r\nx\r\n--b--\r\n"
    form = {"cookie": cookie, "content-type": "multipart/form-data; boundary=b"}
    assert request(local_hub.url + "/acme/face-mask/upload/main", "POST", body=body, headers=form).status == 403
    save = {"text": "# replaced\n", "digest": head}
    assert request(local_hub.url + "/acme/face-mask/edit/main/api/save", "POST", body=save, headers={"cookie": cookie}).status == 403
    headers = logged_in(local_hub)
    no_csrf = request(local_hub.url + "/acme/face-mask/edit/main/api/save", "POST", body=save, headers=headers)
    assert no_csrf.status == 403
    forged = {**headers, "content-type": "multipart/form-data; boundary=b"}
    assert request(local_hub.url + "/acme/face-mask/upload/main", "POST", body=body, headers=forged).status == 403
    assert local_hub.store.resolve("model", "acme/face-mask", "main") == head


def test_pages_refuse_other_host_names_and_carry_the_policy(local_hub: LocalHub) -> None:
    assert request(local_hub.url + "/acme/face-mask", headers={"host": "attacker.example"}).status == 403
    page = request(local_hub.url + "/acme/face-mask")
    assert page.status == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    raw = request(local_hub.url + "/acme/face-mask/raw/main/README.md")
    assert raw.headers["content-type"].startswith("text/markdown") and "sandbox" in raw.headers["content-security-policy"]
    assert request(local_hub.url + "/acme/face-mask/tree/no-such-branch").status == 404
    assert request(local_hub.url + "/acme/face-mask/commit/" + "0" * 40).status == 404


def test_a_hub_without_token_lets_its_pages_write_with_the_csrf_token(tmp_path: Path) -> None:
    import threading

    from modelcard.hub import push
    from modelcard.hub.server import make_server
    from modelcard.web.hub_pages import routes

    server = make_server(tmp_path / "open-hub", routes=routes())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        folder = tmp_path / "model"
        shutil.copytree(FIXTURES / "model", folder)
        push(folder, "acme/open", endpoint=server.url, token="anything")
        head = server.store.resolve("model", "acme/open", "main")
        assert request(server.url + "/_web/login").status == 303
        page = request(server.url + "/acme/open/upload/main")
        cookie = cookie_of(page)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.body.decode()).group(1)  # type: ignore[union-attr]

        def form(token: str) -> bytes:
            parts = [("csrf_token", None, token), ("parent", None, head), ("files", "notes.txt", "hello")]
            body = b""
            for name, filename, value in parts:
                disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
                body += f"--b\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n".encode()
            return body + b"--b--\r\n"

        headers = {"cookie": cookie, "content-type": "multipart/form-data; boundary=b"}
        assert request(server.url + "/acme/open/upload/main", "POST", body=form("forged"), headers=headers).status == 403
        assert server.store.resolve("model", "acme/open", "main") == head
        done = request(server.url + "/acme/open/upload/main", "POST", body=form(csrf), headers=headers)
        assert done.status == 303 and "/acme/open/commits/main?done=" in done.headers["location"]
        new_head = server.store.resolve("model", "acme/open", "main")
        assert "notes.txt" in server.store.files("model", "acme/open", new_head)
    finally:
        server.shutdown()
        server.server_close()
