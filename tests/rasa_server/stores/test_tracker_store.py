"""The redacting tracker store: what lands in the SQLite rows, read back with sqlite3."""
from __future__ import annotations

import json
import sqlite3

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from privacy.events import allowed_metadata, redact_event
from rasa_server.stores.tracker_store import RedactingTrackerStore
from tests.servers import ROOT

SECRETS = ["jo.tremblay@gmail.com", "514-555-1234", "12-3456-7890", "130 692 544", "AB123456", "2 mars 1985",
           "E001234567", "evil-tracking-id", "https://attacker.example"]
TEXT = ("mon courriel jo.tremblay@gmail.com, tél 514-555-1234, UCI 12-3456-7890, NAS 130 692 544, "
        "passeport AB123456, né le 2 mars 1985, dossier E001234567; demande reçue le 10 novembre 2026")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def _user_event() -> UserUttered:
    start = TEXT.index("514")
    parse_data = {
        "text": TEXT,
        "intent": {"name": "ask_deadline", "confidence": 0.9},
        "entities": [
            {"entity": "number", "value": "514", "start": start, "end": start + 3, "extractor": "SpacyEntityExtractor"},
            {"entity": "email", "value": "jo.tremblay@gmail.com", "extractor": "RegexMessageHandler"},
        ],
    }
    return UserUttered(TEXT, parse_data["intent"], parse_data["entities"], parse_data, input_channel="rest",
                       metadata={"language": "fr", "tracking": "evil-tracking-id",
                                 "referrer": "https://attacker.example"})


def _events() -> list:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(metadata={"language": "fr", "cookie": "evil-tracking-id"}),
        SlotSet("session_started_metadata", {"language": "fr", "cookie": "evil-tracking-id"}),
        ActionExecuted("action_listen"),
        _user_event(),
        SlotSet("request_date", "2026-11-10"),
        SlotSet("csq_issue_date", "né le 2 mars 1985"),
        BotUttered("Vous avez écrit : " + TEXT, {"buttons": [{"title": "AB123456", "payload": "/affirm"}]}),
    ]


def _rows(db) -> list[dict]:
    with sqlite3.connect(db) as connection:
        return [json.loads(data) for (data,) in connection.execute("select data from events order by id")]


async def test_saved_rows_hold_no_identifier_and_no_unknown_metadata(tmp_path, domain):
    db = tmp_path / "trackers.db"
    store = RedactingTrackerStore(domain=domain, dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker.from_events("sender-1", _events(), domain.slots)
    await store.save(tracker)

    raw = db.read_bytes().decode("latin-1")
    for secret in SECRETS:
        assert secret not in raw
    rows = _rows(db)
    user = next(row for row in rows if row["event"] == "user")
    assert user["text"].startswith("mon courriel [EMAIL], tél [PHONE], UCI [UCI], NAS [SIN], passeport [PASSPORT]")
    assert "né le [BIRTH_DATE], dossier [FILE_NUMBER]; demande reçue le 10 novembre 2026" in user["text"]
    assert user["parse_data"]["text"] == user["text"]
    assert [e["value"] for e in user["parse_data"]["entities"]] == ["[PHONE]", "[EMAIL]"]
    assert user["parse_data"]["intent"]["name"] == "ask_deadline"
    assert user["metadata"] == {"language": "fr"} or set(user["metadata"]) <= {"language", "model_id", "assistant_id"}
    session = next(row for row in rows if row["event"] == "session_started")
    assert "cookie" not in session["metadata"]
    slots = {row["name"]: row["value"] for row in rows if row["event"] == "slot"}
    assert slots["request_date"] == "2026-11-10"  # a date the bot needs, no birth cue: kept
    assert slots["csq_issue_date"] == "né le [BIRTH_DATE]"
    assert slots["session_started_metadata"] == {"language": "fr"}
    bot = next(row for row in rows if row["event"] == "bot")
    assert bot["text"].startswith("Vous avez écrit : mon courriel [EMAIL]")
    assert bot["data"]["buttons"] == [{"title": "[PASSPORT]", "payload": "/affirm"}]


async def test_the_stored_conversation_reads_back_and_grows(tmp_path, domain):
    db = tmp_path / "trackers.db"
    store = RedactingTrackerStore(domain=domain, dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker.from_events("sender-2", _events(), domain.slots)
    await store.save(tracker)
    full = await store.retrieve_full_tracker("sender-2")
    assert full is not None and len(full.events) == len(tracker.events)
    again = await store.retrieve("sender-2")  # what Rasa reads for the next message: the last session
    assert again.get_slot("request_date") == "2026-11-10"
    again.update(UserUttered("merci, mon autre courriel est x@y.ca", {"name": "thanks", "confidence": 1.0}))
    await store.save(again)
    rows = _rows(db)
    assert len(rows) == len(tracker.events) + 1  # only the new event was added
    assert rows[-1]["text"] == "merci, mon autre courriel est [EMAIL]"


def test_rasa_loads_it_by_module_path_from_the_endpoints(tmp_path, domain):
    config = EndpointConfig(type="rasa_server.stores.tracker_store.RedactingTrackerStore", dialect="sqlite",
                            db=str(tmp_path / "t.db"))
    store = TrackerStore.create(config, domain)
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, RedactingTrackerStore)


def test_metadata_keeps_only_known_keys_with_short_values():
    kept = allowed_metadata({"language": "en-CA" + "x" * 500, "channel": "socketio", "model_id": "abc",
                             "customData": {"a": 1}, "__proto__": "x", "email": "a@b.ca"})
    assert set(kept) == {"language", "channel", "model_id"}
    assert len(kept["language"]) <= 64
    assert allowed_metadata("not a mapping") == {}
    assert allowed_metadata({"language": {"nested": "object"}}) == {}


def test_event_names_and_ids_are_never_rewritten():
    event = {"event": "action", "name": "action_listen", "timestamp": 1.5, "policy": "RulePolicy",
             "confidence": 1.0, "metadata": {"model_id": "1234567890"}}
    assert redact_event(event) == event


def test_rasa_s_own_keys_sent_by_a_client_are_not_stored_with_its_message():
    """A client may put anything under model_id, assistant_id or utter_action: names are not redacted,
    so in what a client sends (a message, a session start) only its language and channel are kept."""
    client = {"language": "fr", "channel": "socketio", "model_id": "mon UCI 12-3456-7890",
              "assistant_id": "jo@example.org", "utter_action": "514-555-1234"}
    for event in (UserUttered("allo", metadata=client), SessionStarted(metadata=client)):
        assert redact_event(event.as_dict())["metadata"] == {"language": "fr", "channel": "socketio"}
    slot = redact_event(SlotSet("session_started_metadata", client).as_dict())
    assert slot["value"] == {"language": "fr", "channel": "socketio"}
    bot = redact_event(BotUttered("Bonjour", metadata={"utter_action": "utter_greet", "model_id": "abc"}).as_dict())
    assert bot["metadata"] == {"utter_action": "utter_greet", "model_id": "abc"}  # Rasa's own, on its own events


async def test_a_reply_repeating_what_was_typed_is_stored_without_it(tmp_path, domain):
    """Seen through the real servers: a date of birth read as a request date came back in the reply
    ("Demande reçue le 14 mars 1985 ..."), a reply without any birth cue. The turn's other events lose
    what its message carried, in any format the assistant writes it."""
    db = tmp_path / "trackers.db"
    store = RedactingTrackerStore(domain=domain, dialect="sqlite", db=str(db))
    typed = "ma date de naissance c'est le 14.03.1985, mon UCI １２-３４５６-７８９０"
    events = [ActionExecuted("action_listen"), UserUttered(typed, {"name": "ask_deadline", "confidence": 0.9}),
              SlotSet("request_date", "1985-03-14"),
              BotUttered("Demande reçue le 14 mars 1985 : le délai a pris fin le 13 mai 1985 (UCI 12-3456-7890)."),
              BotUttered("Request received on March 14, 1985."), BotUttered("Demande reçue le 10 novembre 2026.")]
    await store.save(DialogueStateTracker.from_events("echo", events, domain.slots))
    rows = {(row["event"], row.get("name")): row for row in _rows(db)}
    texts = [row["text"] for row in _rows(db) if row["event"] == "bot"]
    assert texts == ["Demande reçue le [BIRTH_DATE] : le délai a pris fin le 13 mai 1985 (UCI [UCI]).",
                     "Request received on [BIRTH_DATE].", "Demande reçue le 10 novembre 2026."]
    assert rows[("slot", "request_date")]["value"] == "[BIRTH_DATE]"


# Reads and writes with statements built once (issue 20): the same events, counts and rows as Rasa's
# own SQLTrackerStore on the same database, session after session.
def _session(start: float, text: str) -> list:
    return [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start + 0.1),
            ActionExecuted("action_listen", timestamp=start + 0.2),
            UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=start + 0.3),
            SlotSet("language", "fr", timestamp=start + 0.4), BotUttered("Bonjour!", timestamp=start + 0.5),
            ActionExecuted("action_listen", timestamp=start + 0.6)]


async def test_reads_counts_and_rows_are_rasa_s_own_session_after_session(tmp_path, domain):
    from rasa.core.tracker_store import SQLTrackerStore

    from rasa_server.stores.tracker_store import statements

    ours = RedactingTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasa = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "ours.db"))
    reference = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    events: list = []
    for number, start in enumerate((1000.0, 2000.0, 3000.0)):
        assert await ours.retrieve("s") == await rasa.retrieve("s")  # None at first, then the last session
        events += _session(start, f"bonjour {number}")
        tracker = DialogueStateTracker.from_events("s", events, domain.slots)
        with ours.session_scope() as session:
            counted = len(list(ours._additional_events(session, tracker)))
            assert counted == len(list(SQLTrackerStore._additional_events(rasa, session, tracker)))
        await ours.save(tracker)
        await reference.save(tracker)
        mine, theirs = await ours.retrieve("s"), await rasa.retrieve("s")
        assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in theirs.events]
        assert len(mine.events) == 6  # the last session only, from its session_started event
        full = await ours.retrieve_full_tracker("s")
        assert [e.as_dict() for e in full.events] == [e.as_dict() for e in (await rasa.retrieve_full_tracker("s")).events]
    with sqlite3.connect(tmp_path / "ours.db") as a, sqlite3.connect(tmp_path / "rasa.db") as b:
        query = "select sender_id, type_name, timestamp, intent_name, action_name, data from events order by id"
        rows = [[(*row[:5], json.loads(row[5])) for row in db.execute(query)] for db in (a, b)]
    assert rows[0] == rows[1]  # nothing here to redact: the same rows (the redaction orders keys its own way)
    assert statements() is statements()  # built once


async def test_an_sqlite_file_store_keeps_its_connections_in_a_pool(tmp_path, domain):
    """SQLAlchemy 1.4 opened the file anew for each of the three sessions of a message (NullPool)."""
    import sqlalchemy as sa

    store = RedactingTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "pooled.db"))
    assert isinstance(store.engine.pool, sa.pool.QueuePool)
    tracker = DialogueStateTracker.from_events("pooled", _session(1000.0, "bonjour"), domain.slots)
    await store.save(tracker)
    for _ in range(3):
        again = await store.retrieve("pooled")
        assert [e.as_dict() for e in again.events][-1] == tracker.events[-1].as_dict()
    assert store.engine.pool.checkedout() == 0 and store.engine.pool.checkedin() == 1  # one connection, reused
