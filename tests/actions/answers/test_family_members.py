"""Adding a spouse and children at once: what applies to each, said once, and the fees for everyone."""
import pytest

from tests.actions.conftest import make_tracker, responses_sent, sent
from tests.actions.test_action_answer import run
from tests.program_values import dollars, fee

FAMILY = {"family_member": "spouse", "includes_spouse": True, "children_mentioned": True, "children_count": 3}


@pytest.mark.parametrize("lang, csq, first", [
    ("en", True, "utter_family_after_csq"),
    ("fr", False, "utter_family_add_arrima"),
])
def test_wife_and_three_kids_get_the_spouse_and_the_child_conditions(lang, csq, first):
    tracker = make_tracker("how do I add my wife and our 3 kids?", "add_family_member",
                           slots={"language": lang, "csq_obtained": csq, **FAMILY})
    dispatcher, _ = run(tracker)
    names = responses_sent(dispatcher)
    assert names[0] == first
    assert "utter_notice_consent_if_one_parent" in names  # for the children
    assert "utter_notice_values" in names and "utter_notice_values_if_adult" not in names  # one values notice
    notices = [n for n in names if n.startswith("utter_notice_")]
    assert len(notices) == len(set(notices)) and notices[-1] == "utter_notice_completeness"
    quote = sent(dispatcher, "utter_fee_quote")
    assert "3 ×" in quote["lines"] and quote["total"] == dollars(fee(spouse=True, children=3), lang)


def test_one_spouse_alone_gets_no_child_condition():
    tracker = make_tracker("how do I add my wife?", "add_family_member",
                           slots={"language": "en", "csq_obtained": False, "family_member": "spouse", "includes_spouse": True})
    names = responses_sent(run(tracker)[0])
    assert "utter_notice_consent_if_one_parent" not in names and "utter_notice_values" in names


def test_documents_are_listed_once():
    tracker = make_tracker("add my husband and our son", "add_family_member",
                           slots={"language": "en", "csq_obtained": True, "family_member": "spouse", "includes_spouse": True,
                                  "children_mentioned": True, "children_count": 1})
    documents = sent(run(tracker)[0], "utter_family_after_csq")["documents"].splitlines()
    assert documents and len(documents) == len(set(documents))
