"""The widget against the echo bot (tests/web/socketio_echo_app.py, our socket.io channel): safe
rendering of hostile bot text, the message shown when the server cannot be reached, reconnection
after a restart (queued messages then sent, a message whose answer was lost in flight sent again),
and the layout at 320 px wide and at 200 % zoom.

The echo bot answers `echo[<customData.language>]: <text>`, so what the user types is what the bot
"says"; it starts in about a second, which makes restarts cheap.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.servers import free_port
from tests.web.conftest import assert_no_serious_axe_violations, static_site
from tests.web.servers import echo_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

HOSTILE = ('<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> **gras** _penché_ '
           'https://www.quebec.ca/immigration/ [piège](javascript:window.__xss=3)')


@pytest.fixture()
def echo_site(tmp_path):
    port = free_port()
    with static_site(tmp_path, port) as url:
        yield url, port, tmp_path


@contextmanager
def widget_on_echo(context, echo_site, lang: str):
    """The demo page in ``lang`` with the widget open, its echo bot running."""
    url, port, workdir = echo_site
    with echo_server("project", workdir, port, origin=url):
        page = context.new_page()
        page.goto(f"{url}/{lang}/")
        open_widget(page)
        yield page


def open_widget(page):
    page.locator(".pp-launcher").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".pp-input")).to_be_focused()


def say(page, text):
    page.locator(".pp-input").fill(text)
    page.keyboard.press("Enter")


def test_hostile_bot_text_is_sanitized_and_links_are_safe(context, echo_site, shots):
    with widget_on_echo(context, echo_site, "fr") as page:
        say(page, HOSTILE)
        bot = page.locator(".pp-messages .pp-from-bot").last
        expect(bot).to_contain_text("echo[fr]:")
        # the user's own text is shown as text, never parsed
        expect(page.locator(".pp-from-user").last).to_contain_text("<img src=x")
        assert page.locator(".pp-log img, .pp-log script").count() == 0
        assert page.evaluate("() => window.__xss") is None
        expect(bot.locator("strong")).to_have_text("gras")
        expect(bot.locator("em")).to_have_text("penché")
        link = bot.locator("a[href='https://www.quebec.ca/immigration/']")
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", "noopener noreferrer")
        assert bot.locator("a[href^='javascript']").count() == 0
        expect(bot).to_contain_text("piège")
        page.screenshot(path=shots / "10-sanitized.png")


def test_unreachable_server_message_then_reconnection_sends_the_queued_message(context, echo_site, shots):
    url, port, workdir = echo_site
    page = context.new_page()
    page.goto(f"{url}/fr/")  # the server is not up yet
    open_widget(page)
    status = page.locator(".pp-status")
    expect(status).to_contain_text("Impossible de joindre l'assistant", timeout=15_000)
    expect(status).to_have_attribute("role", "status")
    page.screenshot(path=shots / "11-unreachable.png")
    say(page, "un")  # kept, and sent once the connection is back
    expect(page.locator(".pp-from-user").last).to_have_text(re.compile("un"))

    with echo_server("project", workdir, port, origin=url):
        expect(page.locator(".pp-from-bot").last).to_contain_text("echo[fr]: un", timeout=20_000)
        expect(status).to_contain_text("Connexion rétablie")
        page.screenshot(path=shots / "12-reconnected.png")

    # the server stops: the message comes back; the server restarts: the same session goes on
    expect(status).to_contain_text("Impossible de joindre l'assistant", timeout=15_000)
    with echo_server("project", workdir, port, origin=url):
        expect(status).to_contain_text("Connexion rétablie", timeout=20_000)
        say(page, "deux")
        expect(page.locator(".pp-from-bot").last).to_contain_text("echo[fr]: deux", timeout=10_000)


def test_message_unanswered_when_the_server_dies_is_sent_again_after_reconnecting(context, echo_site):
    url, port, workdir = echo_site
    page = context.new_page()
    with echo_server("project", workdir, port, origin=url, env={"ECHO_SLOW_SECONDS": "120"}):
        page.goto(f"{url}/fr/")
        open_widget(page)
        say(page, "un")
        expect(page.locator(".pp-from-bot").last).to_contain_text("echo[fr]: un")
        say(page, "lent deux")  # received, then the server dies before answering
        page.wait_for_timeout(1000)
    with echo_server("project", workdir, port, origin=url):  # another replica, or the same one restarted
        expect(page.locator(".pp-from-bot").last).to_contain_text("echo[fr]: lent deux", timeout=30_000)
        expect(page.locator(".pp-from-user")).to_have_count(2)  # sent again, not shown again
        say(page, "trois")
        expect(page.locator(".pp-from-bot").last).to_contain_text("echo[fr]: trois", timeout=10_000)
        expect(page.locator(".pp-from-bot", has_text="echo[fr]: lent deux")).to_have_count(1)


@pytest.mark.parametrize("name, viewport", [
    ("320px", {"width": 320, "height": 640}),
    ("zoom-200", {"width": 640, "height": 400}),  # a 1280 x 800 window at 200 % zoom
])
def test_usable_at_320px_and_200_percent_zoom(browser, echo_site, shots, name, viewport):
    url, port, workdir = echo_site
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    try:
        with echo_server("project", workdir, port, origin=url):
            page = context.new_page()
            page.goto(f"{url}/en/")
            open_widget(page)
            say(page, "Does a long sentence wrap without a horizontal scrollbar at this size? " * 2)
            expect(page.locator(".pp-from-bot").last).to_contain_text("echo[en]:")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"horizontal scrolling: {width}px wide"
            for selector in (".pp-panel", ".pp-input", ".pp-send", ".pp-close", ".pp-switch"):
                box = page.locator(selector).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, selector
                assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 0.5, selector
            page.screenshot(path=shots / f"13-{name}.png")
            assert_no_serious_axe_violations(page, f"13-{name}")
    finally:
        context.close()


def test_the_apology_comes_in_the_page_s_language_first_each_part_marked_with_its_own(context, echo_site, shots):
    with widget_on_echo(context, echo_site, "en") as page:
        say(page, "panne")  # the bot sends nothing: the channel's guard apologises
        parts = page.locator(".pp-turn").last.locator(".pp-part")
        expect(parts).to_have_count(2)
        expect(parts.first).to_have_attribute("lang", "en")
        expect(parts.first).to_contain_text("Sorry, a technical problem")
        expect(parts.last).to_have_attribute("lang", "fr")
        expect(parts.last).to_contain_text("Désolé, un problème technique")
        expect(page.locator(".pp-chat")).to_have_attribute("lang", "en")  # the interface stays in English
        expect(page.locator(".pp-from-user").last).to_have_attribute("lang", "en")
        page.screenshot(path=shots / "14-apology-en.png")
        assert_no_serious_axe_violations(page, "14-apology-en")


def test_no_typing_dots_under_the_cannot_be_reached_banner(context, echo_site, shots):
    url, port, workdir = echo_site
    page = context.new_page()
    page.goto(f"{url}/fr/")  # the server is not up
    open_widget(page)
    expect(page.locator(".pp-status")).to_contain_text("Impossible de joindre l'assistant", timeout=15_000)
    say(page, "un")  # kept for later: nothing is being answered
    shown = []
    for _ in range(15):  # never, not even until the next failed attempt clears it
        shown.append(page.locator(".pp-typing").inner_text())
        page.wait_for_timeout(100)
    assert not any(shown), shown
    expect(page.locator(".pp-from-user").last).to_have_text(re.compile("un"))
    page.screenshot(path=shots / "15-unreachable-no-dots.png")
    with echo_server("project", workdir, port, origin=url):
        expect(page.locator(".pp-from-bot").last).to_contain_text("echo[fr]: un", timeout=20_000)
        expect(page.locator(".pp-typing")).to_be_empty()
