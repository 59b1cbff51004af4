"""The program's own knowledge file (program/facts/program.yml): it loads, passes every check, and
holds every fact the code reads (program/schema.py), worded in French and English where shown."""
from datetime import date

import pytest

from program.knowledge import KNOWLEDGE_FILE, STATABLE, knowledge, load_knowledge
from program.schema import FACTS, complete, validate

REAL = load_knowledge(KNOWLEDGE_FILE)


@pytest.fixture(autouse=True)
def no_program_file():
    """Here the program's file is the subject (the rule tests' guard is lifted)."""


def test_the_real_file_loads_validates_and_is_complete():
    assert validate(REAL.raw) == []
    assert complete(REAL.raw) == []
    for path, shape in FACTS.items():
        facts = REAL.facts(path) if shape.many else [REAL.fact(path, cite=False)]
        assert facts, path
        if shape.worded:
            assert all(fact.text("fr") and fact.text("en") for fact in facts), path


def test_a_worded_part_the_code_reads_is_required():
    """A rule's fact may lack its sentences in a rule test's file, but the program's file must hold them."""
    raw = {**REAL.raw, "contact_centre": {**REAL.raw["contact_centre"],
                                          "hours": {**REAL.raw["contact_centre"]["hours"], "time_zone": {"fr": "x"}}},
           "program": {**REAL.raw["program"], "closure": {**REAL.raw["program"]["closure"], "still_reviewed": None}}}
    closure = ["program.closure: still_reviewed.fr: missing", "program.closure: still_reviewed.en: missing"]
    assert sorted(complete(raw)) == sorted([*closure, "contact_centre.hours: time_zone.en: missing"])
    assert set(closure) <= set(validate(raw))
    assert not [problem for problem in validate(raw) if problem.startswith("contact_centre.hours: ")]


def test_loaded_once_per_process():
    assert knowledge() is knowledge()
    assert knowledge().origin == str(KNOWLEDGE_FILE)


def test_every_fact_carries_a_source_url_and_an_as_of_date():
    facts = REAL.all_facts()
    assert len(facts) > 40
    for fact in facts:
        assert fact.source.url_en.startswith(("https://", "http://")), fact.path
        # "not shown" only where its source shows no date
        assert isinstance(fact.as_of, date) or fact.source.as_of is None, fact.path
        assert fact.confidence in {"high", "medium", "low", "unknown"}, fact.path


def test_every_shown_wording_exists_in_both_languages():
    for fact in REAL.all_facts():
        for key in ("items", "causes", "next_steps"):
            for item in fact.get(key) or []:
                if isinstance(item, dict) and ("fr" in item or "en" in item):
                    assert item.get("fr") and item.get("en"), fact.path


def test_unknowns_are_recorded_as_unknown_and_not_statable():
    unknown = {fact.path: fact for fact in REAL.all_facts()}
    for path in ("unknown.processing_times", "unknown.it_vfx_occupation_list", "fees.main_application_fee",
                 "contact_centre.possible_closures"):
        assert not unknown[path].statable, path


def test_every_source_has_a_url_and_a_date_or_none_shown():
    for source in REAL.sources.values():
        assert source.url_en.startswith("http")
        assert source.as_of is None or source.as_of.year >= 2003, source.key  # the holiday act: 2003


def test_program_names_and_official_pages_in_both_languages():
    name = REAL.fact("program.name").as_text()
    assert name("en").startswith("Permanent immigration pilot program")
    assert name("fr").startswith("Programme pilote d'immigration permanente")
    page = REAL.official_page()
    assert page.url("en").startswith("https://www.quebec.ca/en/")
    # No source gives the French page's address: French answers link the English page, saying so.
    assert page.url("fr") == page.url("en")
    assert not page.in_language("fr") and page.link_name("fr") == "Québec.ca, page officielle"


def test_cap_and_the_2021_disagreement():
    announced = REAL.fact("cap.announced_2021")
    assert announced["value"] == 600 and announced["yearly"] == 550
    assert announced.confidence in STATABLE and announced.confidence != "high"
    assert announced.source.name("en").startswith("a 2021 alert")
    regulation = REAL.fact("cap.regulation")
    assert regulation["yearly"] == 550 and regulation.confidence == "high" and regulation.source.key == "regulation"
    assert set(REAL.raw["cap"]) == {"regulation", "announced_2021"}


def test_the_review_deadline_is_medium_and_named():
    deadline = REAL.fact("administrative_review.deadline_days")
    assert deadline.confidence == "medium" and deadline.source.key == "admin_review_summary"


def test_an_item_with_its_own_source_is_cited_when_shown():
    from program.knowledge import citing

    with citing() as cited:
        REAL.fact("values_attestation.exemptions").texts()
    assert cited == ["official_page", "values_regulation"]
    with citing() as cited:
        REAL.fact("values_attestation.exemptions").item("objectif_integration")
    assert cited == ["official_page"]
