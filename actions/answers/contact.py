"""Phone numbers, hours, and whether the line is open now or on the day and time asked about."""
from __future__ import annotations

from datetime import date

from actions.turn import Reply, Turn
from pilot_program.knowledge import Lang, cite_source
from pilot_program.rules.closures import Closure
from pilot_program.rules.contact_centre import (
    ClosedReason,
    LineStatus,
    contact_status,
    line_status,
    next_day_with_hours,
)
from pilot_program.rules.formatting import format_time, format_weekday_date
from pilot_program.wording import fact_text, hours_text, line, not_known, opening_text, phones_text
from understanding.moments import AskedMoment


def _on_day(day: date, turn: Turn) -> str:
    """"on Monday, January 4, 2027" / "le lundi 4 janvier 2027"; "today (...)" for today."""
    label = format_weekday_date(day, turn.lang)
    offset = (day - turn.now.date()).days
    name = {0: "on_today", 1: "on_tomorrow"}.get(offset, "on_day")
    return line(name, turn.lang, date=label)


def _named(closure: Closure | None, lang: Lang) -> dict[str, str]:
    if not closure:
        return {}
    if closure.source_key:
        cite_source(closure.source_key)
    return {"holiday": closure.name(lang), "why": closure.why(lang) if closure.why else ""}


def _time_zone(turn: Turn) -> dict[str, str]:
    return {"time_zone": fact_text(turn.knowledge, "contact_centre.hours", turn.lang, "time_zone")}


def _may_close(turn: Turn, part: str) -> str:
    """"but it may be closed today": said of a day no source settles (never as a fact)."""
    return not_known(turn.knowledge, "contact_centre.possible_closures", turn.lang, part)


def _holiday(turn: Turn, closed: str) -> dict[str, str]:
    """"a statutory holiday in Québec" (the day's own source is cited with its name), and what that means for
    the line, worded as the inference it is ("probably closed today, but that is my inference...")."""
    k, lang = turn.knowledge, turn.lang
    return {"statutory_holiday": str(k.fact("contact_centre.holidays", cite=False)["statutory"][lang]),
            closed: not_known(k, "contact_centre.holiday_closures", lang, closed)}


def _maybe_note(day: date | None, closure: Closure | None, turn: Turn) -> list[Reply]:
    if not (day and closure):
        return []
    may_close = _may_close(turn, "may_close_that_day")
    return [Reply("utter_hours_maybe_note", {"on_day": _on_day(day, turn), **_named(closure, turn.lang),
                                             "may_close": may_close})]


def status_replies(turn: Turn) -> list[Reply]:
    """The line right now: open (until when), or closed (why, and the next opening)."""
    status = contact_status(turn.knowledge, turn.now)
    lang = turn.lang
    now_time = format_time(status.now.time(), lang)
    if status.closes_at is not None:  # open now
        closes_at = format_time(status.closes_at, lang)
        if status.may_be_closed:
            return [Reply("utter_hours_today_maybe", {"now_time": now_time, "closes_at": closes_at,
                                                      **_named(status.may_be_closed, lang), **_time_zone(turn),
                                                      "may_close": _may_close(turn, "may_close_today")})]
        return [Reply("utter_hours_open_now", {"now_time": now_time, "closes_at": closes_at, **_time_zone(turn)})]
    opening = opening_text(status.next_opening, lang) if status.next_opening else "?"
    if status.closed_reason is ClosedReason.HOLIDAY:
        replies = [Reply("utter_hours_holiday", {"next_opening": opening, **_named(status.holiday, lang),
                                                 **_holiday(turn, "closed_today")})]
    else:
        replies = [Reply("utter_hours_closed_now", {"now_time": now_time, "next_opening": opening,
                                                    **_time_zone(turn)})]
    if status.next_opening:
        replies += _maybe_note(status.next_opening.date(), status.next_opening_closure, turn)
    return replies


def day_replies(turn: Turn, asked: AskedMoment) -> list[Reply]:
    """The line on the day (and at the time) asked about."""
    day = asked.day or next_day_with_hours(turn.knowledge, turn.now, asked.at)
    status = line_status(turn.knowledge, turn.now, day, asked.at)
    lang = turn.lang
    values = {"on_day": _on_day(day, turn), "day": format_weekday_date(day, lang), **_time_zone(turn),
              "may_close": _may_close(turn, "may_close_that_day")}
    if status.hours:
        values.update(opens=format_time(status.hours.opens, lang), closes=format_time(status.hours.closes, lang))
    if status.next_opening:
        values["next_opening"] = opening_text(status.next_opening, lang)
    if asked.at is not None:
        at_time = format_time(asked.at, lang)
        values["at_time"] = line("in_the_evening" if asked.evening else "at_time", lang, time=at_time)
    named = _named(status.closure, lang)
    if status.closed_reason is ClosedReason.HOLIDAY:
        named.update(_holiday(turn, "closed_on_holidays"))
    reply = Reply(_day_response(status), {**values, **named})
    replies = [reply]
    if status.may_be_closed and status.closed_reason in (ClosedReason.BEFORE_HOURS, ClosedReason.AFTER_HOURS):
        replies += _maybe_note(day, status.may_be_closed, turn)
    if status.next_opening and status.next_opening.date() != day:
        replies += _maybe_note(status.next_opening.date(), status.next_opening_closure, turn)
    return replies


def _day_response(status: LineStatus) -> str:
    reason = status.closed_reason
    if reason is ClosedReason.HOLIDAY:
        return "utter_hours_day_holiday"
    if reason is ClosedReason.WEEKEND:
        return "utter_hours_day_no_hours"
    if reason is ClosedReason.BEFORE_HOURS:
        return "utter_hours_at_before"
    if reason is ClosedReason.AFTER_HOURS:
        return "utter_hours_at_after"
    if status.may_be_closed:
        return "utter_hours_day_maybe"
    return "utter_hours_at_open" if status.at is not None else "utter_hours_day_open"


def _asked(turn: Turn) -> AskedMoment | None:
    """A day or time other than "right now", if the message names one."""
    asked = turn.frame.moment
    if not asked.any or (asked.day == turn.now.date() and asked.at is None):
        return None
    return asked


def caller_location(turn: Turn) -> str | None:
    """Where the caller is: said in this message ("I'm calling from France"), or earlier."""
    return turn.frame.details.caller_location or turn.slot("caller_location")


def contact(turn: Turn) -> list[Reply]:
    phones = phones_text(turn.knowledge, turn.lang, caller_location(turn))
    asked = _asked(turn)
    when = day_replies(turn, asked) if asked else status_replies(turn)
    values = {"contact_centre_title": fact_text(turn.knowledge, "contact_centre.name", turn.lang, "of_ministry"),
              "phones": phones,
              "hours": hours_text(turn.knowledge, turn.lang)}
    return [Reply("utter_contact_numbers", values), *when]


def hours(turn: Turn) -> list[Reply]:
    if turn.frame.details.caller_location:  # "I'm calling from France": the number to dial too
        return contact(turn)
    asked = _asked(turn)
    if asked:
        return day_replies(turn, asked)
    return [*status_replies(turn), Reply("utter_hours_weekly", {"hours": hours_text(turn.knowledge, turn.lang),
                                                                **_time_zone(turn)})]
