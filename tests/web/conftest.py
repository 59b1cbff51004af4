"""Fixtures for the web widget tests: real servers on loopback and Debian's headless Chromium.

`make test` builds the widget (web/build/, from web/package-lock.json) and installs Chromium
before pytest runs; these fixtures fail with the command to run when either is missing.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, served
from tests.web.servers import WEB, origins_env, site_url, static_site

BUNDLE = WEB / "build" / "pp-chat.js"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "web" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="session")
def web_build() -> None:
    if not BUNDLE.exists() or not AXE.exists():
        pytest.fail("the widget is not built: run `make web` (npm ci in web/ and the esbuild bundle)")


@pytest.fixture(scope="session")
def browser(web_build):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def assistant_site(tmp_path_factory, web_build) -> Iterator[str]:
    """The real stack: action server (fixed clock), Rasa with credentials.yml (the site's origin
    allowed), the demo site. The SQLite tracker store is ``<site>.tracker_db``."""
    workdir = tmp_path_factory.mktemp("web")
    site_port = free_port()
    with served(workdir, tracker_db=workdir / "trackers.db", credentials=ROOT / "credentials.yml",
                env=origins_env(site_url(site_port))) as servers:
        with static_site(workdir, servers.rasa_port, site_port) as url:
            yield Site(url, workdir / "trackers.db")


class Site(str):
    """The demo site's URL, which also knows the Rasa server's tracker store."""

    def __new__(cls, url: str, tracker_db: Path) -> Site:
        site = super().__new__(cls, url)
        site.tracker_db = tracker_db
        return site


@pytest.fixture()
def context(browser):
    # bypass_csp: axe-core is injected as an inline script; the pages' CSP forbids inline scripts
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800}, locale="fr-CA")
    yield context
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def run_axe(page, name: str) -> dict[str, list[str]]:
    """Runs axe-core on the page; returns {impact: [rule ids]} and saves the full result."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"axe-{name}.json").write_text(json.dumps(
        {"violations": result["violations"], "passes": len(result["passes"]),
         "incomplete": [i["id"] for i in result["incomplete"]]}, indent=1))
    by_impact: dict[str, list[str]] = {}
    for violation in result["violations"]:
        by_impact.setdefault(violation["impact"] or "unknown", []).append(violation["id"])
    summary = SCREENSHOTS / "axe-summary.txt"
    with summary.open("a") as out:
        out.write(f"{name}: passes={len(result['passes'])} violations="
                  f"{dict(Counter({k: len(v) for k, v in by_impact.items()}))} {by_impact}\n")
    return by_impact


def assert_no_serious_axe_violations(page, name: str) -> dict[str, list[str]]:
    by_impact = run_axe(page, name)
    serious = {k: v for k, v in by_impact.items() if k in ("serious", "critical")}
    assert not serious, f"axe ({name}): {serious}; details in tests/web/screenshots/axe-{name}.json"
    return by_impact
