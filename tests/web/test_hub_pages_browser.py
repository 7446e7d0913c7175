"""The local Hub's pages in a real browser: reading without JavaScript, uploading, editing the card."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import FIXTURES, HUB_TOKEN, LocalHub, log_in, screenshot

REPO = "acme/face-mask"


def commits(hub: LocalHub, branch: str = "main") -> list[dict[str, Any]]:
    store = hub.store
    return store.history("model", REPO, store.resolve("model", REPO, branch))


def test_pages_read_without_javascript(browser: Any, local_hub: LocalHub) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(local_hub.url + "/")
        with page.expect_navigation():
            page.click(f"text={REPO}")
        expect(page).to_have_url(f"{local_hub.url}/{REPO}")
        chips = page.locator(".chipsline .tag")
        expect(chips).to_have_text(["license: apache-2.0", "dataset: Face-Mask18K", "image-classification"], use_inner_text=True)
        expect(page.locator("article h1")).to_have_text("Vision Transformer (ViT) for Face Mask Detection", use_inner_text=True)
        expect(page.locator("article")).not_to_contain_text("license:")  # the front-matter is not shown
        screenshot(page, "hub-model-1280x800")

        with page.expect_navigation():
            page.click("nav.tabs >> text=Files")
        expect(page).to_have_url(f"{local_hub.url}/{REPO}/tree/main")
        rows = {r.locator("td").first.inner_text(): r.inner_text() for r in page.locator("table.files tbody tr").all()}
        assert "LFS" in rows["model.safetensors"] and "16.5 kB" in rows["model.safetensors"]
        assert "LFS" not in rows["README.md"]
        with page.expect_download() as download:
            page.locator("table.files tr", has_text="README.md").locator("text=download").click()
        assert Path(download.value.path()).read_bytes() == (FIXTURES / "model" / "README.md").read_bytes()

        with page.expect_navigation():
            page.click("nav.tabs >> text=Commits")
        expect(page.locator("table.commits tbody tr")).to_have_count(2)
        with page.expect_navigation():
            page.click("text=Upload model card and weights")
        expect(page.locator("pre.diff")).to_contain_text("+license: apache-2.0")

        with page.expect_navigation():
            page.click("nav.tabs >> text=Branches & tags")
        expect(page.locator("text=v1.0")).to_have_count(1)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{local_hub.url}/{REPO}")
        screenshot(page, "hub-model-390x844")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_upload_a_file_on_the_model_page(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    before = commits(local_hub)
    log_in(page, local_hub)
    page.goto(f"{local_hub.url}/{REPO}/upload/main")
    notes = tmp_path / "eval-notes.txt"
    notes.write_text("accuracy 0.9894 on the held-out masks\n")
    page.set_input_files("#upload-files", str(notes))
    page.fill("#upload-folder", "docs")
    page.fill("#upload-message", "Add evaluation notes")
    with page.expect_navigation():
        page.click("#upload-submit")
    expect(page.locator("#done")).to_be_attached()
    assert page.locator("table.commits tbody tr").first.inner_text().split("\t")[1] == "Add evaluation notes"
    after = commits(local_hub)
    assert len(after) == len(before) + 1
    files = local_hub.store.files("model", REPO, after[0]["id"])
    assert set(files) - set(local_hub.store.files("model", REPO, before[0]["id"])) == {"docs/eval-notes.txt"}
    blob = local_hub.store.blobs.path(files["docs/eval-notes.txt"].sha256)
    assert blob.read_bytes() == notes.read_bytes()
    screenshot(page, "hub-commits-after-upload")


def test_an_upload_is_refused_as_a_push_would_be(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    before = commits(local_hub)
    log_in(page, local_hub)
    broken = tmp_path / "README.md"
    broken.write_text("---\nlicense: [mit\n---\n# Broken\n")
    page.goto(f"{local_hub.url}/{REPO}/upload/main")
    page.set_input_files("#upload-files", str(broken))
    with page.expect_navigation():
        page.click("#upload-submit")
    expect(page.locator("#error")).to_contain_text("the card has 1 error(s); nothing was sent")
    leftovers = tmp_path / "training_args.bin"
    leftovers.write_bytes(b"\x80\x04pickle hub_token=" + HUB_TOKEN.encode())
    page.set_input_files("#upload-files", str(leftovers))
    with page.expect_navigation():
        page.click("#upload-submit")
    expect(page.locator("#error")).to_have_text("nothing new to commit; left out as a push leaves them out: training_args.bin", use_inner_text=True)
    assert commits(local_hub) == before
    config = tmp_path / "config.json"
    config.write_text('{"model_type": "vit"}\n')
    page.set_input_files("#upload-files", [str(leftovers), str(config)])
    with page.expect_navigation():
        page.click("#upload-submit")
    expect(page.locator("#done")).to_have_text(re.compile(re.escape("Left out, as a push leaves them out: training_args.bin.") + "$"), use_inner_text=True)
    assert set(local_hub.store.files("model", REPO, commits(local_hub)[0]["id"])) == {".gitattributes", "README.md", "model.safetensors", "config.json"}


def test_writing_needs_the_token(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    page.goto(f"{local_hub.url}/{REPO}/upload/main")
    expect(page.locator("#upload-files")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("needs the server's token")
    page.goto(f"{local_hub.url}/{REPO}/edit/main")
    expect(page).to_have_url(re.compile("^" + re.escape(f"{local_hub.url}/_web/login")))
    page.fill("#token", "wrong-token")
    with page.expect_navigation():
        page.click("#login-submit")
    expect(page.locator("main")).to_contain_text("not the server's token")


def test_edit_the_card_in_the_page_and_commit(page: Any, local_hub: LocalHub) -> None:
    log_in(page, local_hub)
    page.goto(f"{local_hub.url}/{REPO}")
    with page.expect_navigation():
        page.click("nav.tabs >> text=Edit card")
    page.wait_for_selector("body[data-ready]", state="attached")
    page.fill("#f-license", "MIT")
    page.wait_for_selector('#findings li[data-code="MC101"] button.fix')
    page.click('#findings li[data-code="MC101"] button.fix')
    page.wait_for_function("() => document.getElementById('f-license').value === 'mit'")
    page.fill("#commit-message", "Relicense under MIT")
    page.click("#save")
    page.wait_for_selector("#status.saved")
    head = commits(local_hub)[0]
    assert page.inner_text("#banner-text") == f"committed {head['id'][:12]} to main"
    assert head["title"] == "Relicense under MIT"
    card = local_hub.store.files("model", REPO, head["id"])["README.md"]
    data = local_hub.store.blobs.path(card.sha256).read_bytes()
    assert data == (FIXTURES / "model" / "README.md").read_bytes().replace(b"license: apache-2.0", b"license: mit")
    page.goto(f"{local_hub.url}/{REPO}/commit/{head['id']}")
    diff = page.locator("pre.diff").inner_text()
    assert "-license: apache-2.0" in diff and "+license: mit" in diff
    screenshot(page, "hub-commit-diff")


def test_a_hostile_card_runs_nothing_on_the_model_page(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    import shutil

    from modelcard.hub import push

    folder = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "hostile", folder)
    push(folder, "mallory/hostile", endpoint=local_hub.url, token=HUB_TOKEN, verify=False)
    page.goto(f"{local_hub.url}/mallory/hostile")
    page.wait_for_load_state("networkidle")
    for link in page.locator("article a").all():
        link.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.eval_on_selector_all("article :is(script, iframe, object, embed, svg, math, style, form, video)", "e => e.length") == 0
    outside = [u for u in page.requests if not u.startswith(local_hub.url) and not u.startswith("data:")]
    assert outside == []
    assert page.errors == []


def test_the_model_page_shows_results_and_carbon(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    from modelcard.hub import push

    folder = tmp_path / "scored"
    (folder / ".eval_results").mkdir(parents=True)
    (folder / "README.md").write_text(
        "---\nlicense: mit\npipeline_tag: image-classification\nco2_eq_emissions:\n  emissions: 12.5\n"
        "  source: codecarbon\n  geographical_location: France\nmodel-index:\n- name: scored\n  results:\n"
        "  - task: {type: image-classification}\n    dataset: {name: Face masks, type: masks, split: test}\n"
        "    metrics:\n    - {type: accuracy, value: 0.9894}\n---\n# Scored\n\n![curve](curve.png)\n"
    )
    (folder / "curve.png").write_bytes((FIXTURES / "pixel.png").read_bytes())
    (folder / ".eval_results" / "masks.yaml").write_text("- dataset:\n    id: acme/masks\n    task_id: test\n  value: 97.1\n")
    push(folder, "acme/scored", endpoint=local_hub.url, token=HUB_TOKEN)
    page.goto(f"{local_hub.url}/acme/scored")
    rows = [r.split("\t") for r in page.locator("table.results tbody tr").all_inner_texts()]
    assert rows == [["accuracy", "0.9894", "Face masks (test) · image-classification"], ["", "97.1", "acme/masks · test"]]
    assert page.inner_text(".carbon-figure") == "12.5 g CO2eq"
    image = page.locator("article img")
    assert image.get_attribute("src").startswith("/acme/scored/raw/")
    assert page.evaluate("document.querySelector('article img').naturalWidth") == 1


def test_a_card_edited_in_the_page_is_not_committed_over_a_newer_one(page: Any, local_hub: LocalHub, tmp_path: Path) -> None:
    import shutil

    from modelcard.hub import push

    log_in(page, local_hub)
    page.goto(f"{local_hub.url}/{REPO}/edit/main")
    page.wait_for_selector("body[data-ready]", state="attached")
    folder = tmp_path / "meanwhile"
    shutil.copytree(FIXTURES / "model", folder)
    card = folder / "README.md"
    card.write_bytes(card.read_bytes().replace(b"license: apache-2.0", b"license: cc-by-4.0"))
    push(folder, REPO, endpoint=local_hub.url, token=HUB_TOKEN, message="Someone else's change")
    page.fill("#f-license", "mit")
    page.wait_for_function("() => document.getElementById('front-matter').value.includes('license: mit')")
    page.click("#save")
    page.wait_for_selector("#banner.conflict")
    assert page.inner_text("#banner-text") == "`main` moved since the editor loaded the card; nothing was committed."
    assert commits(local_hub)[0]["title"] == "Someone else's change"
