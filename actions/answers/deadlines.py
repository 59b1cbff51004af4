"""60-day deadlines and the values attestation."""
from __future__ import annotations

from datetime import date

from actions.turn import Reply, Turn
from pilot_program.rules.deadlines import DeadlineKind, DeadlineState, compute_deadline, days_allowed
from pilot_program.rules.formatting import format_date
from pilot_program.wording import contact_centre, days_text, fact_text, phones_text, texts
from understanding.dates import Role

STATE_RESPONSES = {
    DeadlineState.UPCOMING: "utter_deadline_upcoming",
    DeadlineState.DUE_TODAY: "utter_deadline_due_today",
    DeadlineState.PASSED: "utter_deadline_passed",
}


def _request_date(turn: Turn) -> date | None:
    value = turn.slot("request_date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def deadline_replies(turn: Turn, requested: date, kind: DeadlineKind) -> list[Reply]:
    lang = turn.lang
    if requested > turn.now.date():
        return [Reply("utter_deadline_future_date", {"request_date": format_date(requested, lang)})]
    deadline = compute_deadline(turn.knowledge, requested, turn.now, kind)
    return [Reply(STATE_RESPONSES[deadline.state], {
        "counted_from": fact_text(turn.knowledge, "completeness", lang, "counted_from"),
        "request_date": format_date(requested, lang), "days": deadline.days_allowed,
        "due_date": format_date(deadline.due, lang), "days_left": deadline.days_left,
        "days_late": deadline.days_late, "phones": phones_text(turn.knowledge, lang),
        "contact_centre": contact_centre(turn.knowledge),
        "time_left": days_text(deadline.days_left or 0, lang), "time_late": days_text(deadline.days_late or 0, lang),
    })]


def deadline(turn: Turn) -> list[Reply]:
    """The 60-day rule at once; the exact date when the message (or an earlier one) gives the request's date;
    a letter announcing a refusal or rejection: the deadline written in it."""
    outcome = turn.frame.details.letter_of_intent
    if outcome:
        return [Reply("utter_deadline_letter",
                      {"letter_deadline": fact_text(turn.knowledge, "decisions.letter_deadline", turn.lang, outcome)})]
    requested = _request_date(turn)  # this message's date, or an earlier one (actions/state.py)
    if requested:
        return deadline_replies(turn, requested, DeadlineKind.MISSING_ITEMS) + _if_late(turn, requested)
    fact = turn.knowledge.fact("completeness")
    parts = {part: fact_text(turn.knowledge, "completeness", turn.lang, part)
             for part in ("if_missing", "otherwise_rejected", "must_be_complete")}
    return [Reply("utter_deadline_rule", {
        "items": texts(fact.texts(), turn.lang), "days": fact["days"], **parts,
        "letter_deadline": fact_text(turn.knowledge, "decisions.letter_deadline", turn.lang, "in_rule")})]


def _if_late(turn: Turn, requested: date) -> list[Reply]:
    """"And if I'm late?" before the deadline: what happens after it (once it has passed, the answer says so)."""
    if not turn.frame.details.late:
        return []
    state = compute_deadline(turn.knowledge, requested, turn.now, DeadlineKind.MISSING_ITEMS).state
    if state is DeadlineState.PASSED or requested > turn.now.date():
        return []
    return [Reply("utter_deadline_if_late",
                  {"rejected_after": fact_text(turn.knowledge, "completeness", turn.lang, "rejected_after")})]


def values_attestation(turn: Turn) -> list[Reply]:
    k = turn.knowledge
    replies = [Reply("utter_values_attestation", {
        "days": days_allowed(turn.knowledge, DeadlineKind.VALUES_ATTESTATION),
        "request": fact_text(k, "values_attestation.request", turn.lang),
        "otherwise_rejected": fact_text(k, "values_attestation.request", turn.lang, "otherwise_rejected"),
        "adult_age": k.fact("family.values_for_added_adults")["adult_age"],
        "already_obtained": k.fact("values_attestation.already_obtained").text(turn.lang),
        "exemptions": texts(k.fact("values_attestation.exemptions").texts(), turn.lang)})]
    requested = turn.frame.date_of(Role.REQUEST, Role.UNKNOWN)
    if requested:  # "I got the values request on Nov 10": work out that deadline too
        replies += deadline_replies(turn, requested, DeadlineKind.VALUES_ATTESTATION)
    return replies
