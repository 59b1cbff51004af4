"""What the cluster test verifies in PostgreSQL after the run, conversation by conversation.

- complete and in order: the user messages stored are the ones sent, in the order sent (a resend
  of a message whose fate was unknown may be stored once or twice; a message answered with the
  apology may be missing: its turn failed and Rasa dropped it); for two messages sent at once to
  two replicas, either order;
- exactly one reply: for every REST message answered normally, the number of bot messages in the
  reply equals the number of messages Rasa's channel makes of the bot events stored after that message
  (a text goes paragraph by paragraph: ``messages_sent``; a turn processed twice, or two
  turns mixed by two replicas, breaks this). socket.io has no end-of-turn marker, so a late bot
  message can arrive during the next turn: there the totals per conversation must be equal;
- serialised: event timestamps never go backwards in a conversation (two replicas writing the
  same conversation at once interleave them);
- no duplicated event: no two events with the same type, timestamp and content.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import permutations

import sqlalchemy as sa

from tools.measuring.cluster.users import Attempt, ConversationLog


@dataclass
class Segment:
    """A user message as stored, and the bot messages stored after it."""
    text: str
    bots: int = 0
    apologies: int = 0  # of the bots, the apology (an action's utter_technical_problem)


@dataclass
class Verdict:
    conversations: int = 0
    complete: int = 0
    problems: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    events: int = 0
    by_channel: Counter = field(default_factory=Counter)  # conversations with a problem

    def fail(self, kind: str, log: ConversationLog, detail: str) -> None:
        self.problems[kind] += 1
        if len(self.samples) < 15:
            self.samples.append(f"{kind}: {log.channel} {log.sender}: {detail}")


def stored_sender(log: ConversationLog) -> str:
    """The conversation's key in the tracker store: namespaced and hashed by the channels when they
    do (rasa_server.channels.security.conversation_key), else the sender id as sent."""
    try:
        from rasa_server.channels.security import conversation_key
    except ImportError:
        return log.sender
    return conversation_key(log.channel, log.sender)


def load_events(postgres_url: str, senders: Sequence[str]) -> dict[str, list[tuple]]:
    engine = sa.create_engine(postgres_url)
    found: dict[str, list[tuple]] = {}
    query = sa.text("SELECT sender_id, type_name, timestamp, data FROM events WHERE sender_id = ANY(:ids) ORDER BY id")
    with engine.connect() as connection:
        for sender, type_name, timestamp, data in connection.execute(query, {"ids": list(senders)}):
            found.setdefault(sender, []).append((type_name, timestamp, data))
    engine.dispose()
    return found


def messages_sent(bot: dict) -> int:
    """How many messages Rasa's output channels send for one stored bot event (OutputChannel.send_response,
    rasa/core/channels/channel.py): a text without buttons goes paragraph by paragraph (split at blank lines),
    a text with buttons as one message, and a custom payload, an image, an attachment or elements each as one."""
    extra = bot.get("data") or {}
    text = bot.get("text") or ""
    count = 1 if extra.get("quick_replies") or extra.get("buttons") else len(text.strip().split("\n\n")) if text else 0
    return count + sum(1 for key in ("custom", "image", "attachment", "elements") if extra.get(key))


def segments(events: Sequence[tuple], apology: Sequence[str] = ()) -> list[Segment]:
    result: list[Segment] = []
    for type_name, _, data in events:
        if type_name == "user":
            result.append(Segment(json.loads(data).get("text") or ""))
        elif type_name == "bot" and result:
            bot = json.loads(data)
            sent = messages_sent(bot)
            result[-1].bots += sent
            result[-1].apologies += sent if any(marker in (bot.get("text") or "") for marker in apology) else 0
    return result


def matches(attempts: Sequence[Attempt], stored: Sequence[Segment], per_turn: bool = True) -> bool:
    """Every message answered normally is stored, with as many bot events as replies received; the
    others (resent, apology) may be stored or not; nothing else is stored; the order is kept."""

    @cache
    def fit(i: int, j: int) -> bool:
        if i == len(attempts):
            return j == len(stored)
        attempt = attempts[i]
        if j < len(stored) and stored[j].text == attempt.text and \
                (attempt.kind != "ok" or not per_turn or stored[j].bots == attempt.replies) and fit(i + 1, j + 1):
            return True
        return attempt.kind != "ok" and fit(i + 1, j)

    return fit(0, 0)


def replies_fit(log: ConversationLog, stored: Sequence[Segment]) -> bool:
    """socket.io: every bot message stored reached the browser, but for those sent while it was cut
    off. Apologies aside: the channel's guard sends its own (in two parts, French and English) without
    storing it, and an action's is stored."""
    received = sum(a.replies - a.apologies for a in log.attempts)
    stored_bots = sum(s.bots - s.apologies for s in stored)
    return received == stored_bots or (log.drops > 0 and received < stored_bots)


def check_one(log: ConversationLog, events: Sequence[tuple], verdict: Verdict, apology: Sequence[str] = ()) -> None:
    verdict.conversations += 1
    verdict.events += len(events)
    ok = True
    seen = Counter((type_name, timestamp, data) for type_name, timestamp, data in events)
    duplicated = sum(count - 1 for count in seen.values() if count > 1)
    if duplicated:
        verdict.fail("duplicated events", log, f"{duplicated} duplicated")
        ok = False
    stamps = [timestamp for _, timestamp, _ in events if timestamp is not None]
    if any(later < earlier for earlier, later in zip(stamps, stamps[1:], strict=False)):
        verdict.fail("interleaved (timestamps go backwards)", log, "events out of order")
        ok = False
    stored = segments(events, apology)
    orders = [log.attempts]
    if log.pair:  # the last two were sent at the same moment: either may go first
        orders = [list(log.attempts[:-2]) + list(order) for order in permutations(log.attempts[-2:])]
    per_turn = log.channel != "socketio"
    sent = [(a.text[:30], a.kind, a.replies) for a in log.attempts]
    if not any(matches(order, stored, per_turn) for order in orders):
        verdict.fail("incomplete or out of order", log,
                     f"sent {sent} stored {[(s.text[:30], s.bots) for s in stored]} {log.trace[-12:]}")
        ok = False
    elif not per_turn and not replies_fit(log, stored):
        verdict.fail("replies received differ from replies stored", log,
                     f"sent {sent} received {log.received} stored {[(s.text[:30], s.bots) for s in stored]} "
                     f"{log.trace[-12:]}")
        ok = False
    verdict.complete += ok
    verdict.by_channel[log.channel] += not ok


def verify(postgres_url: str, logs: Sequence[ConversationLog], apology: Sequence[str] = ()) -> Verdict:
    verdict = Verdict()
    by_sender = load_events(postgres_url, [stored_sender(log) for log in logs])
    for log in logs:
        check_one(log, by_sender.get(stored_sender(log), []), verdict, apology)
    return verdict
