"""Program status, eligibility, replacement, files under review, cap, unknowns."""
from __future__ import annotations

from actions.turn import Reply, Turn
from pilot_program.rules.formatting import format_date
from pilot_program.rules.timeline import Phase, program_phase, timeline
from pilot_program.wording import (
    contact_centre,
    end_date,
    fact_text,
    not_known,
    phones_text,
    program_abbreviation,
    replacement,
    texts,
)


def _closure(turn: Turn, *parts: str) -> dict[str, str]:
    """What the end of the program means, in the sentence parts ``parts`` (program.closure)."""
    return {part: fact_text(turn.knowledge, "program.closure", turn.lang, part) for part in parts}


def status(turn: Turn) -> list[Reply]:
    info = program_phase(turn.knowledge, turn.now)
    lang = turn.lang
    t = info.timeline
    if info.phase is Phase.CLOSED:
        ended = end_date(turn.knowledge, lang)  # first: the official page heads the sources
        name = turn.knowledge.fact("program.name").text(lang)  # in French, the regulation's title (source_fr)
        return [Reply("utter_program_closed", {"program_name": name, "end_date": ended,
                                               "replacement": replacement(turn.knowledge, lang),
                                               **_closure(turn, "no_longer_possible", "still_reviewed")})]
    today = format_date(info.today, lang)  # only a clock set before the end gets here: said with its date
    if info.phase is Phase.INTAKE_OPEN:
        first = t.first_intake[0] <= info.today <= t.first_intake[1]
        window = turn.knowledge.fact("timeline.first_intake" if first else "timeline.second_intake")  # cited
        start, end = t.first_intake if first else t.second_intake
        return [Reply("utter_program_intake_open", {"intake_start": format_date(start, lang), "today": today,
                                                    "intake_end": format_date(end, lang),
                                                    "intake_source": window.source.name(lang),
                                                    "end_date": end_date(turn.knowledge, lang)})]
    if info.phase is Phase.RUNNING:
        return [Reply("utter_program_running", {"end_date": end_date(turn.knowledge, lang), "today": today})]
    turn.knowledge.fact("timeline.launch")  # cited: its date is given
    return [Reply("utter_program_not_yet_open", {"launch_date": format_date(t.launch, lang), "today": today})]


def eligibility(turn: Turn) -> list[Reply]:
    if program_phase(turn.knowledge, turn.now).phase is not Phase.CLOSED:
        return status(turn)
    k = turn.knowledge
    return [Reply("utter_eligibility", {
        "end_date": end_date(turn.knowledge, turn.lang), **_closure(turn, "no_new_applicant"),
        "streams_intro": fact_text(k, "program.streams", turn.lang, "intro"),
        "streams": texts(k.fact("program.streams").texts(), turn.lang),
        "profiles_intro": fact_text(k, "program.profiles", turn.lang, "intro"),
        "profiles": texts(k.fact("program.profiles").texts(), turn.lang),
        "replacement": replacement(turn.knowledge, turn.lang),
    }), _alert_conditions(turn)]


def _alert_conditions(turn: Turn) -> Reply:
    conditions = turn.knowledge.fact("alert_2021.conditions")
    return Reply("utter_alert_conditions", {"source": conditions.source.name(turn.lang),
                                            "conditions": texts(conditions.texts(), turn.lang)})


def replacement_route(turn: Turn) -> list[Reply]:
    return [Reply("utter_replacement", {"program_abbreviation": program_abbreviation(turn.knowledge),
                                        "end_date": end_date(turn.knowledge, turn.lang),
                                        "replacement": replacement(turn.knowledge, turn.lang),
                                        "see_also": fact_text(turn.knowledge, "replacement", turn.lang, "see_also")})]


def submitted_file(turn: Turn) -> list[Reply]:
    ministry = turn.knowledge.fact("program.ministry").text(turn.lang)
    return [Reply("utter_submitted_file", {
        "end_date": end_date(turn.knowledge, turn.lang), "ministry": ministry, **_closure(turn, "still_reviewed"),
        "can_still_change": fact_text(turn.knowledge, "submitted_files", turn.lang),
        "file_messages": fact_text(turn.knowledge, "file_messages", turn.lang, "submitted")})]


def cap(turn: Turn) -> list[Reply]:
    """The regulation's yearly cap (citable), the 2021 alert's figures (named), where they differ, and the
    official page's silence."""
    k, lang = turn.knowledge, turn.lang
    regulation_caps = fact_text(k, "cap.regulation", lang, "caps")  # first: the regulation heads the sources
    announced = k.fact("cap.announced_2021")
    return [Reply("utter_cap", {
        "regulation_caps": regulation_caps,
        "regulation_yearly": k.fact("cap.regulation")["yearly"],
        "differ": fact_text(k, "cap.regulation", lang, "differ"),
        "announced": announced["value"], "first_year": announced["first_year"], "yearly": announced["yearly"],
        "yearly_from": announced["yearly_from"], "yearly_to": announced["yearly_to"],
        "announced_source": announced.source.name(turn.lang),
        "no_cap": fact_text(turn.knowledge, "program.no_cap", turn.lang),
    })]


def history(turn: Turn) -> list[Reply]:
    """When people could apply: the launch, the 2021 window (from the 2021 alert, named), the second period
    (from the 2022 page, its end date contested), the end."""
    lang, k = turn.lang, turn.knowledge
    t = timeline(k, cite=True)  # every date of it is given
    window = k.fact("timeline.first_intake")
    second = k.fact("timeline.second_intake")
    conditions = k.fact("alert_2021.conditions")
    return [Reply("utter_program_history", {
        "launch_date": format_date(t.launch, lang), "intake_start": format_date(t.first_intake[0], lang),
        "intake_end": format_date(t.first_intake[1], lang), "window_source": window.source.name(lang),
        "second_source": second.source.name(lang), "second_start": format_date(t.second_intake[0], lang),
        "second_end": format_date(t.second_intake[1], lang),
        "end_contested": fact_text(k, "timeline.second_intake", lang, "end_contested"),
        "conditions": texts(conditions.texts(), lang), "end_date": end_date(k, lang),
        "replacement": replacement(k, lang), "later_periods": not_known(k, "unknown.intake_windows_2023_2025", lang),
    })]


def processing_time(turn: Turn) -> list[Reply]:
    return [Reply("utter_processing_time_unknown", {
        "not_known": not_known(turn.knowledge, "unknown.processing_times", turn.lang),
        "contact_centre": contact_centre(turn.knowledge), "phones": phones_text(turn.knowledge, turn.lang)})]


def application_status(turn: Turn) -> list[Reply]:
    return [Reply("utter_application_status", {
        "file_messages": fact_text(turn.knowledge, "file_messages", turn.lang, "status"),
        "contact_centre": contact_centre(turn.knowledge), "phones": phones_text(turn.knowledge, turn.lang)})]
