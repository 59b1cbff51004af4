"""A tracker store seeded by real conversations through the servers, and the report made from it."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import post
from tests.servers import BIN, ROOT, kill_action_server, served

FEEDBACK_NO = '/feedback{"helpful": "no"}'
# (sender, page language, [(message, a text the last reply must contain)])
CONVERSATIONS = [
    ("fr-hours", "fr", [("Quelles sont les heures d'ouverture du centre de contacts?", "Cette réponse vous a-t-elle aidé?"),
                        ("oui", "Merci de me le dire")]),
    ("en-status", "en", [("Can I still apply to the AI pilot program?", "Was this helpful?"),
                         (FEEDBACK_NO, "Sorry this didn't help")]),
    ("fr-employer", "fr", [("mon employeur", "Centre de contacts clientèle")]),
    ("en-employer", "en", [("my employer", "Centre de contacts clientèle")]),
    ("fr-letter", "fr", [("lettre", "Centre de contacts clientèle")]),
    ("en-human", "en", [("I want to talk to a person", "Was this helpful?")]),
    ("en-two-topics", "en", [("Can I still apply to the program?", "Was this helpful?"),
                             ("what are your opening hours?", "Was this helpful?"),
                             ("yes", "Thanks for letting me know")]),
    ("fr-fees", "fr", [("combien pour ajouter mon épouse et deux enfants", "Cette réponse vous a-t-elle aidé?"),
                       ("est-ce que je peux payer par carte de crédit?", "Cette réponse vous a-t-elle aidé?"),
                       ("non", "reformuler")]),
    ("en-weather", "en", [("what is the weather in Paris tomorrow?", "I can only answer questions about")]),
    ("fr-gibberish", "fr", [("zxqw plorf vbnmk", "je ne peux répondre qu")]),
]
# Held with the action server down: understood, but not answered (the channel's apology).
DOWN = ("en-down", "en", [("Can I still apply to the program?", "a technical problem")])


def last_text(replies: list[dict]) -> str:
    return replies[-1].get("text", "") if replies else ""


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory):
    """Runs every conversation through the real servers; returns the endpoints file naming the SQLite store."""
    workdir = tmp_path_factory.mktemp("insights")
    database = workdir / "trackers.db"
    with served(workdir, tracker_db=database) as servers:
        for sender, lang, turns in CONVERSATIONS:
            for text, expected in turns:
                replies = post(servers.rasa_port, sender, text, {"language": lang})
                assert expected in last_text(replies), (sender, text, replies)
        kill_action_server(servers.actions_port)
        sender, lang, turns = DOWN
        for text, expected in turns:
            replies = post(servers.rasa_port, sender, text, {"language": lang})
            assert expected in " ".join(r.get("text", "") for r in replies), (sender, text, replies)
    endpoints = workdir / "endpoints-insights.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {database.name}\n")
    return endpoints


@pytest.fixture(scope="session")
def report(seeded_store, tmp_path_factory) -> Path:
    """`python -m tools.operations.insights` as an operator runs it, from the endpoints file's folder."""
    out = tmp_path_factory.mktemp("report")
    result = subprocess.run([str(BIN / "python"), "-m", "tools.operations.insights", "--endpoints", str(seeded_store), "--out", str(out)],
                            cwd=seeded_store.parent, env={"PYTHONPATH": str(ROOT), "PATH": str(BIN),
                                                          "RASA_TELEMETRY_ENABLED": "false"},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return out
