"""The web widget in Debian's headless Chromium against the real assistant on loopback.

One French conversation, step by step as a keyboard user would have it, with a screenshot per step
(tests/web/screenshots/) and axe-core (WCAG 2.0/2.1 A and AA + best practices) at the main states:
no serious or critical violation is allowed.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.program_values import OFFICIAL_PAGE_AS_OF, dollars, english_date, fee, french_date
from tests.web.conftest import assert_no_serious_axe_violations

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

TIMEOUT = 60_000  # the first message of a conversation loads the model's graph


def tab_to(page, selector: str, limit: int = 30) -> None:
    """Presses Tab until the element matching `selector` has the focus (a keyboard user's path)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} not reachable with Tab")


def bot_messages(page):
    return page.locator(".pp-messages .pp-from-bot")


def test_french_conversation_by_keyboard_then_reload_then_english(context, assistant_site, shots):
    """The steps below in order: each starts from where the previous one left the page."""
    page = context.new_page()
    page.goto(f"{assistant_site}/fr/")
    _closed_page(page, shots)
    field = _open_by_keyboard(page, shots)
    _fees_question_fr(page, field, shots)
    count = _quick_replies_by_keyboard(page, field, shots)
    _reload_keeps_conversation(page, count, shots)
    _switch_to_english(page, shots)
    _typed_switch_back_then_escape(page)


def _closed_page(page, shots) -> None:
    launcher = page.locator(".pp-launcher")
    expect(launcher).to_have_accessible_name("Poser une question à l'assistant virtuel")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.screenshot(path=shots / "01-page-fr.png")
    assert_no_serious_axe_violations(page, "01-page-fr-closed")


def _open_by_keyboard(page, shots):
    # open the widget with the keyboard: the focus lands in the question field
    tab_to(page, ".pp-launcher")
    page.screenshot(path=shots / "02-launcher-focused.png")
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog", name="Assistant virtuel PP IA/TI-EV")
    expect(panel).to_be_visible()
    field = page.get_by_label("Votre question")
    expect(field).to_be_focused()
    expect(page.locator(".pp-chat")).to_have_attribute("lang", "fr")
    page.screenshot(path=shots / "03-widget-open-fr.png")
    return field


def _fees_question_fr(page, field, shots) -> None:
    # a question: the French answer, its official link (new tab, no opener), all marked lang=fr
    field.type("combien pour ajouter ma conjointe?")
    page.keyboard.press("Enter")
    user = page.locator(".pp-messages .pp-from-user").last
    expect(user).to_have_text(re.compile("combien pour ajouter ma conjointe"))
    expect(user).to_have_attribute("lang", "fr")
    # the source is a named link, not a raw address, with its date (the page exists in English only)
    link = page.locator(".pp-from-bot a[href^='https://www.quebec.ca/en/immigration/']").first
    expect(link).to_be_visible(timeout=TIMEOUT)
    expect(link).to_have_accessible_name(re.compile(r"^Québec\.ca, page officielle \(s'ouvre dans un nouvel onglet\)$"))
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_contain_text("(s'ouvre dans un nouvel onglet)")
    footer = bot_messages(page).filter(has=page.locator("a[href^='https://www.quebec.ca/en/immigration/']")).last
    expect(footer).to_contain_text(f"(en anglais, à jour au {french_date(OFFICIAL_PAGE_AS_OF)})")
    expect(footer).not_to_contain_text("https://")
    expect(bot_messages(page).filter(has_text=f"Total : {fee(spouse=True)}")).to_have_count(1)
    for lang in bot_messages(page).evaluate_all("nodes => nodes.map(n => n.lang)"):
        assert lang == "fr"
    expect(page.locator(".pp-typing")).to_be_empty()
    page.screenshot(path=shots / "04-answer-fr-with-link.png")


def _quick_replies_by_keyboard(page, field, shots) -> int:
    # quick replies are real buttons, reached with the keyboard (Shift+Tab from the field)
    field.type("je veux ajouter mon fils")
    page.keyboard.press("Enter")
    group = page.get_by_role("group", name="Réponses suggérées")
    expect(group.get_by_role("button", name="Oui")).to_be_visible(timeout=TIMEOUT)
    expect(group.get_by_role("button", name="Pas encore")).to_be_visible()
    assert_no_serious_axe_violations(page, "05-quick-replies-fr")
    # back from the field: past the turn's source links (its footer), to the choices under the question
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.textContent === 'Pas encore'"):
            break
    expect(group.get_by_role("button", name="Pas encore")).to_be_focused()
    page.screenshot(path=shots / "05-quick-reply-focused.png")
    page.keyboard.press("Enter")
    expect(page.locator(".pp-messages .pp-from-user").last).to_have_text(re.compile("Pas encore"))
    expect(bot_messages(page).filter(has_text="Arrima").first).to_be_visible(timeout=TIMEOUT)
    expect(group.get_by_role("button", name="Pas encore")).to_have_count(0)  # answered: those choices are gone
    # the answer ends with "Was this helpful?": its Oui / Non are now the only choices
    expect(page.locator(".pp-quick")).to_have_count(1)
    expect(page.locator(".pp-quick").get_by_role("button", name="Non")).to_be_visible()
    expect(field).to_be_focused()
    page.screenshot(path=shots / "06-quick-reply-answered.png")
    count = bot_messages(page).count()
    return count


def _reload_keeps_conversation(page, count: int, shots) -> None:
    # a reload keeps the conversation (same session, same transcript, panel still open)
    page.reload()
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(bot_messages(page)).to_have_count(count)
    expect(bot_messages(page).filter(has_text="Arrima").first).to_be_visible()
    expect(page.locator(".pp-messages .pp-from-user")).to_have_count(3)
    page.screenshot(path=shots / "07-after-reload.png")

    # the server still knows the conversation: "how much?" now counts the son
    page.get_by_label("Votre question").fill("c'est combien pour lui?")
    page.keyboard.press("Enter")
    expect(bot_messages(page)).to_have_count(count + 1, timeout=TIMEOUT)  # its answer: one more card
    expect(bot_messages(page).last).to_contain_text("Enfant à charge")


def _switch_to_english(page, shots) -> None:
    # switch to English with the widget's button: interface, conversation and lang attributes
    switch = page.locator(".pp-switch")
    expect(switch).to_have_accessible_name(re.compile("English"))
    switch.focus()
    page.keyboard.press("Enter")
    expect(bot_messages(page).filter(has_text="continue in English")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator(".pp-chat")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Your question")).to_be_visible()
    expect(bot_messages(page).last).to_have_attribute("lang", "en")
    page.get_by_label("Your question").fill("how much to add my wife?")
    page.keyboard.press("Enter")
    link = page.locator(".pp-from-bot a[href^='https://www.quebec.ca/en/']").last
    expect(link).to_be_visible(timeout=TIMEOUT)
    expect(link).to_contain_text("Québec.ca, official page")
    expect(bot_messages(page).filter(has=page.locator("a[href^='https://www.quebec.ca/en/']")).last).to_contain_text(
        f"(current as of {english_date(OFFICIAL_PAGE_AS_OF)})")
    expect(page.locator(".pp-messages .pp-from-user").last).to_have_attribute("lang", "en")
    expect(bot_messages(page).filter(has_text=f"Total: {dollars(fee(spouse=True), 'en')}").last).to_have_attribute("lang", "en")
    page.screenshot(path=shots / "08-switched-to-english.png")
    assert_no_serious_axe_violations(page, "08-conversation-en")


def _typed_switch_back_then_escape(page) -> None:
    # typing the switch works too: the server changes language, the widget follows its answer
    page.get_by_label("Your question").fill("en français svp")
    page.keyboard.press("Enter")
    expect(bot_messages(page).filter(has_text="je continue en français")).to_have_count(1, timeout=TIMEOUT)
    expect(bot_messages(page).last).to_have_attribute("lang", "fr")
    expect(page.locator(".pp-chat")).to_have_attribute("lang", "fr")
    expect(page.get_by_label("Votre question")).to_be_focused()

    # Escape closes the panel and gives the focus back to the launcher
    page.keyboard.press("Escape")
    expect(page.locator(".pp-launcher")).to_be_focused()


def stored_events(site, session_id: str) -> int:
    import sqlite3

    from tests.servers import stored_key

    with sqlite3.connect(site.tracker_db) as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (stored_key("socketio", session_id),)).fetchone()[0]


def widget_storage(page) -> dict:
    return page.evaluate("() => JSON.parse(localStorage.getItem('pp-chat:v2') || '{}')")


def wait_until(condition, timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.2)


def test_new_conversation_and_expired_history_delete_the_server_copy(context, assistant_site):
    page = context.new_page()
    page.goto(f"{assistant_site}/en/")
    page.locator(".pp-launcher").click()
    page.get_by_label("Your question").fill("how much to add my wife?")
    page.keyboard.press("Enter")
    expect(bot_messages(page).filter(has_text=f"Total: {dollars(fee(spouse=True), 'en')}").first).to_be_visible(timeout=TIMEOUT)
    first = widget_storage(page)["sessionId"]
    assert first.count(".") == 2  # issued and signed by the server
    wait_until(lambda: stored_events(assistant_site, first) > 0)

    # "New conversation": the transcript goes, and so does the server's copy
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".pp-messages .pp-msg")).to_have_count(0)
    wait_until(lambda: widget_storage(page).get("sessionId") not in (None, first))
    wait_until(lambda: stored_events(assistant_site, first) == 0)
    second = widget_storage(page)["sessionId"]
    page.get_by_label("Your question").fill("is the phone line open right now?")
    page.keyboard.press("Enter")
    expect(bot_messages(page).first).to_be_visible(timeout=TIMEOUT)
    wait_until(lambda: stored_events(assistant_site, second) > 0)

    # local history older than its expiry (4 hours): dropped at the next visit, server copy deleted too
    page.evaluate("() => { const d = JSON.parse(localStorage.getItem('pp-chat:v2'));"
                  " d.savedAt = Date.now() - 5 * 3600 * 1000; localStorage.setItem('pp-chat:v2', JSON.stringify(d)); }")
    page.reload()
    expect(page.locator(".pp-messages .pp-msg")).to_have_count(0)
    wait_until(lambda: stored_events(assistant_site, second) == 0)
    wait_until(lambda: widget_storage(page).get("sessionId") not in (None, second))
