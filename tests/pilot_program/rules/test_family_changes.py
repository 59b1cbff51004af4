from datetime import date

import pytest

from pilot_program.rules.family_changes import (
    Change,
    Channel,
    FileSituation,
    Member,
    Notice,
    csq_older_than_limit,
    family_change_procedure,
)
from tests.pilot_program.rules.conftest import K, at

# The fixture: the program ended 2025-07-01; IRCC letter past 18 months; minors under 17, adults 17
# and over; 2026 fees spouse 310, child 95.
NOW = at(2026, 11, 22)


def proc(now=NOW, **kw):
    return family_change_procedure(K, now, FileSituation(**kw))


def doc_texts(procedure):
    return " | ".join(text("en") for text in procedure.documents)


@pytest.mark.parametrize(
    "change, member, csq, channel, must_have, must_not",
    [
        (Change.ADD, Member.SPOUSE, False, Channel.ARRIMA, ["form X-100", "asking to add"], ["original certificates", "fee payment"]),
        (Change.ADD, Member.SPOUSE, True, Channel.PHONE_THEN_MAIL, ["original certificates", "form X-100", "fee payment"], []),
        (Change.ADD, Member.DE_FACTO_SPOUSE, False, Channel.ARRIMA, ["asking to add"], ["original certificates"]),
        (Change.ADD, Member.CHILD, True, Channel.PHONE_THEN_MAIL, ["original certificates", "signed consent"], []),
        (Change.REMOVE, Member.SPOUSE, False, Channel.ARRIMA, ["head count", "asking to remove"], ["original certificates", "X-100", "fee payment"]),
        (Change.REMOVE, Member.CHILD, True, Channel.PHONE_THEN_MAIL, ["asking to remove", "original certificates"], ["signed consent", "head count", "fee payment"]),
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
    assert added.fees.total == 310 and added.fees.is_current
    assert added.notices[0] is Notice.DOCUMENT_FORMATS and added.notices[-1] is Notice.COMPLETENESS
    removed = proc(change=Change.REMOVE, member=Member.SPOUSE, csq_obtained=False)
    assert removed.fees is None and Notice.NO_REFUND_ON_REMOVAL in removed.notices


@pytest.mark.parametrize(
    "kw, lines, total",
    [
        ({"member": Member.SPOUSE}, [("spouse", 1)], 310),
        ({"member": Member.DE_FACTO_SPOUSE}, [("spouse", 1)], 310),
        ({"member": Member.CHILD}, [("child", 1)], 95),
        # everyone counted in the message: the quote is for all of them (computed once, here)
        ({"member": Member.CHILD, "spouses": 1, "children": 3}, [("spouse", 1), ("child", 3)], 595),
        ({"member": Member.CHILD, "children": 2}, [("child", 2)], 190),
        # "a couple of kids" (not counted) or nobody named: the rates, no lines
        ({"member": Member.CHILD, "uncounted_children": True}, [], 0),
        ({}, [], 0),
    ],
)
def test_the_fees_quoted_are_for_the_people_added(kw, lines, total):
    fees = proc(change=Change.ADD, csq_obtained=False, **kw).fees
    assert [(line.member, line.count) for line in fees.lines] == lines
    assert fees.total == total and (fees.spouse_unit, fees.child_unit) == (310, 95)


@pytest.mark.parametrize(
    "issued, letter, age",
    [
        (date(2025, 5, 22), False, 18),  # exactly 18 months ago
        (date(2025, 5, 21), True, 18),  # 18 months and one day ago
        (date(2026, 1, 1), False, 10),
        (date(2020, 1, 1), True, 82),
    ],
)
def test_ircc_letter_past_the_months_limit(issued, letter, age):
    procedure = proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=True, csq_issued_on=issued)
    assert (Notice.IRCC_LETTER in procedure.notices) is letter
    assert ("federal letter" in doc_texts(procedure)) is letter
    assert procedure.csq_age_months == age
    assert csq_older_than_limit(K, issued, NOW.date()) is letter


def test_unknown_csq_date_gives_the_conditional_letter_notice():
    procedure = proc(change=Change.ADD, member=Member.CHILD, csq_obtained=True)
    assert Notice.IRCC_LETTER_IF_OLD in procedure.notices and "federal letter" in doc_texts(procedure)
    assert procedure.csq_age_months is None


@pytest.mark.parametrize(
    "age, other_parent, notice",
    [
        (10, False, Notice.CONSENT_DECLARATION),
        (16, False, Notice.CONSENT_DECLARATION),
        (10, True, None),
        (17, False, None),
        (None, None, Notice.CONSENT_DECLARATION_IF_ONE_PARENT),
        (5, None, Notice.CONSENT_DECLARATION_IF_ONE_PARENT),
    ],
)
def test_consent_declaration_for_a_minor_with_one_parent(age, other_parent, notice):
    procedure = proc(change=Change.ADD, member=Member.CHILD, csq_obtained=False, member_age=age, other_parent_comes=other_parent)
    consent = {Notice.CONSENT_DECLARATION, Notice.CONSENT_DECLARATION_IF_ONE_PARENT} & set(procedure.notices)
    assert consent == ({notice} if notice else set())
    assert ("signed consent" in doc_texts(procedure)) is (notice is not None)


@pytest.mark.parametrize(
    "member, age, notice",
    [
        (Member.SPOUSE, None, Notice.VALUES_ATTESTATION),
        (Member.CHILD, 17, Notice.VALUES_ATTESTATION),
        (Member.CHILD, 16, None),
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
        {"submitted_on": date(2025, 8, 1)},
        {"submitted_on": date(2025, 7, 1)},  # the end date itself is too late
    ],
)
def test_no_application_before_the_closure_means_no_change_possible(kw):
    procedure = proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=False, **kw)
    assert not procedure.possible and procedure.notices == (Notice.NO_APPLICATION,)


def test_file_submitted_before_closure_is_still_handled():
    assert proc(change=Change.ADD, member=Member.SPOUSE, csq_obtained=False, submitted_on=date(2025, 6, 30)).possible


def test_before_the_end_a_change_is_still_possible_without_a_file():
    procedure = proc(now=at(2025, 3, 1), change=Change.ADD, member=Member.SPOUSE, csq_obtained=False, has_application=False)
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


@pytest.mark.parametrize("now, known_year", [(at(2027, 1, 5), 2026), (at(2025, 3, 1), 2024)])
def test_adding_fee_after_indexation_is_marked_stale(now, known_year):
    procedure = family_change_procedure(K, now, FileSituation(Change.ADD, Member.CHILD, csq_obtained=False))
    assert not procedure.fees.is_current and procedure.fees.known_year == known_year


def test_nobody_named_gives_the_procedure_with_conditions_and_the_rates():
    p = proc(change=Change.ADD, csq_obtained=False)
    assert p.possible and p.missing == ()
    assert Notice.CONSENT_DECLARATION_IF_ONE_PARENT in p.notices and Notice.VALUES_ATTESTATION_IF_ADULT in p.notices
    assert p.fees is not None and p.fees.lines == ()
