"""Adding or removing a family member, the mailing address, the consent declaration."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from actions.answers.fees import fee_quote_replies, kept_people, members_in
from actions.turn import Reply, Turn
from pilot_program.knowledge import Knowledge, Lang
from pilot_program.rules.family_changes import (
    Change,
    Channel,
    FileSituation,
    Member,
    Notice,
    Procedure,
    family_change_procedure,
)
from pilot_program.rules.fees import quote_fees
from pilot_program.rules.timeline import Phase, program_phase
from pilot_program.wording import (
    address_text,
    end_date,
    fact_text,
    join_words,
    phones_text,
    replacement,
    texts,
)

NOTICE_RESPONSES = {
    Notice.IRCC_LETTER: "utter_notice_ircc_letter",
    Notice.IRCC_LETTER_IF_OLD: "utter_notice_ircc_letter_if_old",
    Notice.CONSENT_DECLARATION: "utter_notice_consent",
    Notice.CONSENT_DECLARATION_IF_ONE_PARENT: "utter_notice_consent_if_one_parent",
    Notice.VALUES_ATTESTATION: "utter_notice_values",
    Notice.VALUES_ATTESTATION_IF_ADULT: "utter_notice_values_if_adult",
    Notice.COMPLETENESS: "utter_notice_completeness",
    Notice.NO_REFUND_ON_REMOVAL: "utter_notice_no_refund",
    Notice.DOCUMENT_FORMATS: "utter_notice_document_formats",
}


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def situation_from(turn: Turn, change: Change) -> FileSituation:
    member = turn.slot("family_member")
    age = turn.slot("member_age")
    other_parent = turn.slot("other_parent_comes")
    spouses, children, counted = members_in(turn)
    return FileSituation(
        change=change,
        member=Member(member) if member else None,
        has_application=False if turn.frame.details.never_applied else None,
        csq_obtained=turn.slot("csq_obtained"),
        csq_issued_on=_iso(turn.slot("csq_issue_date")),
        member_age=int(age) if age is not None else None,
        other_parent_comes=other_parent,
        spouses=spouses,
        children=children,
        uncounted_children=not counted,
    )


_VALUES_NOTICES = (Notice.VALUES_ATTESTATION, Notice.VALUES_ATTESTATION_IF_ADULT)


def _notice_values(k: Knowledge, notice: Notice, lang: Lang) -> dict:
    values = {
        "months": k.fact("family.ircc_letter")["months"],
        "minor_age": k.fact("family.consent_declaration")["minor_age"], **_consent(k, lang),
        "adult_age": k.fact("family.values_for_added_adults")["adult_age"],
        "days": k.fact("completeness")["days"],
        "include_letter": fact_text(k, "family.ircc_letter", lang, "include"),
        "letter_required_only_if": fact_text(k, "family.ircc_letter", lang, "required_only_if"),
        "attestation": fact_text(k, "values_attestation.request", lang, "name"),
        "formats": k.fact("family.document_formats").text(lang),
    }
    if notice is Notice.COMPLETENESS:
        values |= {part: fact_text(k, "completeness", lang, part) for part in ("if_missing", "otherwise_rejected")}
    if notice is Notice.NO_REFUND_ON_REMOVAL:
        values["no_refund"] = fact_text(k, "fees.non_refundable", lang, "on_removal")
    if notice in _VALUES_NOTICES:  # read only when shown: its by-regulation item cites the regulation
        values["exemptions"] = texts(k.fact("values_attestation.exemptions").texts(), lang)
    return values


def procedure_for(turn: Turn, change: Change) -> Procedure:
    """The procedure for the member named; "my wife and our 3 kids": what applies to a spouse and
    what applies to a child, together (documents and notices once each, completeness last)."""
    situation = situation_from(turn, change)
    spouses, children, _ = members_in(turn)
    if not (change is Change.ADD and spouses and children):
        return family_change_procedure(turn.knowledge, turn.now, situation)
    spouse = situation.member if situation.member in (Member.SPOUSE, Member.DE_FACTO_SPOUSE) else Member.SPOUSE
    both = [family_change_procedure(turn.knowledge, turn.now, replace(situation, member=member))
            for member in (spouse, Member.CHILD)]
    if not all(p.possible and not p.missing for p in both):
        return both[0]
    notices = list(dict.fromkeys(n for p in both for n in p.notices))
    if Notice.VALUES_ATTESTATION in notices:  # "the person added, if 18 or over" covers the child too
        notices = [n for n in notices if n is not Notice.VALUES_ATTESTATION_IF_ADULT]
    if Notice.COMPLETENESS in notices:
        notices = [n for n in notices if n is not Notice.COMPLETENESS] + [Notice.COMPLETENESS]
    documents = tuple(dict.fromkeys(d for p in both for d in p.documents))
    return replace(both[1], documents=documents, notices=tuple(notices))


def family_change(turn: Turn, change: Change) -> list[Reply]:
    lang = turn.lang
    procedure = procedure_for(turn, change)
    if not procedure.possible:
        return [Reply("utter_no_application_after_closure",
                      {"end_date": end_date(turn.knowledge, lang), "replacement": replacement(turn.knowledge, lang),
                       "no_new_application": fact_text(turn.knowledge, "program.closure", lang, "no_new_application")})]
    members = join_words(turn.knowledge.fact("family.members").items(lang), lang)
    if _only_other_relatives(turn, procedure.situation.member):
        return [Reply("utter_who_can_be_added", {"members": members})]  # "my mother": no procedure, no question
    applies_to = _applies_to(turn)
    if procedure.missing:  # only whether the CSQ was received: what is known now, then one question, with buttons
        who = [] if procedure.situation.member else [Reply("utter_who_can_be_added", {"members": members})]
        return [*applies_to, *who, *_fees_known_now(turn, change), Reply("utter_ask_csq_obtained")]
    documents = texts(procedure.documents, lang)
    if procedure.channel is Channel.PHONE_THEN_MAIL:
        phones = phones_text(turn.knowledge, lang, turn.slot("caller_location"))
        steps = {part: fact_text(turn.knowledge, "family.after_csq_steps", lang, part)
                 for part in ("call_first", "then_mail")}
        replies = [Reply("utter_family_after_csq", {"phones": phones, **steps,
                                                    "documents": documents, "address": address_text(turn.knowledge)})]
    else:
        response, channel = (("utter_family_add_arrima", "add_before_csq") if change is Change.ADD
                             else ("utter_family_remove_arrima", "remove_before_csq"))
        replies = [Reply(response, {"documents": documents, "portal": turn.knowledge.fact("program.portal")["value"],
                                    "channel": fact_text(turn.knowledge, "family.channel", lang, channel)})]
    replies += applies_to  # right after the procedure: whose application it is for
    replies += [Reply(NOTICE_RESPONSES[notice], _notice_values(turn.knowledge, notice, lang))
                for notice in procedure.notices if notice in NOTICE_RESPONSES]
    if procedure.fees is not None:
        replies += fee_quote_replies(turn, procedure.fees) + kept_people(turn)
    if procedure.situation.member is None:
        replies.insert(0, Reply("utter_who_can_be_added", {"members": members}))
    return replies


def _fees_known_now(turn: Turn, change: Change) -> list[Reply]:
    """The review fees for the people named, which do not depend on the CSQ: said before asking about it."""
    spouses, children, counted = members_in(turn)
    if change is not Change.ADD or not counted or not (spouses or children):
        return []
    return fee_quote_replies(turn, quote_fees(turn.knowledge, turn.now, spouses=spouses, children=children))


def _applies_to(turn: Turn) -> list[Reply]:
    """Once the program has ended: the steps are for an application submitted before its end, or already selected."""
    if program_phase(turn.knowledge, turn.now).phase is not Phase.CLOSED:
        return []
    applies_to = fact_text(turn.knowledge, "program.closure", turn.lang, "changes_apply_to")
    return [Reply("utter_family_applies_to", {"end_date": end_date(turn.knowledge, turn.lang),
                                              "changes_apply_to": applies_to})]


def _only_other_relatives(turn: Turn, member: Member | None) -> bool:
    """Names a relative an application cannot include ("ma mère"), and no family member ("son père" of a
    daughter to add is not the one added)."""
    people = turn.frame.people
    return member is None and people.relative and not (people.any or people.already_in or people.excluded)


def add_member(turn: Turn) -> list[Reply]:
    return family_change(turn, Change.ADD)


def remove_member(turn: Turn) -> list[Reply]:
    return family_change(turn, Change.REMOVE)


def mailing_address(turn: Turn) -> list[Reply]:
    k = turn.knowledge
    return [Reply("utter_mailing_address", {
        "after_csq": fact_text(k, "family.channel", turn.lang, "after_csq_mail"), "address": address_text(k),
        "before_csq": fact_text(k, "family.channel", turn.lang, "before_csq")})]


def _consent(k: Knowledge, lang: Lang) -> dict[str, str]:
    """When the other parent's declaration of consent is required, in the parts of the sentences that say it."""
    parts = {"one_parent": "one_parent", "only_one_parent": "only_one_parent", "consent_mandatory": "mandatory",
             "consent_required_only_if": "required_only_if"}
    return {name: fact_text(k, "family.consent_declaration", lang, part) for name, part in parts.items()}


def consent_declaration(turn: Turn) -> list[Reply]:
    fact = turn.knowledge.fact("family.consent_declaration")
    return [Reply("utter_consent_declaration", {"minor_age": fact["minor_age"], "declaration": fact.text(turn.lang),
                                                **_consent(turn.knowledge, turn.lang)})]
