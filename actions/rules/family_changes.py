"""What applies to a file when a family member is added or removed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from dateutil.relativedelta import relativedelta

from .clock import montreal_today
from .fees import FeeQuote, quote_fees
from .knowledge import Text, knowledge
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


def csq_older_than_limit(issued_on: date, today: date) -> bool:
    """True when the CSQ was issued *more than* 24 months before today (exactly 24 is not)."""
    months = int(knowledge().fact("family.ircc_letter")["months"])
    return issued_on + relativedelta(months=months) < today


def family_change_procedure(now: datetime, situation: FileSituation) -> Procedure:
    k = knowledge()
    today = montreal_today(now)
    phase = program_phase(now)
    end = phase.timeline.end

    no_file = situation.has_application is False or (
        situation.submitted_on is not None and situation.submitted_on >= end
    )
    if no_file and today >= end:
        return Procedure(situation, False, None, (), notices=(Notice.NO_APPLICATION,))

    # Before or after the CSQ are two different procedures: the one thing worth asking. Everything
    # else (who, their age, the CSQ's age) only adds conditions to the answer.
    if situation.csq_obtained is None:
        return Procedure(situation, True, None, ("csq_obtained",))

    adding = situation.change is Change.ADD
    channel = Channel.PHONE_THEN_MAIL if situation.csq_obtained else Channel.ARRIMA
    listed = k.fact("family.add_before_csq_documents" if adding else "family.remove_before_csq_documents")
    # after the CSQ the same documents are mailed, without the steps done in Arrima itself
    documents = [Text.of(item) for item in listed["items"] if not (situation.csq_obtained and item.get("arrima_only"))]
    notices: list[Notice] = []
    csq_age = None

    if adding and situation.member in (Member.CHILD, None):
        minor_age = int(k.fact("family.consent_declaration")["minor_age"])
        minor = None if situation.member_age is None else situation.member_age < minor_age
        if minor is not False and situation.other_parent_comes is not True:
            exact = minor is True and situation.other_parent_comes is False
            notices.append(Notice.CONSENT_DECLARATION if exact else Notice.CONSENT_DECLARATION_IF_ONE_PARENT)
            documents.append(k.fact("family.consent_declaration").as_text())

    if situation.csq_obtained:
        documents.extend(k.fact("family.after_csq_extra_documents").texts())
        if situation.csq_issued_on is None:
            notices.append(Notice.IRCC_LETTER_IF_OLD)
        else:
            delta = relativedelta(today, situation.csq_issued_on)
            csq_age = delta.years * 12 + delta.months
            if csq_older_than_limit(situation.csq_issued_on, today):
                notices.append(Notice.IRCC_LETTER)
        if Notice.IRCC_LETTER in notices or Notice.IRCC_LETTER_IF_OLD in notices:
            documents.append(k.fact("family.ircc_letter").as_text())
        if adding:  # the payment goes in the mail too
            documents.append(k.fact("family.after_csq_payment").as_text())

    fees = None
    if adding:
        notices.insert(0, Notice.DOCUMENT_FORMATS)
        adult_age = int(k.fact("family.values_for_added_adults")["adult_age"])
        if situation.member in (Member.SPOUSE, Member.DE_FACTO_SPOUSE) or (
            situation.member_age is not None and situation.member_age >= adult_age
        ):
            notices.append(Notice.VALUES_ATTESTATION)
        elif situation.member_age is None:
            notices.append(Notice.VALUES_ATTESTATION_IF_ADULT)
        notices.append(Notice.COMPLETENESS)
        is_child = situation.member is Member.CHILD
        spouses = 1 if situation.member in (Member.SPOUSE, Member.DE_FACTO_SPOUSE) else 0
        fees = quote_fees(now, spouses=spouses, children=1 if is_child else 0)
    else:
        notices.append(Notice.NO_REFUND_ON_REMOVAL)

    return Procedure(
        situation, True, channel, (), tuple(documents), tuple(notices), fees, csq_age,
    )
