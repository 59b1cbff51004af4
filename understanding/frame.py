"""A message as a typed frame: what it asks, who it is about, its dates, and its other details.

``read_message`` is the one place a message is read; the answers read the frame (and the conversation's
state), never the text. See README.md, "How a message becomes a frame".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pilot_program.knowledge import Knowledge
from understanding.dates import DateReading, Role, read_dates
from understanding.details import Details, read_details
from understanding.moments import AskedMoment, asked_moment
from understanding.people import People, read_people
from understanding.periods import Period, period_from
from understanding.questions import Question, questions_asked


@dataclass(frozen=True)
class Message:
    """What the NLU gives the action server of a message (its parse data, without Rasa's types)."""
    text: str
    lang: str  # the language to read it in (the conversation's)
    intent: str | None = None
    confidence: float = 0.0
    entities: tuple[Mapping[str, Any], ...] = ()
    clauses: tuple[Mapping[str, Any], ...] = ()  # the classifier's clauses (understanding/questions.py)


@dataclass(frozen=True)
class Frame:
    text: str
    lang: str
    questions: tuple[Question, ...] = ()
    people: People = field(default_factory=People)
    dates: DateReading = field(default_factory=lambda: DateReading("", (), (), ()))
    details: Details = field(default_factory=Details)
    moment: AskedMoment = field(default_factory=AskedMoment)  # the day and time asked about (hours)
    when: Period | None = None  # when something the message tells happened (a CSQ issued "last spring")

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(q.intent for q in self.questions)

    def date_of(self, *roles: Role) -> date | None:
        """The first date written with one of ``roles``, read as behind us (a request, a CSQ)."""
        mention = self.dates.first(*roles)
        return mention.past if mention else None


def read_message(message: Message, now: datetime, knowledge: Knowledge,
                 answerable: Iterable[str] = ()) -> Frame:
    """The frame of ``message``, read in its language on Montréal's ``now``; ``answerable``: the intents
    a clause may ask on its own (the program's topics)."""
    text = message.text or ""
    today = now.date()
    dates = read_dates(text, message.lang, today)
    return Frame(
        text=text,
        lang=message.lang,
        questions=questions_asked(text, message.intent, message.confidence, message.clauses, frozenset(answerable)),
        people=read_people(text, message.entities, message.lang),
        dates=dates,
        details=read_details(text, message.entities),
        moment=asked_moment(text, dates, today, knowledge),
        when=period_from(dates, today, (Role.CSQ_ISSUED, Role.UNKNOWN)),
    )
