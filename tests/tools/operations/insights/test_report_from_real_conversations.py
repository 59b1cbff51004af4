"""The report made from conversations held through the real servers: exact counts, review file, privacy."""
import json
import shutil
import sqlite3
import subprocess

import pytest
import yaml

from tests.servers import BIN, ROOT, stored_key
from tests.tools.operations.insights.conftest import CONVERSATIONS, DOWN, FEEDBACK_NO

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def summary(report):
    return json.loads((report / "summary.json").read_text(encoding="utf-8"))


def test_summary_counts_exactly_what_happened(report):
    data = summary(report)
    assert data["conversations"] == 11
    assert data["user_messages"] == 17
    # the conversation held with the action server down never had its language set: French, the default
    assert data["by_language"] == {"fr": 6, "en": 5}
    assert data["messages_by_language"] == {"fr": 9, "en": 8}
    assert data["by_channel"] == {"rest": 11}
    # not understood, outside the program (gibberish included) and technical failures, each counted apart
    assert data["fallbacks"] == 3
    assert data["out_of_scope"] == 2
    assert data["technical_failures"] == 1
    assert data["feedback"] == {"yes": 2, "no": 2}
    assert data["feedback_by_intent"] == {"ask_hours": {"yes": 2, "no": 0}, "ask_program_status": {"yes": 0, "no": 1},
                                          "ask_payment": {"yes": 0, "no": 1}}
    # the fallback's reply, "No", the request for a person and the apology all end with the contact centre's numbers
    assert data["ended_with_contact_numbers"] == 7
    assert data["unanswered_questions"] == 7
    assert data["intents"]["ask_program_status"] == 3 and "feedback" not in data["intents"]
    assert sum(day["user_messages"] for day in data["days"].values()) == 17


def test_review_file_is_nlu_training_data_with_the_unanswered_questions(report):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    text = (report / "review.yml").read_text(encoding="utf-8")
    training = RasaYAMLReader().reads(text)
    examples = {m.get("text") for m in training.intent_examples}
    # the question lost to the action server being down was understood: it is not listed for review
    assert examples == {"mon employeur", "my employer", "lettre", "Can I still apply to the AI pilot program?",
                        "est-ce que je peux payer par carte de crédit?", "what is the weather in Paris tomorrow?",
                        "zxqw plorf vbnmk"}
    assert "outside the program" in text and "not understood" in text
    assert {m.get("intent") for m in training.intent_examples} == {"to_label"}
    assert "# predicted: ask_payment" in text and "# predicted: ask_program_status" in text
    assert yaml.safe_load(text)["version"] == "3.1"


def test_no_sender_id_and_no_payload_in_the_outputs(report):
    outputs = "".join((report / name).read_text(encoding="utf-8") for name in ("index.html", "summary.json", "review.yml"))
    for sender, _, _ in [*CONVERSATIONS, DOWN]:
        assert sender not in outputs and stored_key("rest", sender) not in outputs
    assert FEEDBACK_NO not in outputs


def test_small_counts_are_masked_in_the_page_and_larger_ones_shown(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "<th scope=\"row\">Conversations</th><td class=\"n\">11</td>" in page
    assert "<th scope=\"row\">Messages not understood (fallback)</th><td class=\"n\">&lt; 5</td>" in page
    assert "<th scope=\"row\">Messages not answered because of a technical failure</th><td class=\"n\">&lt; 5</td>" in page
    assert "<td class=\"n\">3</td>" not in page


def test_same_summary_when_the_store_kept_no_bot_metadata(seeded_store, report, tmp_path):
    """A redacting store may drop the bot events' metadata (response name, filled values): the bot
    texts are then matched against the domain's templates."""
    copy = tmp_path / "trackers.db"
    shutil.copy(seeded_store.parent / "trackers.db", copy)
    with sqlite3.connect(copy) as db:
        rows = db.execute("SELECT id, data FROM events WHERE type_name = 'bot'").fetchall()
        for row_id, data in rows:
            db.execute("UPDATE events SET data = ? WHERE id = ?", (json.dumps({**json.loads(data), "metadata": {}}), row_id))
    assert len(rows) > 20
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: rasa_server.stores.tracker_store.RedactingTrackerStore\n  dialect: sqlite\n  db: trackers.db\n")
    out = tmp_path / "out"
    result = subprocess.run([str(BIN / "python"), "-m", "tools.operations.insights", "--endpoints", str(endpoints), "--out", str(out),
                             "--domain", str(ROOT / "domain.yml")], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": str(BIN), "RASA_TELEMETRY_ENABLED": "false"}, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert {**summary(out), "generated": None} == {**summary(report), "generated": None}
