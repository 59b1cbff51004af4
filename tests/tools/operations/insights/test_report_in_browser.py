"""The report page in headless Chromium: the plots decode, the tables have their rows, axe finds no
serious problem, and no script runs (the page has none and its CSP forbids them).

Chromium is started and stopped here, not kept for the session: Playwright's sync API holds an
event loop that would break later tests calling asyncio.run()."""
from contextlib import contextmanager

import pytest

from tests.web.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, assert_no_serious_axe_violations

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


@contextmanager
def chromium_context(viewport=None):
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("needs /usr/bin/chromium and web/node_modules/axe-core: run `make test` (or `make web`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_context(bypass_csp=True, viewport=viewport or {"width": 1280, "height": 900}, locale="fr-CA")
        finally:
            browser.close()


def test_report_page_renders_and_passes_axe(report):
    with chromium_context() as context:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((report / "index.html").as_uri())
        images = page.eval_on_selector_all(
            "figure img", "imgs => imgs.map(i => ({ok: i.complete && i.naturalWidth > 100, alt: i.alt}))")
        assert len(images) >= 6 and all(i["ok"] and i["alt"] for i in images), images
        rows = page.eval_on_selector_all("table", "ts => ts.map(t => t.tBodies[0].rows.length)")
        assert len(rows) >= 7 and all(r >= 1 for r in rows), rows
        assert page.locator("script").count() == 0
        examples = page.locator("ul.examples li span[lang]").all_inner_texts()
        assert "est-ce que je peux payer par carte de crédit?" in examples and "my employer" in examples
        assert all(url.startswith(("file:", "data:")) for url in requests), requests
        assert_no_serious_axe_violations(page, "insights-report")


def test_report_page_on_a_phone_has_no_sideways_scroll_and_names_what_it_masks(report):
    with chromium_context({"width": 360, "height": 740}) as context:
        page = context.new_page()
        page.goto((report / "index.html").as_uri())
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        topics = page.locator("table", has_text="Messages by topic").locator("tbody th").all_inner_texts()
        assert "Can I still apply?" in topics and "ask_program_status" not in topics
        assert "REST integration" in page.locator("table", has_text="By channel").inner_text()
        assert page.get_by_role("heading", name="What this page masks, and why").is_visible()
        page.screenshot(path=str(SCREENSHOTS / "insights-phone.png"), full_page=True)
        assert_no_serious_axe_violations(page, "insights-report-phone")
