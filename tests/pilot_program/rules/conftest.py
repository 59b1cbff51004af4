"""The rule tests run on a small made-up knowledge file (fixtures/knowledge.yml), never the program's:
a fact changed in pilot_program/facts/program.yml changes no rule test (test_real_knowledge_file.py checks
that file)."""
from datetime import datetime
from pathlib import Path

import pytest

import pilot_program.knowledge
from pilot_program.knowledge import load_knowledge
from pilot_program.locales import MONTREAL

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge.yml"
K = load_knowledge(FIXTURE)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, tz=MONTREAL) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


@pytest.fixture(autouse=True)
def no_program_file(monkeypatch):
    """A rule test that reached for the program's own file would fail here, however it reached it: the
    loader refuses that file and the process's cached copy is dropped (a module that imported ``knowledge``
    by name calls the same cached function)."""
    load = pilot_program.knowledge.load_knowledge

    def refusing(path):
        if Path(path).resolve() == pilot_program.knowledge.KNOWLEDGE_FILE:
            raise AssertionError("a rule test read the program's knowledge file")
        return load(path)

    pilot_program.knowledge.knowledge.cache_clear()
    monkeypatch.setattr(pilot_program.knowledge, "load_knowledge", refusing)
    yield
    pilot_program.knowledge.knowledge.cache_clear()
