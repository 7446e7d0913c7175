"""The editor served on a loopback port, and headless Chromium (Debian's) driven by Playwright.

Browser tests skip only outside CI when Chromium or Playwright is missing; in CI
(``CI=true``) a missing browser fails them: ``.ci/run`` installs it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# huggingface_hub reads HF_HOME when imported: no test touches the user's cache or saved login.
_HOME = tempfile.mkdtemp(prefix="modelcard-web-hf-home-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ["HF_HOME"] = _HOME

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "web"
CHROMIUM = os.environ.get("MODELCARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers often have a small /dev/shm
]
ARTEFACTS = Path(os.environ.get("MODELCARD_ARTEFACTS") or Path(tempfile.gettempdir()) / "modelcard-artefacts")
TOKEN = "one-time-test-token"


@dataclass
class Editor:
    url: str
    session: Any
    running: Any

    @property
    def login(self) -> str:
        return f"{self.url}/?token={TOKEN}"


def start_editor(card: Path | str | None, run_dir: Path | None = None) -> Editor:
    from modelcard.web.editor import EditorSession
    from modelcard.web.editor_app import create_editor_app
    from modelcard.web.serve import serve_in_thread

    session = EditorSession.open(card, run_dir)
    running = serve_in_thread(create_editor_app(session, TOKEN))
    return Editor(running.url, session, running)


@pytest.fixture
def card_dir(tmp_path: Path) -> Path:
    """A copy of the real card in tests/fixtures/web (with CRLF lines, comments and a picture)."""
    folder = tmp_path / "model"
    shutil.copytree(FIXTURES / "model", folder)
    return folder


@pytest.fixture
def editor(card_dir: Path) -> Iterator[Editor]:
    running = start_editor(card_dir)
    yield running
    running.running.stop()


def _need(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run installs it (apt-get install chromium; pip install playwright)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        _need("chromium")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _need("playwright")
    # Assertions retry up to the same bound as actions (30 s): a loaded machine is slow, not wrong.
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page at 1280x800 that records every request it makes and every script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Keep a screenshot of ``page`` as a test artefact (full page) and return its path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def open_editor(page: Any, editor: Editor) -> None:
    page.goto(editor.login)
    page.wait_for_selector("body[data-ready]", state="attached")


def type_at_end_of_body(page: Any, text: str) -> None:
    """Type ``text`` at the end of the body editor, as a user does: click it, Ctrl+End, type."""
    page.click("#body")
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


HUB_TOKEN = "hub-page-test-token"


@dataclass
class LocalHub:
    url: str
    server: Any

    @property
    def store(self) -> Any:
        return self.server.store


def write_weights(path: Path, n: int = 4096) -> None:
    """A small safetensors file of ``n`` float32 values, written by hand."""
    import json
    import struct

    header = json.dumps({"w": {"dtype": "F32", "shape": [n], "data_offsets": [0, n * 4]}}).encode()
    header += b" " * (-len(header) % 8)
    path.write_bytes(struct.pack("<Q", len(header)) + header + bytes(n * 4))


@pytest.fixture
def local_hub(tmp_path: Path) -> Iterator[LocalHub]:
    """The local Hub with its web pages, holding ``acme/face-mask`` (the fixture card and weights)."""
    import threading

    from modelcard.hub import push
    from modelcard.hub.server import make_server
    from modelcard.web.hub_pages import routes

    server = make_server(tmp_path / "hub", token=HUB_TOKEN, routes=routes())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    folder = tmp_path / "face-mask"
    shutil.copytree(FIXTURES / "model", folder)
    write_weights(folder / "model.safetensors")
    push(folder, "acme/face-mask", endpoint=server.url, token=HUB_TOKEN, tag="v1.0")
    yield LocalHub(server.url, server)
    server.shutdown()
    server.server_close()


def log_in(page: Any, hub: LocalHub) -> None:
    page.goto(hub.url + "/_web/login")
    page.fill("#token", HUB_TOKEN)
    page.click("#login-submit")
    page.wait_for_selector("text=token given")
