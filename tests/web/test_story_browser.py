"""The whole story in a browser: open a run's card, write the missing section, save, push, browse it on the local Hub."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import HUB_TOKEN, LocalHub, open_editor, screenshot, start_editor, type_at_end_of_body

RUN = Path(__file__).resolve().parent.parent / "fixtures" / "generate" / "cat-emotions"


def test_from_a_run_to_the_local_hub(page: Any, local_hub: LocalHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", HUB_TOKEN)
    run = tmp_path / "cat-emotions"
    shutil.copytree(RUN, run)
    editor = start_editor(run, run)
    try:
        open_editor(page, editor)
        expect(page.locator("#status")).to_have_text("not saved", use_inner_text=True)
        page.fill("#f-license", "mit")
        type_at_end_of_body(page, "\n## Bias, Risks, and Limitations\n\nCats that hide their faces are read as calm.\n")
        page.wait_for_selector("#preview h2:has-text('Bias, Risks, and Limitations')")
        page.click("#save")
        page.wait_for_selector("#status.saved")
        assert (run / "README.md").read_text().count("Cats that hide their faces are read as calm.") == 1
        assert (run / "training_curves.png").exists()

        page.click("#push-open")
        page.fill("#push-repo", "acme/cat-emotions")
        page.fill("#push-endpoint", local_hub.url)
        page.click("#push-plan")
        page.wait_for_selector("#push-output table")
        plan = page.inner_text("#push-output")
        assert "plan for acme/cat-emotions@main" in plan and "README.md" in plan and "new" in plan
        assert not local_hub.store.exists("model", "acme/cat-emotions")
        screenshot(page, "editor-push-plan")
        page.fill("#push-message", "First card of the cat-emotions run")
        page.click("#push-go")
        page.wait_for_selector("#push-output >> text=pushed: commit")
    finally:
        editor.running.stop()

    page.goto(f"{local_hub.url}/acme/cat-emotions")
    expect(page.locator("article h2", has_text="Bias, Risks, and Limitations")).to_have_count(1)
    expect(page.locator(".chipsline")).to_contain_text("license: mit")
    assert page.evaluate("document.querySelector('article img').naturalWidth") > 0  # the training curves, from the repository
    with page.expect_navigation():
        page.click("nav.tabs >> text=Commits")
    assert page.locator("table.commits tbody tr").first.inner_text().split("\t")[1] == "First card of the cat-emotions run"


def test_the_editor_and_the_local_hub_keep_their_own_sessions(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    from tests.web.conftest import log_in

    shutil.copytree(RUN, tmp_path / "run")
    editor = start_editor(tmp_path / "run")
    try:
        open_editor(page, editor)
        log_in(page, local_hub)  # the Hub's session cookie on the same host, another port
        page.goto(editor.url + "/")
        page.wait_for_selector("body[data-ready]", state="attached")
        page.fill("#f-license", "mit")
        page.wait_for_function("() => document.querySelector('#status').textContent === 'not saved'")
        page.click("#save")
        page.wait_for_selector("#status.saved")
        page.goto(f"{local_hub.url}/acme/face-mask/upload/main")
        expect(page.locator("#upload-files")).to_have_count(1)  # still logged in there
    finally:
        editor.running.stop()
    assert "license: mit" in (tmp_path / "run" / "README.md").read_text()
