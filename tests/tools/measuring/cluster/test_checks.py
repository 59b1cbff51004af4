"""The cluster test's PostgreSQL checks, on hand-made event lists (no database): they must catch
a lost message, a duplicated event, interleaved turns and a reply that differs from what is stored,
and accept what a resend or the apology legitimately leaves behind."""
import json

import pytest

from tools.measuring.cluster.checks import Verdict, check_one
from tools.measuring.cluster.users import Attempt, ConversationLog


def user(text, at):
    return ("user", at, json.dumps({"text": text, "timestamp": at}))


def bot(at, text="ok", **data):
    return ("bot", at, json.dumps({"text": text, "timestamp": at, "data": data}))


def verdict_for(attempts, events, channel="rest", pair=False):
    verdict = Verdict()
    check_one(ConversationLog(channel, "s", "fr", list(attempts), pair=pair), events, verdict)
    return verdict


A, B = Attempt("allo", "ok", 1), Attempt("combien pour mes enfants", "ok", 2)
GOOD = [("action", 0.5, "{}"), user("allo", 1.0), bot(1.1), user("combien pour mes enfants", 2.0), bot(2.1), bot(2.2)]

CASES = {
    "complete": ([A, B], GOOD, True),
    "a message lost": ([A, B], GOOD[:3], False),
    "a bot message missing": ([A, B], GOOD[:5], False),
    "an event stored twice": ([A, B], GOOD[:3] + [GOOD[2]] + GOOD[3:], False),
    "two turns interleaved": ([A, B], [user("allo", 1.0), user("combien pour mes enfants", 2.0), bot(1.1),
                                       bot(2.1), bot(2.2)], False),
    "a resend stored once": ([Attempt("allo", "unknown"), A, B], GOOD, True),
    "a resend stored twice": ([Attempt("allo", "unknown"), A, B],
                              [user("allo", 0.9)] + GOOD[1:], True),
    "the apology's turn not stored": ([A, Attempt("oups", "apology", 1), B], GOOD, True),
    "a message stored that was never sent": ([A], GOOD, False),
    # Rasa's channels send a text paragraph by paragraph; a text with buttons, and a custom payload, as one each
    "one stored text of two paragraphs, two messages received": (
        [A, B], GOOD[:4] + [bot(2.1, "Frais : 201 $\n- un enfant\n\nTotal : 201 $")], True),
    "one stored text of two paragraphs, one message received": (
        [A, Attempt("combien pour mes enfants", "ok", 1)],
        GOOD[:4] + [bot(2.1, "Frais : 201 $\n\nTotal : 201 $")], False),
    "a question with buttons and a custom payload": (
        [A, Attempt("combien pour mes enfants", "ok", 3)],
        GOOD[:4] + [bot(2.1, "Un CSQ ?\n\nOui ou non", buttons=[{"title": "Oui"}], custom={"sources": []}), bot(2.2)],
        True),
}


@pytest.mark.parametrize("attempts,events,ok", CASES.values(), ids=CASES.keys())
def test_rest_conversations(attempts, events, ok):
    assert (verdict_for(attempts, events).complete == 1) is ok


def test_two_messages_sent_at_once_may_be_stored_in_either_order():
    first, second = Attempt("allo", "ok", 1), Attempt("c'est ouvert?", "ok", 1)
    events = [user("allo", 1.0), bot(1.1), user("c'est ouvert?", 2.0), bot(2.1), user("combien", 3.0), bot(3.1),
              bot(3.2)]
    pair = [first, Attempt("combien", "ok", 2), second]
    assert verdict_for(pair, events, pair=True).complete == 1
    assert verdict_for(pair, events, pair=False).complete == 0


def test_socketio_counts_replies_per_conversation():
    late = [Attempt("allo", "ok", 0 + 1), Attempt("combien pour mes enfants", "ok", 2)]
    assert verdict_for(late, GOOD, channel="socketio").complete == 1
    shifted = [Attempt("allo", "ok", 2), Attempt("combien pour mes enfants", "ok", 1)]  # a late reply
    assert verdict_for(shifted, GOOD, channel="socketio").complete == 1
    missing = [Attempt("allo", "ok", 1), Attempt("combien pour mes enfants", "ok", 1)]
    verdict = verdict_for(missing, GOOD, channel="socketio")
    assert verdict.complete == 0 and verdict.by_channel["socketio"] == 1


def test_socketio_resend_after_a_dropped_connection():
    """The browser sent "combien" again after reconnecting: the first sending may be stored (answered
    while the browser was away: those bot messages never reached it) or not; never more received than stored."""
    resent = [Attempt("allo", "ok", 1), Attempt("combien pour mes enfants", "unknown", 0, cut=True),
              Attempt("combien pour mes enfants", "ok", 2)]
    twice = GOOD[:3] + [user("combien pour mes enfants", 1.5), bot(1.6), bot(1.7)] + GOOD[3:]
    for events in (GOOD, twice):
        log = ConversationLog("socketio", "s", "fr", list(resent), drops=1)
        verdict = Verdict()
        check_one(log, events, verdict)
        assert verdict.complete == 1
    more = [Attempt("allo", "ok", 1), Attempt("combien pour mes enfants", "ok", 3)]
    for drops, attempts, events, ok in [(0, resent, twice, False),  # fewer received on a live socket: lost
                                        (1, more, GOOD, False)]:  # more received than stored: never
        verdict = Verdict()
        check_one(ConversationLog("socketio", "s", "fr", list(attempts), drops=drops), events, verdict)
        assert (verdict.complete == 1) is ok


def test_socketio_the_guards_apology_is_received_not_stored():
    """The channel's guard answers a failed turn with the apology (two parts over socket.io), which
    is not stored; an action's apology is stored. Neither may hide a lost bot message."""
    markers = ("Désolé, un problème technique",)
    failed = [Attempt("allo", "ok", 1), Attempt("combien pour mes enfants", "apology", 2, apologies=2)]
    events = GOOD[:3] + [user("combien pour mes enfants", 2.0)]
    verdict = Verdict()
    check_one(ConversationLog("socketio", "s", "fr", failed), events, verdict, markers)
    assert verdict.complete == 1
    by_action = [Attempt("allo", "ok", 1), Attempt("combien pour mes enfants", "apology", 1, apologies=1)]
    verdict = Verdict()
    check_one(ConversationLog("socketio", "s", "fr", by_action), events + [bot(2.1, markers[0] + " 514")], verdict,
              markers)
    assert verdict.complete == 1
    verdict = Verdict()  # the apology and a bot message that was stored but never came
    check_one(ConversationLog("socketio", "s", "fr", failed), GOOD, verdict, markers)
    assert verdict.complete == 0
