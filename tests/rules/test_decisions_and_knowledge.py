from datetime import date

import pytest

from program.knowledge import STATABLE, knowledge
from program.rules.decisions import Decision, administrative_review, explain_decision


@pytest.mark.parametrize(
    "decision, cause, review",
    [
        (Decision.SELECTED, "no interview is required", False),
        (Decision.REFUSED, "not met all the conditions", True),
        (Decision.REJECTED, "did not show up for your interview", True),
    ],
)
def test_decisions(decision, cause, review):
    info = explain_decision(decision)
    assert any(cause in text("en") for text in info.causes)
    assert all(text("fr") and text("en") for text in info.causes + info.next_steps)
    assert info.review_possible is review


def test_administrative_review():
    review = administrative_review()
    assert review.available_after == (Decision.REFUSED, Decision.REJECTED)
    assert review.french_condition_excluded
    # medium confidence: stated only with its source named
    assert review.deadline_days == 90 and review.deadline_source.key == "admin_review_summary"


def test_every_fact_carries_a_source_url_and_an_as_of_date():
    facts = knowledge().all_facts()
    assert len(facts) > 40
    for fact in facts:
        assert fact.source.url_en.startswith(("https://", "http://")), fact.path
        assert isinstance(fact.as_of, date), fact.path
        assert fact.confidence in {"high", "medium", "low", "unknown"}, fact.path


def test_every_shown_wording_exists_in_both_languages():
    for fact in knowledge().all_facts():
        for key in ("items", "causes", "next_steps"):
            for item in fact.get(key) or []:
                if isinstance(item, dict) and ("fr" in item or "en" in item):
                    assert item.get("fr") and item.get("en"), fact.path


def test_unknowns_are_recorded_as_unknown_and_not_statable():
    k = knowledge()
    for path in ("unknown.processing_times", "unknown.it_vfx_occupation_list", "fees.main_application_fee",
                 "contact_centre.possible_closures"):
        assert not k.fact(path).statable, path


def test_every_source_has_a_url_and_date():
    for source in knowledge().sources.values():
        assert source.url_en.startswith("http") and source.as_of.year >= 2021


def test_loaded_once():
    assert knowledge() is knowledge()


def test_program_names_and_official_pages_in_both_languages():
    k = knowledge()
    name = k.fact("program.name").as_text()
    assert name("en").startswith("Permanent immigration pilot program")
    assert name("fr").startswith("Programme pilote d'immigration permanente")
    page = k.official_page()
    assert page.url("en").startswith("https://www.quebec.ca/en/")
    # No source gives the French page's address: French answers link the English page, saying so.
    assert page.url("fr") == page.url("en")
    assert not page.in_language("fr") and page.link_name("fr") == "Québec.ca, page officielle"


def test_cap_and_the_2021_disagreement():
    k = knowledge()
    announced = k.fact("cap.announced_2021")
    assert announced["value"] == 600 and announced["yearly"] == 550
    assert announced.confidence in STATABLE and announced.confidence != "high"
    assert announced.source.name("en").startswith("a 2021 alert")
    # neither source gives a per-stream split
    assert set(k.raw["cap"]) == {"announced_2021"}


def test_citing_records_the_sources_of_the_facts_read_in_order_without_unknowns():
    from program.knowledge import citing

    k = knowledge()
    with citing() as cited:
        k.fact("contact_centre.phones")
        k.fact("cap.announced_2021")  # medium: cited (it is named in the answer)
        k.fact("unknown.processing_times")  # unknown: never a source of what is said
        k.fact("contact_centre.hours")
        k.fact("contact_centre.holidays", cite=False)
    assert cited == ["official_page", "envoy_alert_2021"]


def test_an_item_with_its_own_source_is_cited_when_shown():
    from program.knowledge import citing

    with citing() as cited:
        knowledge().fact("values_attestation.exemptions").texts()
    assert cited == ["official_page", "values_regulation"]
    with citing() as cited:
        knowledge().fact("values_attestation.exemptions").item("objectif_integration")
    assert cited == ["official_page"]
