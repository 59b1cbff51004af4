"""How an answer looks in the widget, against the real assistant (desktop French, phone English): one turn
is one card (the answer, a question's choices under it, the sources as its small footer, no disclaimer
repeated: the header says it), the log scrolled to the start of the new turn, most of the panel for the
messages, retired choices kept as text with the one picked, phone numbers as tel: links that never wrap,
the user's message marked with its own language, and no 404 (the favicon)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.program_values import PHONES, e164
from tests.web.conftest import assert_no_serious_axe_violations

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

TIMEOUT = 60_000
PHONE = {"width": 360, "height": 740}


def open_page(context, site, lang):
    page = context.new_page()
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    page.goto(f"{site}/{lang}/")
    page.locator(".pp-launcher").click()
    expect(page.locator(".pp-status")).to_be_empty(timeout=TIMEOUT)
    return page, missing


def ask(page, text):
    page.locator(".pp-input").fill(text)
    page.keyboard.press("Enter")


def cards(page):
    return page.locator(".pp-messages .pp-turn")


def box(page, selector_or_locator):
    locator = page.locator(selector_or_locator) if isinstance(selector_or_locator, str) else selector_or_locator
    return locator.bounding_box()


def test_one_turn_is_one_card_scrolled_to_its_start_with_room_for_the_messages(context, assistant_site, shots):
    page, missing = open_page(context, assistant_site, "fr")
    panel, log = box(page, ".pp-panel"), box(page, ".pp-log")
    assert log["height"] >= 0.7 * panel["height"], (log, panel)  # the header and the form took 270 of 608 px

    ask(page, "combien pour ajouter ma conjointe et nos trois enfants?")
    card = cards(page).last
    expect(card.locator(".pp-sources a[href^='https://www.quebec.ca/']")).to_be_visible(timeout=TIMEOUT)
    expect(card.get_by_role("button", name="Oui")).to_be_visible()
    expect(cards(page)).to_have_count(1)  # answer, rules, sources and "was this helpful?": one card
    expect(card.locator(".pp-card-body")).to_contain_text("Total :")
    expect(card.locator(".pp-card-body")).to_contain_text("Cette réponse vous a-t-elle aidé?")
    assert card.locator(".pp-bubble > :last-child").get_attribute("class") == "pp-sources"  # the footer is last
    expect(card.locator(".pp-sources")).to_contain_text("Source : Québec.ca, page officielle")
    # "general information, not legal advice": once, in the header, not in every answer
    expect(card).not_to_contain_text("avis juridique")
    expect(page.locator(".pp-subtitle")).to_contain_text("pas un avis juridique")

    # the log shows the start of the new turn, and the amounts
    card_box, log = box(page, card), box(page, ".pp-log")
    assert log["y"] - 1 <= card_box["y"] <= log["y"] + 24, (card_box, log)
    total = box(page, card.locator(".pp-part", has_text="Total :"))
    assert total["y"] + total["height"] <= log["y"] + log["height"], "the total is below the visible log"
    page.screenshot(path=shots / "40-turn-card-fr-desktop.png")
    assert_no_serious_axe_violations(page, "40-turn-card-fr-desktop")
    assert missing == [], missing  # the favicon too


def test_on_a_phone_choices_stay_as_text_phone_numbers_are_links_and_messages_keep_their_language(
        browser, assistant_site, shots):
    context = browser.new_context(bypass_csp=True, viewport=PHONE, locale="en-CA")
    try:
        page, missing = open_page(context, assistant_site, "en")
        panel, log = box(page, ".pp-panel"), box(page, ".pp-log")
        assert log["height"] >= 0.65 * panel["height"], (log, panel)

        ask(page, "I want to add my son to my application")
        question = cards(page).first
        expect(question.get_by_role("button", name="Not yet")).to_be_visible(timeout=TIMEOUT)
        question.get_by_role("button", name="Not yet").click()
        expect(cards(page)).to_have_count(2)
        expect(cards(page).last).to_contain_text("Arrima", timeout=TIMEOUT)
        # the question keeps its choices, as text, with the one picked
        expect(question.get_by_role("button")).to_have_count(0)
        expect(question.locator(".pp-retired li")).to_have_text(["Yes", re.compile(r"^Not yet")])
        expect(question.locator(".pp-retired .pp-chosen")).to_contain_text("(your choice)")
        answer, log = box(page, cards(page).last), box(page, ".pp-log")
        assert log["y"] - 1 <= answer["y"] <= log["y"] + 24, (answer, log)  # the start of the new turn
        page.screenshot(path=shots / "41-turn-card-en-phone.png")

        ask(page, "what are the phone numbers?")
        numbers = cards(page).last.locator("a.pp-tel")
        expect(numbers.first).to_be_visible(timeout=TIMEOUT)
        for number in PHONES.values():
            link = cards(page).last.locator("a.pp-tel", has_text=re.compile(f"^{re.escape(number)}$"))
            expect(link).to_have_attribute("href", f"tel:{e164(number)}")
            assert link.evaluate("a => a.getClientRects().length") == 1, f"{number} wraps"
            assert link.get_attribute("target") is None
        page.screenshot(path=shots / "42-phone-links-en-phone.png")

        # a message in French on the English page: marked French once the reply says so
        ask(page, "combien pour ajouter ma conjointe?")
        expect(cards(page).last).to_have_attribute("lang", "fr", timeout=TIMEOUT)
        expect(page.locator(".pp-from-user").last).to_have_attribute("lang", "fr")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert_no_serious_axe_violations(page, "42-phone-en")
        assert missing == [], missing
    finally:
        context.close()


def test_several_questions_in_one_message_are_one_card_with_the_sources_once(context, assistant_site, shots):
    page, _ = open_page(context, assistant_site, "fr")
    ask(page, "le numéro de téléphone pis vous êtes ouverts jusqu'à quelle heure jeudi?")
    card = cards(page).last
    expect(card.locator(".pp-sources")).to_be_visible(timeout=TIMEOUT)
    expect(cards(page)).to_have_count(1)
    expect(card.locator(".pp-sources")).to_have_count(1)  # both answers' sources, once, as the footer
    expect(card.locator(f"a[href='tel:{e164(PHONES['montreal'])}']").first).to_be_visible()  # the numbers
    expect(card.locator(".pp-card-body")).to_contain_text("jeudi")  # and the hours of the day asked about
    page.screenshot(path=shots / "42-two-questions-fr-desktop.png")
    assert_no_serious_axe_violations(page, "42-two-questions-fr-desktop")
