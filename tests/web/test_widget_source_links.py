"""Sources in the widget: the bot's Markdown link "[name](url)" is shown as a named link with the
date beside it, never as a raw address, and a link's name or address can carry no markup or script
(the echo bot of tests/web/socketio_echo_app.py says back what the user types)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.servers import free_port
from tests.web.conftest import assert_no_serious_axe_violations, static_site
from tests.web.servers import echo_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

PAGE = "https://www.quebec.ca/en/immigration/permanent/skilled-workers/artificial-intelligence/application-selection"
FOOTER = f"Source : [Québec.ca, page officielle]({PAGE}) (en anglais, à jour au 1er janvier 2026)."
HOSTILE_NAMES = ('[<img src=x onerror="window.__xss=1">](https://www.quebec.ca/) '
                 '[Québec.ca](javascript:window.__xss=2) [ok](https://www.quebec.ca/"onmouseover="window.__xss=3)')


@pytest.fixture()
def echo_site(tmp_path):
    port = free_port()
    with static_site(tmp_path, port) as url:
        with echo_server("project", tmp_path, port, origin=url):
            yield url


def ask(page, text):
    page.locator(".pp-input").fill(text)
    page.keyboard.press("Enter")
    return page.locator(".pp-messages .pp-from-bot").last


def test_a_source_is_a_named_link_with_its_date(context, echo_site, shots):
    page = context.new_page()
    page.goto(f"{echo_site}/fr/")
    page.locator(".pp-launcher").click()
    bot = ask(page, FOOTER)
    link = bot.get_by_role("link", name="Québec.ca, page officielle (s'ouvre dans un nouvel onglet)")
    expect(link).to_have_attribute("href", PAGE)
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(bot).to_contain_text("(en anglais, à jour au 1er janvier 2026).")
    assert PAGE not in bot.inner_text()  # the address is the link's target, not its text
    page.screenshot(path=shots / "20-named-source-link.png")
    assert_no_serious_axe_violations(page, "20-named-source-link")


def test_a_link_name_or_address_carries_no_markup(context, echo_site):
    page = context.new_page()
    page.goto(f"{echo_site}/fr/")
    page.locator(".pp-launcher").click()
    bot = ask(page, HOSTILE_NAMES)
    expect(bot).to_contain_text("echo[fr]:")
    assert page.locator(".pp-log img").count() == 0
    assert bot.locator("a[href^='javascript']").count() == 0
    assert bot.locator("[onmouseover], [onerror]").count() == 0
    expect(bot).to_contain_text('<img src=x onerror="window.__xss=1">')  # shown as text, inside its link
    assert page.evaluate("() => window.__xss") is None
