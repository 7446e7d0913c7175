"""The editor in a real browser: the form, live findings, fixes, preview, save, hostile cards."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import FIXTURES, Editor, open_editor, screenshot, start_editor, type_at_end_of_body

ORIGINAL = (FIXTURES / "model" / "README.md").read_bytes()


def finding_codes(page: Any) -> list[str]:
    return page.eval_on_selector_all("#findings li", "items => items.map(li => li.dataset.code)")


def wait_for_codes(page: Any, present: tuple[str, ...] = (), absent: tuple[str, ...] = ()) -> None:
    page.wait_for_function(
        """([present, absent]) => {
            const codes = Array.from(document.querySelectorAll('#findings li')).map(li => li.dataset.code);
            return present.every(c => codes.includes(c)) && absent.every(c => !codes.includes(c));
        }""",
        arg=[list(present), list(absent)],
    )


def test_license_finding_appears_and_clears(page: Any, editor: Editor) -> None:
    open_editor(page, editor)
    assert page.input_value("#f-license") == "apache-2.0"
    assert "MC101" not in finding_codes(page)

    page.fill("#f-license", "Apache License")
    wait_for_codes(page, present=("MC101",))
    # The unknown value stays as typed, and the finding shows under the field.
    expect(page.locator("#f-license")).to_have_value("Apache License")
    expect(page.locator('[data-findings-for="license"]')).to_contain_text("MC101")

    page.fill("#f-license", "")
    wait_for_codes(page, present=("MC110",), absent=("MC101",))

    page.fill("#f-license", "apache-2.0")
    wait_for_codes(page, absent=("MC101", "MC110"))
    expect(page.locator('[data-findings-for="license"]')).to_have_text("", use_inner_text=True)
    assert page.errors == []


def test_quick_fix_applies_the_lint_fix(page: Any, editor: Editor) -> None:
    open_editor(page, editor)
    page.fill("#f-license", "MIT")
    wait_for_codes(page, present=("MC101",))
    page.click('#findings li[data-code="MC101"] button.fix')
    wait_for_codes(page, absent=("MC101",))
    expect(page.locator("#f-license")).to_have_value("mit")
    expect(page.locator("#front-matter")).to_have_value(re.compile(r"^license: mit(\n|$)"))


def test_typing_a_section_updates_the_preview_and_guidance(page: Any, editor: Editor) -> None:
    open_editor(page, editor)
    expect(page.locator("#missing-sections")).to_have_text("3 missing", use_inner_text=True)
    expect(page.locator("#preview h2", has_text="Intended uses")).to_have_count(0)
    type_at_end_of_body(page, "\n\n## Intended uses\n\nSorting *face* photos.")
    page.wait_for_selector("#preview h2:has-text('Intended uses')")
    page.wait_for_selector("#preview em:has-text('face')")
    page.wait_for_function("() => document.getElementById('missing-sections').textContent === '2 missing'")
    # Drafts are linted while the text is typed: wait for the findings of the whole text.
    page.wait_for_selector("#preview p:has-text('Sorting face photos.')")
    expect(page.locator('#findings li[data-code="MC201"]')).to_have_count(2)


def test_save_changes_only_the_edited_bytes(page: Any, editor: Editor, card_dir: Path) -> None:
    open_editor(page, editor)
    page.fill("#f-license", "mit")
    type_at_end_of_body(page, "\n\n## Limitations\n\nWrong on printed masks.")
    page.wait_for_selector("#preview h2:has-text('Limitations')")
    page.click("#save")
    page.wait_for_selector("#status.saved")
    expected = ORIGINAL.replace(b"license: apache-2.0\r\n", b"license: mit\r\n") + (
        b"\r\n\r\n## Limitations\r\n\r\nWrong on printed masks."
    )
    assert (card_dir / "README.md").read_bytes() == expected
    screenshot(page, "editor-1280x800")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "editor-390x844")


def test_a_change_on_disk_is_not_overwritten(page: Any, editor: Editor, card_dir: Path) -> None:
    open_editor(page, editor)
    card = card_dir / "README.md"
    card.write_bytes(ORIGINAL + b"\r\nwritten by someone else\r\n")
    page.fill("#f-license", "mit")
    page.click("#save")
    page.wait_for_selector("#banner.conflict")
    assert "changed on disk" in page.inner_text("#banner-text")
    assert card.read_bytes() == ORIGINAL + b"\r\nwritten by someone else\r\n"
    page.click("#reload")
    page.wait_for_function("() => document.getElementById('body').value.includes('written by someone else')")
    assert page.input_value("#f-license") == "apache-2.0"


def test_a_hostile_card_runs_no_script_and_loads_nothing_from_elsewhere(browser: Any, page: Any, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "hostile", tmp_path / "hostile")
    (tmp_path / "hostile" / "missing.png").write_bytes(b"not a png")
    running = start_editor(tmp_path / "hostile")
    try:
        open_editor(page, running)
        page.wait_for_load_state("networkidle")
        preview = page.locator("#preview")
        for link in preview.locator("a").all():
            link.hover()
            link.click(modifiers=["Control"], no_wait_after=True)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        dangerous = "#preview :is(script, iframe, object, embed, svg, math, style, link, meta, base, form, input, video)"
        assert page.eval_on_selector_all(dangerous, "els => els.length") == 0
        assert page.eval_on_selector_all("#preview [style], #preview [onerror], #preview [onclick]", "els => els.length") == 0
        hrefs = page.eval_on_selector_all("#preview a[href]", "els => els.map(a => a.getAttribute('href'))")
        assert hrefs == ["https://example.org/"]
        assert "overlay" in preview.inner_text()
        outside = [url for url in page.requests if not url.startswith(running.url) and not url.startswith("data:")]
        assert outside == []
        assert page.url.startswith(running.url)
        screenshot(page, "editor-hostile")
    finally:
        running.running.stop()


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_the_editor_fits_the_window(page: Any, editor: Editor, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    open_editor(page, editor)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport[0]
    for selector in ("#save", "#f-license", "#body"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport[0]


def test_a_finding_leads_to_its_place(page: Any, editor: Editor) -> None:
    open_editor(page, editor)
    page.fill("#f-license", "MIT")
    wait_for_codes(page, present=("MC101",))
    page.click("#f-pipeline_tag")
    page.click('#findings li[data-code="MC101"] button.where')
    assert page.evaluate("document.activeElement.id") == "f-license"
    type_at_end_of_body(page, "\n\n## Limitations\n\nTODO: write the limitations\n\nMore text.")
    wait_for_codes(page, present=("MC203",))
    page.click("#f-pipeline_tag")
    page.click('#findings li[data-code="MC203"] button.where')
    selected = page.evaluate("(() => { const b = document.getElementById('body'); return [document.activeElement.id, b.value.slice(b.selectionStart, b.selectionEnd)]; })()")
    assert selected == ["body", "TODO: write the limitations"]
    assert page.locator('#findings li[data-code="MC203"] a.code').get_attribute("href") == "/rules/MC203"


def test_fix_all_leaves_what_lint_fix_leaves(page: Any, tmp_path: Path) -> None:
    from modelcard.cli.main import main

    folder = tmp_path / "card"
    folder.mkdir()
    text = "---\nlicense: Apache 2.0\nlanguage: no\nmodel_index: []\n---\n# Model\n\n<!-- modelcard: disable MC205 -->\n"
    (folder / "README.md").write_text(text)
    (tmp_path / "cli.md").write_text(text)
    running = start_editor(folder)
    try:
        open_editor(page, running)
        page.click("#fix-all")
        page.wait_for_selector("#banner.info")
        page.click("#save")
        page.wait_for_selector("#status.saved")
    finally:
        running.running.stop()
    main(["lint", "--fix", "--quiet", str(tmp_path / "cli.md")])
    assert (folder / "README.md").read_bytes() == (tmp_path / "cli.md").read_bytes() != text.encode()


def test_list_fields_add_and_remove_values(page: Any, editor: Editor) -> None:
    open_editor(page, editor)
    page.click("#f-language")
    page.keyboard.type("fre")
    page.wait_for_function("() => Array.from(document.querySelectorAll('#dl-language option')).some(o => o.value === 'fr')")
    page.fill("#f-language", "fr")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('front-matter').value.includes('language:\\n- fr')")
    page.fill("#f-language", "Klingon")
    page.keyboard.press("Enter")
    wait_for_codes(page, present=("MC109",))
    assert "MC109" in page.inner_text('[data-findings-for="language"]')
    page.click('.chips[data-field="language"] .chip[data-value="Klingon"] .chip-remove')
    wait_for_codes(page, absent=("MC109",))
    page.click('.chips[data-field="language"] .chip[data-value="fr"] .chip-remove')
    page.wait_for_function("() => !document.getElementById('front-matter').value.includes('language')")
    page.click('.chips[data-field="datasets"] .chip[data-value="Face-Mask18K"] .chip-remove')
    page.wait_for_function("() => !document.getElementById('front-matter').value.includes('datasets')")
