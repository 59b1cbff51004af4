"""Every response that has a list, rendered by the widget in Chromium, in French and in English: each
bullet is its own list item and no line after a list is drawn inside its last item ("Total : 603 $."
in the last fee, the mailing address in the last document, the phone list merged with the documents).

The texts are the domain's responses, each list placeholder filled with a real list (the phone numbers
and the hours from the program's file, two bullets for the others) and every other placeholder with a
word, cut into messages at blank lines and sent one by one, as Rasa's socket.io channel sends them.
"""
from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from pilot_program.wording import hours_text, phones_text
from tests.program_values import PROGRAM
from tests.servers import ROOT, free_port
from tests.web.conftest import assert_no_serious_axe_violations, static_site
from tests.web.servers import echo_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Placeholders filled with a bulleted list ("- item" lines), and those alone on a line that are not lists.
LISTS = {"phones", "hours", "lines", "items", "documents", "exemptions", "decisions", "causes", "next_steps",
         "conditions", "streams", "profiles", "accepted"}
NOT_LISTS = {"address", "before_csq", "letter_first", "no_refund", "letter_deadline"}  # the address's lines; sentences


def list_value(name: str, lang: str) -> str:
    if name == "phones":
        return phones_text(PROGRAM, lang)
    if name == "hours":
        return hours_text(PROGRAM, lang)
    return f"- first {name} item\n- second {name} item"


def filled(text: str, lang: str) -> str:
    return PLACEHOLDER.sub(lambda m: list_value(m.group(1), lang) if m.group(1) in LISTS else
                           ("Line one\nLine two" if m.group(1) == "address" else m.group(1).upper()), text)


def responses_with_lists() -> list[tuple[str, str, str]]:
    """(response, lang, filled text) for every response whose text has a list once filled."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    found = []
    for name, variants in domain.items():
        for variant in variants:
            lang = "en" if variant.get("condition") else "fr"
            text = filled(variant["text"], lang)
            if re.search(r"^- ", text, re.M):
                found.append((name, lang, text))
    return found


def test_every_placeholder_alone_on_its_line_is_known_as_a_list_or_not():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    alone = {m.group(1) for variants in domain.values() for v in variants
             for m in re.finditer(r"^\{([a-z_]+)\}$", v["text"], re.M)}
    assert alone <= LISTS | NOT_LISTS, f"classify these placeholders in this test: {alone - LISTS - NOT_LISTS}"
    assert len(responses_with_lists()) >= 50  # some 25 responses, each in both languages


def card_structure(page) -> dict:
    """The last card's list items and the text outside them (hidden screen-reader hints left out)."""
    return page.evaluate("""() => {
        const card = [...document.querySelectorAll('.pp-turn')].pop().cloneNode(true);
        card.querySelectorAll('.pp-sr').forEach(n => n.remove());
        const items = [...card.querySelectorAll('li')].map(li => li.textContent.replace(/\\s+/g, ' ').trim());
        card.querySelectorAll('ul, ol').forEach(n => n.remove());
        return {items, rest: card.textContent.replace(/\\s+/g, ' ')};
    }""")


@pytest.fixture()
def widget_page(context, tmp_path):
    port = free_port()
    with static_site(tmp_path, port) as url, echo_server("project", tmp_path, port, origin=url):
        page = context.new_page()
        page.goto(f"{url}/fr/")
        page.locator(".pp-launcher").click()
        expect(page.locator(".pp-status")).to_be_empty(timeout=15_000)
        yield page


def show(page, lang: str, text: str) -> None:
    """A turn: a user message, then the reply cut at blank lines, as the socket.io channel sends it."""
    page.evaluate("""([lang, parts]) => {
        window.ppChat.addMessage({from: 'user', text: 'question', lang});
        for (const text of parts) window.ppChat.receive({text, lang});
    }""", [lang, [part for part in text.strip().split("\n\n")]])


def test_every_response_with_a_list_renders_each_bullet_as_its_own_item(widget_page, shots):
    page = widget_page
    wrong = []
    for name, lang, text in responses_with_lists():
        show(page, lang, text)
        structure = card_structure(page)
        bullets = [" ".join(line[2:].split()) for line in text.splitlines() if line.startswith("- ")]
        others = [" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("- ")]
        if structure["items"] != bullets or any(other not in structure["rest"] for other in others):
            wrong.append((name, lang, structure["items"]))
        if (name, lang) in {("utter_fee_quote", "fr"), ("utter_family_after_csq", "en")}:
            page.screenshot(path=shots / f"30-list-{name}-{lang}.png")
    assert not wrong, "lists drawn wrongly (response, language, list items):\n" + "\n".join(map(str, wrong))
    assert_no_serious_axe_violations(page, "30-lists")
