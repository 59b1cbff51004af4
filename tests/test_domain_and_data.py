"""The domain and data are consistent: every response exists in both languages, is used, gets
every value it needs, and states no program fact itself; `rasa data validate` passes."""
import re
import subprocess

import pytest
import yaml

from actions.intents import names
from tests.servers import BIN, ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
PYTHON_SOURCES = [p for package in ("actions", "program", "channels") for p in (ROOT / package).rglob("*.py")]
RESPONSE_NAME = re.compile(r"\"(utter_[a-z_]+)\"")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def referenced_in_python() -> set[str]:
    names = set()
    for path in PYTHON_SOURCES:
        names.update(RESPONSE_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_response_named_in_python_exists():
    missing = referenced_in_python() - set(RESPONSES)
    assert not missing, missing


def test_there_are_no_forms():
    # answer first: questions are asked by action_answer, one at a time (actions/dispatch.py)
    assert not DOMAIN.get("forms")


def test_every_response_is_used():
    unused = set(RESPONSES) - referenced_in_python()
    assert not unused, unused


def test_no_response_name_is_built_by_string_formatting():
    pattern = re.compile(r"f\"utter_|\"utter_\" *\+|\"utter_%|'utter_\{")
    offenders = [str(p) for p in PYTHON_SOURCES if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_each_response_has_english_and_french_with_the_same_values(name):
    variants = RESPONSES[name]
    english = [v for v in variants if v.get("condition") == [{"type": "slot", "name": "language", "value": "en"}]]
    french = [v for v in variants if not v.get("condition")]
    assert len(english) == 1 and len(french) == 1, name
    assert set(PLACEHOLDER.findall(english[0]["text"])) == set(PLACEHOLDER.findall(french[0]["text"])), name
    if "buttons" in english[0] or "buttons" in french[0]:
        assert [b["payload"] for b in english[0]["buttons"]] == [b["payload"] for b in french[0]["buttons"]]


def test_no_program_fact_is_written_in_the_domain():
    text = (ROOT / "domain.yml").read_text(encoding="utf-8")
    facts = [r"864.?9191", r"H2X ?0C9", r"\b201\b", r"Saint-Laurent", r"\b550\b", r"\b2026\b", r"\b60 (days|jours)",
             r"https?://", r"\b24 (months|mois)"]
    found = [f for f in facts if re.search(f, text)]
    assert not found, found


def test_rasa_data_validate_passes_and_only_warns_about_responses_sent_by_actions():
    result = subprocess.run([str(BIN / "rasa"), "data", "validate"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    output = result.stdout + result.stderr
    warned = set(re.findall(r"The utterance '(utter_[a-z_]+)' is not used in any story or rule", output))
    assert warned <= referenced_in_python()
    # payload-only intents (the feedback buttons', actions/intents.py) have no training examples
    payload_only = [f"The intent '{name}' is listed in the domain file, but is not found in the NLU training data."
                    for name in names(payload_only=True)]
    other = [line for line in output.splitlines() if "UserWarning" in line and "is not used in any story or rule" not in line
             and not any(warning in line for warning in payload_only)]
    assert not other, other
