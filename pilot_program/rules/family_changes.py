"""What applies to a file when a family member is added or removed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from dateutil.relativedelta import relativedelta

from ..knowledge import Knowledge, Text
from .clock import montreal_today
from .fees import FeeQuote, quote_fees
from .timeline import program_phase


class Change(str, Enum):
    ADD = "add"
    REMOVE = "remove"


class Member(str, Enum):
    SPOUSE = "spouse"
    DE_FACTO_SPOUSE = "de_facto_spouse"
    CHILD = "child"


class Channel(str, Enum):
    ARRIMA = "arrima"  # before the CSQ: everything is submitted in Arrima
    PHONE_THEN_MAIL = "phone_then_mail"  # after the CSQ: call the line, then mail


class Notice(str, Enum):
    NO_APPLICATION = "no_application"  # nothing submitted before the closure: cannot apply now
    IRCC_LETTER = "ircc_letter"  # CSQ issued more than 24 months ago
    IRCC_LETTER_IF_OLD = "ircc_letter_if_old"  # CSQ date not known
    CONSENT_DECLARATION = "consent_declaration"  # minor child, only one parent comes
    CONSENT_DECLARATION_IF_ONE_PARENT = "consent_declaration_if_one_parent"
    VALUES_ATTESTATION = "values_attestation"  # added person 18 or over: 60 days
    VALUES_ATTESTATION_IF_ADULT = "values_attestation_if_adult"
    NO_REFUND_ON_REMOVAL = "no_refund_on_removal"
    DOCUMENT_FORMATS = "document_formats"  # the added person's documents: in the formats of Part 2 of the form
    COMPLETENESS = "completeness"  # missing items: 60 days or rejected


@dataclass(frozen=True)
class FileSituation:
    change: Change
    member: Member | None = None
    has_application: bool | None = None  # None: not said (assumed submitted, the answer says so)
    submitted_on: date | None = None
    csq_obtained: bool | None = None
    csq_issued_on: date | None = None
    member_age: int | None = None
    other_parent_comes: bool | None = None
    # everyone being added when the message counts them ("my wife and our 3 kids"): the fees quoted
    spouses: int = 0
    children: int = 0
    uncounted_children: bool = False  # "a couple of kids": the rates only, the answer asks how many


@dataclass(frozen=True)
class Procedure:
    situation: FileSituation
    possible: bool
    channel: Channel | None
    missing: tuple[str, ...]  # what the rules still need to know
    documents: tuple[Text, ...] = ()
    notices: tuple[Notice, ...] = ()
    fees: FeeQuote | None = None
    csq_age_months: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


def csq_older_than_limit(k: Knowledge, issued_on: date, today: date) -> bool:
    """True when the CSQ was issued *more than* 24 months before today (exactly 24 is not)."""
    months = int(k.fact("family.ircc_letter")["months"])
    return issued_on + relativedelta(months=months) < today


def family_change_procedure(k: Knowledge, now: datetime, situation: FileSituation) -> Procedure:
    today = montreal_today(now)
    end = program_phase(k, now).timeline.end
    if _has_no_file(situation, end) and today >= end:
        return Procedure(situation, False, None, (), notices=(Notice.NO_APPLICATION,))

    # Before or after the CSQ are two different procedures: the one thing worth asking. Everything
    # else (who, their age, the CSQ's age) only adds conditions to the answer.
    if situation.csq_obtained is None:
        return Procedure(situation, True, None, ("csq_obtained",))

    adding = situation.change is Change.ADD
    channel = Channel.PHONE_THEN_MAIL if situation.csq_obtained else Channel.ARRIMA
    documents = _listed_documents(k, situation, adding)
    notices: list[Notice] = []
    if adding and situation.member in (Member.CHILD, None):
        consent_notices, consent_documents = _consent(k, situation)
        notices += consent_notices
        documents += consent_documents
    csq_age = None
    if situation.csq_obtained:
        csq_age, csq_notices, csq_documents = _after_csq(k, situation, today, adding)
        notices += csq_notices
        documents += csq_documents

    fees = None
    if adding:
        notices = [Notice.DOCUMENT_FORMATS, *notices, *_adding_notices(k, situation)]
        spouses, children = _quoted_people(situation)
        fees = quote_fees(k, now, spouses=spouses, children=children)
    else:
        notices.append(Notice.NO_REFUND_ON_REMOVAL)

    return Procedure(
        situation, True, channel, (), tuple(documents), tuple(notices), fees, csq_age,
    )


def _has_no_file(situation: FileSituation, end: date) -> bool:
    """No application, or one submitted only once the program had ended."""
    return situation.has_application is False or (
        situation.submitted_on is not None and situation.submitted_on >= end
    )


def _quoted_people(situation: FileSituation) -> tuple[int, int]:
    """(spouses, children) the fees are quoted for: everyone counted, else the member named; nobody
    (the rates) when no one is named or the children were not counted."""
    if situation.member is None or situation.uncounted_children:
        return 0, 0
    if situation.spouses or situation.children:
        return situation.spouses, situation.children
    return (0, 1) if situation.member is Member.CHILD else (1, 0)


def _listed_documents(k: Knowledge, situation: FileSituation, adding: bool) -> list[Text]:
    """The documents listed for the change; after the CSQ, without the steps done in Arrima itself."""
    listed = k.fact("family.add_before_csq_documents" if adding else "family.remove_before_csq_documents")
    return [Text.of(item) for item in listed["items"] if not (situation.csq_obtained and item.get("arrima_only"))]


def _consent(k: Knowledge, situation: FileSituation) -> tuple[list[Notice], list[Text]]:
    """The other parent's consent for a child who may be a minor, unless that parent comes too."""
    fact = k.fact("family.consent_declaration")
    minor = None if situation.member_age is None else situation.member_age < int(fact["minor_age"])
    if minor is False or situation.other_parent_comes is True:
        return [], []
    exact = minor is True and situation.other_parent_comes is False
    return [Notice.CONSENT_DECLARATION if exact else Notice.CONSENT_DECLARATION_IF_ONE_PARENT], [fact.as_text()]


def _after_csq(k: Knowledge, situation: FileSituation, today: date,
               adding: bool) -> tuple[int | None, list[Notice], list[Text]]:
    """Once the CSQ is issued: its age in months, the IRCC letter if it is old, the mailed extras."""
    documents = list(k.fact("family.after_csq_extra_documents").texts())
    notices: list[Notice] = []
    csq_age = None
    if situation.csq_issued_on is None:
        notices.append(Notice.IRCC_LETTER_IF_OLD)
    else:
        delta = relativedelta(today, situation.csq_issued_on)
        csq_age = delta.years * 12 + delta.months
        if csq_older_than_limit(k, situation.csq_issued_on, today):
            notices.append(Notice.IRCC_LETTER)
    if notices:
        documents.append(k.fact("family.ircc_letter").as_text())
    if adding:  # the payment goes in the mail too
        documents.append(k.fact("family.after_csq_payment").as_text())
    return csq_age, notices, documents


def _adding_notices(k: Knowledge, situation: FileSituation) -> list[Notice]:
    """The values attestation for an adult (or someone who may be one), then the completeness check."""
    adult_age = int(k.fact("family.values_for_added_adults")["adult_age"])
    notices = []
    if situation.member in (Member.SPOUSE, Member.DE_FACTO_SPOUSE) or (
        situation.member_age is not None and situation.member_age >= adult_age
    ):
        notices.append(Notice.VALUES_ATTESTATION)
    elif situation.member_age is None:
        notices.append(Notice.VALUES_ATTESTATION_IF_ADULT)
    notices.append(Notice.COMPLETENESS)
    return notices
