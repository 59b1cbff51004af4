"""The program's own knowledge file (pilot_program/facts/program.yml): it loads, passes every check, and
holds every fact the code reads (pilot_program/schema.py), worded in French and English where shown."""
from datetime import date
from pathlib import Path

import pytest

from pilot_program.knowledge import KNOWLEDGE_FILE, STATABLE, knowledge, load_knowledge
from pilot_program.schema import FACTS, complete, validate

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
    from pilot_program.knowledge import citing

    with citing() as cited:
        REAL.fact("values_attestation.exemptions").texts()
    assert cited == ["official_page", "values_regulation"]
    with citing() as cited:
        REAL.fact("values_attestation.exemptions").item("objectif_integration")
    assert cited == ["official_page"]


# What the official page states, pinned here on purpose (and checked against the copy of the page the file was
# written from): a fee, a number of days, a phone number, the hours, the postal code or the end changed in
# program.yml fails this test, the one that checks the file itself, whatever the other tests expect.
PAGE = Path(__file__).resolve().parent / "fixtures" / "official_page.txt"
PINNED = {
    "fees 2026 (spouse, child)": ((201, 201), "$201"),
    "days to complete an application": (60, "you will have 60 days to provide them"),
    "days to obtain the values attestation": (60, "You will have 60 days to obtain the attestation"),
    "phones (Montréal, elsewhere in Québec, outside Québec)":
        (("514-864-9191", "1-877-864-9191", "1-514-864-9191"), "From outside Québec: 1-514-864-9191"),
    "Wednesday's hours": (("10:00", "16:30"), "Wednesday: from 10:00 to 16:30"),
    "Monday's hours": (("08:00", "16:00"), "Monday, Tuesday, Thursday, Friday: from 8:00 to 16:00"),
    "postal code": ("H2X 0C9", "Montréal (Québec) H2X 0C9"),
    "end of the program": (date(2026, 1, 1), "ended as planned on January 1, 2026"),
}


def _in_the_file(name):
    fees = next(f for f in REAL.facts("fees.add_member_by_year") if f["year"] == 2026)
    phones = {item["key"]: item["number"] for item in REAL.fact("contact_centre.phones", cite=False)["items"]}
    weekly = REAL.fact("contact_centre.hours", cite=False)["weekly"]
    return {
        "fees 2026 (spouse, child)": (fees["spouse"], fees["child"]),
        "days to complete an application": REAL.fact("completeness", cite=False)["days"],
        "days to obtain the values attestation": REAL.fact("values_attestation.request", cite=False)["days"],
        "phones (Montréal, elsewhere in Québec, outside Québec)":
            (phones["montreal"], phones["quebec"], phones["outside"]),
        "Wednesday's hours": tuple(weekly[3]),
        "Monday's hours": tuple(weekly[1]),
        "postal code": next(line for line in REAL.fact("mailing_address", cite=False)["lines"] if "H2X" in line)[-7:],
        "end of the program": date.fromisoformat(str(REAL.fact("timeline.end", cite=False)["value"])),
    }[name]


@pytest.mark.parametrize("name", PINNED)
def test_the_values_the_official_page_states_are_pinned(name):
    expected, said_on_the_page = PINNED[name]
    assert said_on_the_page in PAGE.read_text(encoding="utf-8"), name
    assert _in_the_file(name) == expected, name
