from datetime import date

import pytest

from program.rules.family_changes import (
    Change,
    Channel,
    FileSituation,
    Member,
    Notice,
    family_change_procedure,
)
from tests.rules.conftest import at

NOW = at(2026, 11, 22)


def proc(**kw):
    return family_change_procedure(NOW, FileSituation(**kw))


def doc_texts(procedure):
    return " | ".join(text("en") for text in procedure.documents)


@pytest.mark.parametrize(
    "change, member, csq, channel, must_have, must_not",
    [
        (Change.ADD, Member.SPOUSE, False, Channel.ARRIMA, ["A-0524-AF", "letter signed by you asking to add"], ["original CSQ"]),
        (Change.ADD, Member.SPOUSE, True, Channel.PHONE_THEN_MAIL, ["original CSQ", "A-0524-AF"], []),
        (Change.ADD, Member.DE_FACTO_SPOUSE, False, Channel.ARRIMA, ["financial autonomy"], ["original CSQ"]),
        (Change.ADD, Member.CHILD, True, Channel.PHONE_THEN_MAIL, ["original CSQ", "Declaration of Consent"], []),
        (Change.REMOVE, Member.SPOUSE, False, Channel.ARRIMA, ["number of people", "asking to remove"], ["original CSQ", "A-0524-AF"]),
        (Change.REMOVE, Member.CHILD, True, Channel.PHONE_THEN_MAIL, ["asking to remove", "original CSQ"], ["Declaration of Consent"]),
    ],
)
def test_each_path_before_and_after_the_csq(change, member, csq, channel, must_have, must_not):
    procedure = proc(change=change, member=member, csq_obtained=csq, csq_issued_on=date(2026, 1, 15) if csq else None)
    assert procedure.possible and procedure.channel is channel and procedure.missing == ()
    docs = doc_texts(procedure)
    for text in must_have:
        assert text in docs
    for text in must_not:
        assert text not in docs


def test_adding_costs_the_fee_and_removing_is_never_refunded():
    added = proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=False)
    assert added.fees.total == 201 and Notice.COMPLETENESS in added.notices
    removed = proc(change=Change.REMOVE, member=Member.SPOUSE, csq_obtained=False)
    assert removed.fees is None and Notice.NO_REFUND_ON_REMOVAL in removed.notices


@pytest.mark.parametrize(
    "issued, letter",
    [
        (date(2024, 11, 22), False),  # exactly 24 months ago
        (date(2024, 11, 21), True),  # 24 months and one day ago
        (date(2025, 6, 1), False),
        (date(2020, 1, 1), True),
    ],
)
def test_ircc_letter_past_24_months(issued, letter):
    procedure = proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=True, csq_issued_on=issued)
    assert (Notice.IRCC_LETTER in procedure.notices) is letter
    assert ("IRCC" in doc_texts(procedure)) is letter


def test_unknown_csq_date_gives_the_conditional_letter_notice():
    procedure = proc(change=Change.ADD, member=Member.CHILD, csq_obtained=True)
    assert Notice.IRCC_LETTER_IF_OLD in procedure.notices


@pytest.mark.parametrize(
    "age, other_parent, notice",
    [
        (10, False, Notice.CONSENT_DECLARATION),
        (10, True, None),
        (19, False, None),
        (None, None, Notice.CONSENT_DECLARATION_IF_ONE_PARENT),
        (5, None, Notice.CONSENT_DECLARATION_IF_ONE_PARENT),
    ],
)
def test_consent_declaration_for_a_minor_with_one_parent(age, other_parent, notice):
    procedure = proc(change=Change.ADD, member=Member.CHILD, csq_obtained=False, member_age=age, other_parent_comes=other_parent)
    consent = {Notice.CONSENT_DECLARATION, Notice.CONSENT_DECLARATION_IF_ONE_PARENT} & set(procedure.notices)
    assert consent == ({notice} if notice else set())


@pytest.mark.parametrize(
    "member, age, notice",
    [
        (Member.SPOUSE, None, Notice.VALUES_ATTESTATION),
        (Member.CHILD, 19, Notice.VALUES_ATTESTATION),
        (Member.CHILD, 12, None),
        (Member.CHILD, None, Notice.VALUES_ATTESTATION_IF_ADULT),
    ],
)
def test_values_attestation_for_added_adults(member, age, notice):
    procedure = proc(change=Change.ADD, member=member, csq_obtained=False, member_age=age)
    values = {Notice.VALUES_ATTESTATION, Notice.VALUES_ATTESTATION_IF_ADULT} & set(procedure.notices)
    assert values == ({notice} if notice else set())


@pytest.mark.parametrize(
    "kw",
    [
        {"has_application": False},
        {"submitted_on": date(2026, 2, 1)},
    ],
)
def test_no_application_before_the_closure_means_no_change_possible(kw):
    procedure = proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=False, **kw)
    assert not procedure.possible and procedure.notices == (Notice.NO_APPLICATION,)


def test_file_submitted_before_closure_is_still_handled():
    procedure = proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=False, submitted_on=date(2025, 12, 15))
    assert procedure.possible


@pytest.mark.parametrize(
    "kw, missing",
    [
        # only the CSQ changes the procedure; who is added only adds conditions to the answer
        ({}, ("csq_obtained",)),
        ({"member": Member.CHILD}, ("csq_obtained",)),
        ({"csq_obtained": True}, ()),
    ],
)
def test_what_is_still_needed(kw, missing):
    assert proc(change=Change.ADD, **kw).missing == missing


def test_adding_fee_after_indexation_is_marked_stale():
    procedure = family_change_procedure(at(2027, 1, 5), FileSituation(Change.ADD, Member.CHILD, csq_obtained=False))
    assert not procedure.fees.is_current and procedure.fees.known_year == 2026


def test_nobody_named_gives_the_procedure_with_conditions_and_the_rates():
    p = proc(change=Change.ADD, csq_obtained=False)
    assert p.possible and p.missing == ()
    assert Notice.CONSENT_DECLARATION_IF_ONE_PARENT in p.notices and Notice.VALUES_ATTESTATION_IF_ADULT in p.notices
    assert p.fees is not None and p.fees.lines == ()
