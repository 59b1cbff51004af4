"""Numbered options for SMS/WhatsApp in Redis: what one replica offers, another one resolves."""
import asyncio
import time
import uuid

import pytest
import redis.asyncio

from rasa_server.channels.shared_choices import RedisNumberedChoices, shared_choices

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

YES_NO = [{"title": "Oui", "payload": "/affirm"}, {"title": "Pas encore", "payload": "/deny"}]


@pytest.fixture(autouse=True)
def sender_key(monkeypatch):
    monkeypatch.setenv("PP_SENDER_KEY", "test-sender-key-for-the-choices")


def replicas(port):
    url = f"redis://127.0.0.1:{port}/2"
    return RedisNumberedChoices(url), RedisNumberedChoices(url)


async def test_offered_on_one_replica_resolved_on_the_other_once(redis_port):
    first, second = replicas(redis_port)
    sender = f"+1514{uuid.uuid4().int % 10**7:07d}"
    assert await first.offer(sender, YES_NO) == 1
    assert await first.offer(sender, [{"title": "Enfant", "payload": "/inform"}]) == 3  # numbering goes on
    assert await second.resolve(sender, " 3 ") == "/inform"
    assert await first.resolve(sender, "3") == "3"  # consumed: the next "3" is ordinary text (a count)


async def test_other_text_passes_through_and_drops_the_options(redis_port):
    first, second = replicas(redis_port)
    sender = f"whatsapp:+1{uuid.uuid4().int % 10**9}"
    await first.offer(sender, YES_NO)
    assert await second.resolve(sender, "oui") == "oui"
    assert await second.resolve(sender, "1") == "1"
    await first.offer(sender, YES_NO)
    assert await second.resolve("someone-else", "1") == "1"
    assert await second.resolve(sender, "2.") == "/deny"


async def test_options_are_forgotten_after_a_day(redis_port):
    first, _ = replicas(redis_port)
    sender = uuid.uuid4().hex
    await first.offer(sender, YES_NO)
    assert 0 < await first.client().ttl(first.key(sender)) <= 24 * 3600


async def test_a_slow_redis_holds_only_its_own_sender(redis_port):
    """Redis stops answering writes (as under load or failing over): while one sender's options wait
    for it, the event loop goes on with other conversations; when Redis answers, the choice is read."""
    store, _ = replicas(redis_port)
    admin = redis.asyncio.Redis(host="127.0.0.1", port=redis_port)
    sender = uuid.uuid4().hex
    await store.offer(sender, YES_NO)
    await admin.execute_command("CLIENT", "PAUSE", 20_000, "WRITE")  # reads (and UNPAUSE) still answered
    try:
        held = asyncio.ensure_future(store.resolve(sender, "2"))
        start = time.monotonic()
        for _ in range(20):  # another conversation's work: 20 turns of the event loop, 10 ms each
            await asyncio.sleep(0.01)
        elapsed = time.monotonic() - start
        assert not held.done()  # the lookup was still waiting for Redis...
        assert elapsed < 2, elapsed  # ...and had not held up the loop (a blocking client would, up to 5 s)
    finally:
        await admin.execute_command("CLIENT", "UNPAUSE")
        await admin.close()
    assert await asyncio.wait_for(held, 5) == "/deny"


def test_enabled_by_the_environment(monkeypatch, redis_port):
    monkeypatch.delenv("PP_CHOICES_REDIS_URL", raising=False)
    assert shared_choices() is None
    monkeypatch.setenv("PP_CHOICES_REDIS_URL", f"redis://127.0.0.1:{redis_port}/2")
    assert isinstance(shared_choices(), RedisNumberedChoices)


async def test_the_twilio_channel_uses_redis_when_configured(monkeypatch, redis_port):
    from rasa_server.channels.platforms.twilio import GuardedTwilioInput

    monkeypatch.setenv("PP_CHOICES_REDIS_URL", f"redis://127.0.0.1:{redis_port}/2")
    one = GuardedTwilioInput.from_credentials({"account_sid": "AC1", "auth_token": "t", "twilio_number": "+1"})
    other = GuardedTwilioInput.from_credentials({"account_sid": "AC1", "auth_token": "t", "twilio_number": "+1"})
    sender = f"+1514{uuid.uuid4().int % 10**7:07d}"
    await one.choices.offer(sender, YES_NO)
    assert await other.choices.resolve(sender, "1") == "/affirm"


async def test_redis_never_holds_the_phone_number(redis_port):
    """SMS and WhatsApp options are kept under a keyed hash of the address (SECURITY.md), as the
    conversations are: neither the keys nor the values carry the number."""
    first, second = replicas(redis_port)
    number = f"+1514{uuid.uuid4().int % 10**7:07d}"
    for sender in (number, f"whatsapp:{number}"):
        await first.offer(sender, YES_NO)
    red = redis.asyncio.Redis.from_url(f"redis://127.0.0.1:{redis_port}/2")
    stored = [key.decode() for key in await red.keys("*")]
    values = [value.decode() for key in stored for value in await red.lrange(key, 0, -1)]
    assert not [text for text in stored + values if number[2:] in text]
    assert first.key(number) in stored and first.key(f"whatsapp:{number}") in stored
    assert first.key(number) != first.key(f"whatsapp:{number}")
    assert await second.resolve(number, "2") == "/deny" and await second.resolve(f"whatsapp:{number}", "1") == "/affirm"
    await red.close()
