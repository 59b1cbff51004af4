"""Greeting, small talk, language switch, fallback and bad input."""
from __future__ import annotations

from actions.answers.contact import status_replies
from actions.turn import Reply, Turn
from pilot_program.text import MAX_CHARS
from pilot_program.wording import contact_centre, end_date, phones_text, program_abbreviation, site, topic_title

INPUT_PROBLEM_RESPONSES = {
    "too_long": "utter_input_too_long",
    "empty": "utter_input_unreadable",
    "unreadable": "utter_input_unreadable",
    "other_language": "utter_other_language",
}


def greet(turn: Turn) -> list[Reply]:
    return [Reply("utter_greet", {"program_abbreviation": program_abbreviation(turn.knowledge),
                                  "end_date": end_date(turn.knowledge, turn.lang)})]


def goodbye(turn: Turn) -> list[Reply]:
    return [Reply("utter_goodbye")]


def thanks(turn: Turn) -> list[Reply]:
    return [Reply("utter_thanks")]


def acknowledge(turn: Turn) -> list[Reply]:
    return [Reply("utter_anything_else")]


def bot_challenge(turn: Turn) -> list[Reply]:
    return [Reply("utter_bot_challenge", {"contact_centre": contact_centre(turn.knowledge)})]


def out_of_scope(turn: Turn) -> list[Reply]:
    return [Reply("utter_out_of_scope", {"program_abbreviation": program_abbreviation(turn.knowledge),
                                         "site": site(turn.knowledge)})]


def capabilities(turn: Turn) -> list[Reply]:
    return [Reply("utter_capabilities", {"program_abbreviation": program_abbreviation(turn.knowledge)})]


def switch_language(turn: Turn) -> list[Reply]:
    return [Reply("utter_language_switched")]


def fallback(turn: Turn) -> list[Reply]:
    """Bad input gets its own answer; otherwise the two likeliest topics, then the line."""
    problem = turn.entity("input_problem")
    if problem in INPUT_PROBLEM_RESPONSES:
        return [Reply(INPUT_PROBLEM_RESPONSES[problem], {"max_chars": MAX_CHARS})]
    # only topics have a title (the registry's topics, actions/intents.py; tests/test_intent_registry.py)
    titles = ((name, topic_title(name, turn.lang)) for name, _ in turn.intent_ranking)
    candidates = [(name, title) for name, title in titles if title]
    buttons = tuple({"title": title, "payload": f"/{name}"} for name, title in candidates[:2])
    replies = []
    if buttons:
        replies.append(Reply("utter_fallback_suggest", buttons=buttons))
    replies.append(Reply("utter_fallback_contact", {"contact_centre": contact_centre(turn.knowledge),
                                                    "phones": phones_text(turn.knowledge, turn.lang)}))
    return replies


def human(turn: Turn) -> list[Reply]:
    return [Reply("utter_human_handoff",
                  {"contact_centre": contact_centre(turn.knowledge),
                   "phones": phones_text(turn.knowledge, turn.lang, turn.slot("caller_location"))}),
            *status_replies(turn)]
