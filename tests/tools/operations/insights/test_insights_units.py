"""The report's parts on their own: the store is read-only, questions group by similarity, the page
escapes user text and masks small counts, review.yml is valid training data."""
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from tools.operations.insights.analysis import Insights, Unanswered
from tools.operations.insights.clusters import group
from tools.operations.insights.conversations import MONTREAL, conversations
from tools.operations.insights.page import count, percent
from tools.operations.insights.report import html
from tools.operations.insights.review import review_yaml
from tools.operations.insights.store import StoreError, database_url, events, read_only_engine, store_settings

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=MONTREAL)


def sqlite_store(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, "
                   "intent_name TEXT, action_name TEXT, data TEXT)")
        db.execute("INSERT INTO events (sender_id, type_name, data) VALUES ('s1', 'user', '{\"event\": \"user\", "
                   "\"text\": \"allo\", \"timestamp\": 1764000000, \"input_channel\": \"rest\"}')")
    return path


def test_sqlite_is_opened_read_only(tmp_path):
    engine = read_only_engine(database_url({"dialect": "sqlite", "db": "t.db"}, sqlite_store(tmp_path / "t.db").parent))
    assert [sender for sender, _ in events(engine)] == ["s1"]
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM events"))


def test_a_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path):
    with pytest.raises(StoreError, match="no tracker store database"):
        read_only_engine(database_url({"dialect": "sqlite", "db": "missing.db"}, tmp_path))
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("store", [
    {"type": "SQL", "dialect": "postgresql", "url": "db", "port": 5432, "db": "rasa", "username": "u", "password": "p"},
    {"type": "rasa_server.stores.tracker_store.RedactingTrackerStore", "dialect": "postgresql", "url": "db", "port": 5432,
     "db": "rasa", "username": "u", "password": "p"},
    {"type": "rasa_server.stores.tracker_store.RedactingTrackerStore",
     "store": {"type": "SQL", "dialect": "postgresql", "url": "db", "port": 5432, "db": "rasa", "username": "u", "password": "p"}},
])
def test_sql_and_the_redacting_wrapper_are_read_with_rasa_s_fields(store):
    url = database_url(store_settings({"tracker_store": store}), Path("."))
    assert (url.drivername, url.host, url.port, url.database, url.username) == ("postgresql", "db", 5432, "rasa", "u")
    engine = read_only_engine(url)
    assert engine.pool.size() == 1  # nothing is connected until the report reads


@pytest.mark.parametrize("endpoints, message", [
    ({}, "only kept in memory"), ({"tracker_store": {"type": "mongod"}}, "not supported"),
    ({"tracker_store": {"type": "SQL", "dialect": "mysql"}}, "not supported"),
])
def test_stores_that_cannot_be_read_are_explained(endpoints, message):
    with pytest.raises(StoreError, match=message):
        database_url(store_settings(endpoints), Path("."))


def test_sessions_are_conversations_and_ratings_find_their_question():
    def user(text, intent, ts):
        return {"event": "user", "text": text, "timestamp": ts, "input_channel": "socketio",
                "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "intent_ranking": [{"name": intent, "confidence": 0.9}]}}
    stream = [
        ("a", {"event": "session_started"}), ("a", user("frais?", "ask_fees", 1764000000)),
        ("a", {"event": "slot", "name": "language", "value": "fr"}),
        ("a", {"event": "bot", "metadata": {"utter_action": "utter_fee_rates"}}),
        ("a", user("non", "deny", 1764000010)),
        ("a", {"event": "slot", "name": "feedback", "value": {"helpful": "no", "intent": "ask_fees", "lang": "fr"}}),
        ("a", {"event": "bot", "metadata": {"utter_action": "utter_feedback_sorry", "phones": "- 514"}}),
        ("a", {"event": "session_started"}), ("a", {"event": "slot", "name": "language", "value": "en"}),
        ("a", user("hi", "greet", 1764090000)),
    ]
    first, second = list(conversations(stream))
    assert [m.text for m in first.messages] == ["frais?", "non"] and first.ended_with_numbers
    assert first.ratings[0].question.text == "frais?" and first.channel == "socketio"
    assert second.lang == "en" and not second.ended_with_numbers


def question(text, reason="fallback", lang="fr"):
    return Unanswered(text, reason, ("ask_fees", 0.31), lang)


def test_similar_questions_are_grouped_whatever_the_accents_and_typos():
    texts = ["combien coûte le renouvellement de mon permis", "combien coute le renouvelement du permis",
             "Combien coûte le renouvellement de mon permis?", "what about my dog", "what about my dogs?"]
    groups = group([question(t) for t in texts])
    assert [g.count for g in groups] == [3, 2]
    assert groups[0].examples[0].startswith("combien") and groups[0].predicted == "ask_fees"


def test_review_file_is_valid_nlu_data_with_each_question_once():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    groups = group([question("mon [chien](animal) {x}"), question("mon chien"), question("mon chien", "rated_no")])
    text = review_yaml(groups, NOW)
    examples = [m.get("text") for m in RasaYAMLReader().reads(text).intent_examples]
    assert sorted(examples) == ["mon chien", "mon chien (animal) x"]
    assert "# predicted: ask_fees (0.31); not understood; language: fr" in text
    assert RasaYAMLReader().reads(review_yaml([], NOW)).intent_examples == []


@pytest.mark.parametrize("n, shown", [(0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (123, "123")])
def test_counts_below_five_are_masked(n, shown):
    assert count(n) == shown


def test_rates_need_five_messages():
    assert percent(1, 4) == "—" and percent(1, 5) == "20.0 %"


def test_user_text_is_escaped_and_the_page_has_no_script():
    data = Insights()
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    page = html(data, group([question(hostile)]), NOW)
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "nothing to plot yet" in page  # an empty store still gives a page


def test_bot_texts_are_named_from_the_domain_templates():
    from tools.operations.insights.responses import ResponseIndex

    index = ResponseIndex({
        "utter_fallback_contact": [{"text": "Or call the centre:\n{phones}"}, {"text": "Ou appelez le centre :\n{phones}"}],
        "utter_fee_quote": [{"text": "Fees in {fee_year}:\n{lines}\nTotal: {total}."}],
        "utter_anything": [{"text": "{text}"}],
    })
    assert index.name("Ou appelez le centre :\n- Montréal : [PHONE]\n- ailleurs : [PHONE]") == "utter_fallback_contact"
    assert index.name("Fees in 2026:\n- Spouse: $201\nTotal: $201.") == "utter_fee_quote"
    assert index.name("Something else entirely") is None  # a template with no fixed text matches nothing
    assert index.gives_numbers("utter_fallback_contact") and not index.gives_numbers("utter_fee_quote")


def test_a_masked_count_gets_no_bar_only_the_words_less_than_five():
    from matplotlib.patches import Rectangle

    from tools.operations.insights.charts import bars_figure

    figure = bars_figure(["Can I still apply?", "Opening hours"], {"messages": [3, 12]}, "Messages by topic",
                         horizontal=True)
    axis = figure.axes[0]
    bars = [p for p in axis.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    assert [round(b.get_width()) for b in bars] == [12]  # the 3 is not drawn, not even as a box up to 5
    assert [t.get_text().strip() for t in axis.texts] == ["< 5"]
    assert "< 5: masked, no bar drawn" in [t.get_text() for t in axis.get_legend().get_texts()]


def test_the_page_names_topics_and_channels_and_says_what_it_masks():
    data = Insights()
    data.by_channel.update({"socketio": 7, "twilio": 2})
    data.messages_by_channel.update({"socketio": 20, "twilio": 3})
    data.intents.update({"ask_program_status": 6, "inform": 2})
    data.days["2026-11-25"].update({"conversations": 9, "user_messages": 23, "conversations_channel:socketio": 7,
                                    "conversations_channel:twilio": 2})
    page = html(data, [], NOW)
    assert '<th scope="row">web widget</th>' in page and '<th scope="row">SMS</th>' in page
    assert '<th scope="row">Can I still apply?</th><td><code>ask_program_status</code></td>' in page
    assert "A detail given" in page and '<th scope="row">inform</th>' not in page
    assert "What this page masks, and why" in page and "no bar at all" in page
