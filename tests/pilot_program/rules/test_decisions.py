import pytest

from pilot_program.knowledge import citing
from pilot_program.rules.decisions import Decision, administrative_review, explain_decision
from tests.pilot_program.rules.conftest import K


@pytest.mark.parametrize(
    "decision, causes, steps, review",
    [
        (Decision.SELECTED, ["every condition is met"], ["the certificate is mailed"], False),
        (Decision.REFUSED, ["a condition is not met", "nothing was sent"], ["a notice comes first"], True),
        (Decision.REJECTED, ["a document was forged"], ["a notice comes first, with its reasons"], True),
    ],
)
def test_decisions(decision, causes, steps, review):
    info = explain_decision(K, decision)
    assert info.decision is decision
    assert [text("en") for text in info.causes] == causes
    assert [text("en") for text in info.next_steps] == steps
    assert all(text("fr") and text("fr") != text("en") for text in info.causes + info.next_steps)
    assert info.review_possible is review


def test_a_decision_cites_its_source():
    with citing() as cited:
        explain_decision(K, Decision.REFUSED)
    assert cited == ["official_page"]


def test_administrative_review():
    review = administrative_review(K)
    assert review.available_after == (Decision.REFUSED, Decision.REJECTED)
    assert review.french_condition_excluded
    # medium confidence: stated only with its source named
    assert review.deadline_days == 45 and review.deadline_source.key == "review_digest"


@pytest.mark.parametrize(
    "confidence, days, named",
    [("high", 45, True), ("medium", 45, True), ("low", None, False), ("unknown", None, False)],
)
def test_review_deadline_is_said_only_when_statable(confidence, days, named):
    from pilot_program.knowledge import Knowledge

    raw = {**K.raw, "administrative_review": {
        **K.raw["administrative_review"],
        "deadline_days": {**K.raw["administrative_review"]["deadline_days"], "confidence": confidence}}}
    review = administrative_review(Knowledge(raw))
    assert review.deadline_days == days and (review.deadline_source is not None) is named
