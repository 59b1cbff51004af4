"""Phone numbers, hours, and whether the line is open now."""
from __future__ import annotations

from actions.rules.contact_centre import ClosedReason, contact_status
from actions.rules.formatting import format_date, format_time
from actions.turn import Reply, Turn
from actions.wording import hours_text, opening_text, phones_text


def status_replies(turn: Turn) -> list[Reply]:
    status = contact_status(turn.now)
    now_time = format_time(status.now.time(), turn.lang)
    replies: list[Reply] = []
    if status.open_now:
        replies.append(Reply("utter_hours_open_now", {"now_time": now_time, "closes_at": format_time(status.closes_at, turn.lang)}))
        uncertain_day = status.now.date() if status.uncertain_today else None
    else:
        opening = opening_text(status.next_opening, turn.lang) if status.next_opening else "?"
        if status.closed_reason is ClosedReason.HOLIDAY:
            replies.append(Reply("utter_hours_holiday", {"holiday": status.holiday_name(turn.lang), "next_opening": opening}))
        else:
            replies.append(Reply("utter_hours_closed_now", {"now_time": now_time, "next_opening": opening}))
        uncertain_day = status.next_opening.date() if status.next_opening_uncertain else (
            status.now.date() if status.uncertain_today else None)
    if uncertain_day:
        replies.append(Reply("utter_hours_uncertain", {"day": format_date(uncertain_day, turn.lang)}))
    return replies


def contact(turn: Turn) -> list[Reply]:
    phones = phones_text(turn.lang, turn.slot("caller_location"))
    return [Reply("utter_contact_numbers", {"phones": phones, "hours": hours_text(turn.lang)}), *status_replies(turn)]


def hours(turn: Turn) -> list[Reply]:
    return [*status_replies(turn), Reply("utter_hours_weekly", {"hours": hours_text(turn.lang)})]
