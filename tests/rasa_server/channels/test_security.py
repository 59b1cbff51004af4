"""The channels' security building blocks, without a server: conversation keys, signed session ids,
rate limits, the shared handler every channel goes through, and deleting a conversation."""
from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import AwaitableTrackerStore, InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_server.channels import security
from rasa_server.channels.base import ProtectedChannel, slow_down_text
from rasa_server.channels.forget import forget

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

KEY = "unit-test-sender-key-0123456789"


@pytest.fixture(autouse=True)
def secrets(monkeypatch):
    monkeypatch.setenv("PP_SENDER_KEY", KEY)
    monkeypatch.setenv("PP_RATE_PER_SENDER", "3/60")


def test_conversation_keys_are_namespaced_keyed_hashes():
    phone = "+15145551234"
    sms, whatsapp, rest = (security.conversation_key(c, phone) for c in ("twilio", "twilio_whatsapp", "rest"))
    assert sms.startswith("twilio:") and whatsapp.startswith("twilio_whatsapp:") and rest.startswith("rest:")
    assert len({sms, whatsapp, rest}) == 3  # the same id on two channels: two conversations
    assert all("5145551234" not in key for key in (sms, whatsapp, rest))
    assert security.conversation_key("twilio", phone) == sms  # stable: the conversation goes on
    assert security.conversation_key("telegram", 123456) == security.conversation_key("telegram", "123456")


def test_the_key_depends_on_the_secret(monkeypatch):
    before = security.conversation_key("telegram", 42)
    monkeypatch.setenv("PP_SENDER_KEY", "another-secret-of-enough-length")
    assert security.conversation_key("telegram", 42) != before


@pytest.mark.parametrize("value", [None, "", "short"])
def test_missing_or_weak_secret_refuses(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("PP_SENDER_KEY")
    else:
        monkeypatch.setenv("PP_SENDER_KEY", value)
    with pytest.raises(security.MissingSecret, match="PP_SENDER_KEY"):
        security.conversation_key("rest", "x")


def test_session_ids_are_signed_and_expire():
    now = [1_800_000_000.0]
    ids = security.SessionIds(b"session-secret-for-tests", max_age=3600, clock=lambda: now[0])
    issued = ids.issue()
    assert ids.check(issued) == issued and issued != ids.issue()
    token, stamp, signature = issued.split(".")
    other = "B" if signature[-1] == "A" else "A"
    for forged in (f"{token}.{stamp}.{signature[:-1]}{other}", f"{'0' * 32}.{stamp}.{signature}",
                   f"{token}.{int(stamp) + 1}.{signature}", token, "", None, 42, {"id": issued}, "a.b.c" * 100):
        assert ids.check(forged) is None
    assert security.SessionIds(b"another-secret-entirely").check(issued) is None
    now[0] += 3601
    assert ids.check(issued) is None


def test_rate_limiter_refuses_over_the_budget_then_refills():
    now = [0.0]
    limiter = security.RateLimiter(3, 60, max_keys=2, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    now[0] += 20  # one token back
    assert limiter.allow("a") and not limiter.allow("a")
    limiter.allow("c")
    assert len(limiter) == 2  # bounded memory
    assert security.parse_rate("off", (1, 1)) == (0, 0.0) and security.RateLimiter(0, 0).allow("x")
    assert security.parse_rate("30/10", (1, 1)) == (30, 10.0) and security.parse_rate(None, (5, 6)) == (5, 6)


class FakeChannel(ProtectedChannel):
    @classmethod
    def name(cls):
        return "fake"


async def test_every_message_is_keyed_and_replies_reach_the_real_address():
    seen = []

    async def bot(message: UserMessage):
        seen.append(message.sender_id)
        await message.output_channel.send_response(message.sender_id, {"text": "bonjour"})

    handle = FakeChannel().handler(bot)
    out = CollectingOutputChannel()
    await handle(UserMessage("allo", out, "+15145551234", input_channel="fake"))
    assert seen == [security.conversation_key("fake", "+15145551234")]
    assert out.messages == [{"recipient_id": "+15145551234", "text": "bonjour"}]


async def test_a_flooding_sender_is_told_once_then_not_answered():
    answered = []

    async def bot(message: UserMessage):
        answered.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "ok")

    handle, out = FakeChannel().handler(bot), CollectingOutputChannel()
    for n in range(6):
        await handle(UserMessage(f"m{n}", out, "chat-1", input_channel="fake"))
    assert answered == ["m0", "m1", "m2"]
    notices = [m for m in out.messages if m["text"] != "ok"]  # one notice (split on its blank line)
    assert "\n\n".join(m["text"] for m in notices) == slow_down_text()
    assert {m["recipient_id"] for m in notices} == {"chat-1"} and "Attendez une minute" in slow_down_text()
    await handle(UserMessage("autre", out, "chat-2", input_channel="fake"))
    assert answered[-1] == "autre"  # other senders are not affected


def tracker(sender: str) -> DialogueStateTracker:
    state = DialogueStateTracker(sender, None)
    state.update(UserUttered("bonjour"))
    return state


@pytest.mark.parametrize("kind", ["memory", "sql", "wrapped-sql"])
async def test_forget_deletes_one_conversation(tmp_path, kind):
    domain = Domain.empty()
    store = InMemoryTrackerStore(domain) if kind == "memory" else \
        SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "trackers.db"))
    for sender in ("socketio:aaa", "socketio:bbb"):
        await store.save(tracker(sender))
    target = AwaitableTrackerStore(store) if kind == "wrapped-sql" else store
    assert await forget(target, "socketio:aaa")
    assert await store.retrieve("socketio:aaa") is None
    assert (await store.retrieve("socketio:bbb")).events


async def test_forget_uses_a_wrapper_s_own_delete():
    deleted = []

    class Wrapper:
        async def delete(self, sender_id):
            deleted.append(sender_id)

    assert await forget(Wrapper(), "rest:x") and deleted == ["rest:x"]
    assert not await forget(object(), "rest:x")



async def test_forget_runs_the_sql_delete_off_the_event_loop(tmp_path):
    """The SQL store's driver is synchronous: a slow database must not stop the other conversations."""
    class SlowStore(SQLTrackerStore):
        @contextlib.contextmanager
        def session_scope(self):
            time.sleep(0.5)  # a database that takes its time
            with super().session_scope() as session:
                yield session

    store = SlowStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "trackers.db"))
    beats = [time.monotonic()]

    async def heartbeat():
        while True:
            await asyncio.sleep(0.01)
            beats.append(time.monotonic())

    beating = asyncio.create_task(heartbeat())
    try:
        assert await forget(store, "socketio:aaa")
    finally:
        beating.cancel()
    assert max(b - a for a, b in zip(beats, beats[1:], strict=False)) < 0.25


def test_ended_sessions_refuse_a_replay_and_forget_ids_once_they_would_have_expired():
    now = [0.0]
    ended = security.EndedSessions(max_age=100, max_ids=2, clock=lambda: now[0])
    assert ended.end("a") and not ended.end("a") and "a" in ended
    now[0] = 50
    assert ended.end("b")
    now[0] = 101  # "a" has expired: its signature check refuses it anyway
    assert "a" not in ended and "b" in ended
    ended.end("c"), ended.end("d")
    assert "b" not in ended and len(ended._ended) == 2  # bounded memory, oldest forgotten first


@pytest.mark.parametrize("value", ["*", "https://www.quebec.ca,*", "https://*.example.com"])
def test_a_wildcard_origin_is_refused_at_start(monkeypatch, value):
    """Every web site could drive its visitors' browsers against the server."""
    monkeypatch.setenv("PP_ALLOWED_ORIGINS", value)
    with pytest.raises(security.MissingSecret, match="PP_ALLOWED_ORIGINS"):
        security.allowed_origins()
    assert security.allowed_origins("https://www.quebec.ca/, http://localhost:8000") == [
        "https://www.quebec.ca", "http://localhost:8000"]
