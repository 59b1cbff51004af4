"""Loading a knowledge file: the checks made when it is loaded, typed access, citations."""
import ast
from pathlib import Path

import pytest
import yaml

from pilot_program.knowledge import Knowledge, KnowledgeError, citing, load_knowledge
from pilot_program.schema import FACTS
from tests.pilot_program.rules.conftest import FIXTURE, K

ROOT = Path(__file__).resolve().parents[2]


def test_a_knowledge_file_loads_from_any_path():
    assert K.origin == str(FIXTURE)
    assert K.official_page().url("fr") == "https://example.org/fr/pilote"
    assert K.fact("completeness")["days"] == 45
    assert [fact["year"] for fact in K.facts("fees.add_member_by_year")] == [2024, 2026]


def _edited(tmp_path, edit) -> Path:
    raw = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _set(path: str, value):
    def edit(raw):
        *parents, last = path.split(".")
        node = raw
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return edit


@pytest.mark.parametrize(
    "edit, message",
    [
        (_set("completeness.source", "nowhere"), "completeness.source: unknown source 'nowhere'"),
        (_set("contact_centre.possible_closures.items.0.source", "nowhere"),
         "contact_centre.possible_closures.items.0.source: unknown source 'nowhere'"),
        (_set("completeness.confidence", "fairly sure"), "completeness.confidence: 'fairly sure' is not one of"),
        (_set("timeline.end.as_of", None), "timeline.end.as_of: missing or not an ISO date"),
        (_set("timeline.end.value", "July 1st"), "timeline.end: value: not an ISO date"),
        (_set("family.after_csq_payment.en", None), "family.after_csq_payment: `fr` without `en`"),
        (_set("decisions.refused.causes.1.fr", None), "decisions.refused.causes.1: `en` without `fr`"),
        (_set("contact_centre.hours", None), "contact_centre.hours: missing (a rule reads it)"),
        (_set("values_attestation", None), "values_attestation.request: missing (a rule reads it)"),
        (_set("completeness.days", "sixty"), "completeness: days: expected int, got 'sixty'"),
        (_set("family.consent_declaration.minor_age", True), "minor_age: expected int, got True"),
        (_set("contact_centre.hours.weekly.3", ["15:30", "11:00"]), "contact_centre.hours: weekly.3: expected"),
        (_set("contact_centre.holidays.items.0.date", None), "contact_centre.holidays: items.0: needs one of"),
        (_set("contact_centre.phones.items.1.number", None), "contact_centre.phones: items.1.number: missing"),
        (_set("fees.add_member_by_year.1.child", None), "fees.add_member_by_year: child: missing"),
        (_set("sources.official_page", None), "sources.official_page: missing (the code cites it)"),
        (_set("sources.old_page.as_of", "someday"), "sources.old_page.as_of: not an ISO date"),
        (_set("sources.old_page.url_en", None), "sources.old_page: missing url_en"),
    ],
)
def test_a_bad_file_is_refused_with_the_path_named(tmp_path, edit, message):
    path = _edited(tmp_path, edit)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_every_problem_is_listed_at_once(tmp_path):
    def two(raw):
        _set("completeness.days", "sixty")(raw)
        _set("timeline.end.source", "nowhere")(raw)
    with pytest.raises(KnowledgeError, match=r"2 problem\(s\)"):
        load_knowledge(_edited(tmp_path, two))


@pytest.mark.parametrize("content", ["sources: [unclosed", "- just\n- a list\n", ""])
def test_a_file_that_is_not_a_knowledge_file_is_refused(tmp_path, content):
    path = tmp_path / "broken.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=str(path)):
        load_knowledge(path)


def test_a_missing_file_is_refused_with_its_path(tmp_path):
    with pytest.raises(KnowledgeError, match="nowhere.yml"):
        load_knowledge(tmp_path / "nowhere.yml")


def test_reading_a_fact_the_schema_does_not_declare_fails_loudly():
    with pytest.raises(KeyError, match="not declared in pilot_program/schema.py"):
        K.fact("completeness.items")
    with pytest.raises(KeyError, match="has no fact 'program.name'"):  # declared, not in this small file
        K.fact("program.name")


def test_every_fact_a_rule_reads_is_in_the_fixture():
    assert all(K.fact(path, cite=False) for path, shape in FACTS.items() if shape.rule and not shape.many)


def test_citing_records_the_sources_of_the_facts_read_in_order_without_unknowns():
    with citing() as cited:
        K.fact("timeline.launch")
        K.fact("administrative_review.deadline_days")  # medium: cited (it is named in the answer)
        K.fact("contact_centre.possible_closures")  # unknown: never a source of what is said
        K.fact("contact_centre.hours")
        K.fact("timeline.second_intake", cite=False)
        K.fact("timeline.launch")  # once each
    assert cited == ["launch_note", "review_digest", "official_page"]


def test_nothing_is_recorded_outside_an_answer():
    K.fact("contact_centre.hours")
    with citing() as cited:
        pass
    assert cited == []


def test_an_item_with_its_own_source_is_cited_when_shown():
    with citing() as cited:
        K.fact("contact_centre.possible_closures").texts()
    assert cited == ["holiday_act"]
    with citing() as cited:
        K.fact("contact_centre.possible_closures").item("christmas_eve")
    assert cited == []


def test_a_knowledge_can_be_built_from_data_in_memory():
    k = Knowledge({"sources": K.raw["sources"], "completeness": K.raw["completeness"]})
    assert k.fact("completeness")["days"] == 45 and k.origin == "<memory>"


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").endswith("knowledge") for alias in node.names}


@pytest.mark.parametrize("path", sorted((ROOT / "pilot_program" / "rules").glob("*.py")) + [ROOT / "pilot_program" / "wording.py"],
                         ids=lambda path: path.name)
def test_rules_and_wording_never_read_the_programs_file_themselves(path):
    assert "knowledge" not in _imported_names(path), "take the Knowledge as an argument"


def _string_constants(path: Path) -> set[str]:
    """Every string written in the module, the literal parts of f-strings ("decisions.") included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_every_fact_the_schema_declares_is_read_somewhere():
    """The other half of the schema's upkeep (a read it lacks fails at once): no entry outlives its code."""
    code = [path for folder in ("pilot_program", "actions") for path in (ROOT / folder).rglob("*.py")
            if path.name != "schema.py"]
    written = set().union(*(_string_constants(path) for path in code))
    prefixes = {text for text in written if text.endswith(".")}
    unread = [path for path in FACTS if path not in written and not any(path.startswith(p) for p in prefixes)]
    assert unread == []
