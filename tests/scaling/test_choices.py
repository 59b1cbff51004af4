"""Numbered options for SMS/WhatsApp in Redis: what one replica offers, another one resolves."""
import uuid

from scaling.choices import RedisNumberedChoices, shared_choices

YES_NO = [{"title": "Oui", "payload": "/affirm"}, {"title": "Pas encore", "payload": "/deny"}]


def replicas(port):
    url = f"redis://127.0.0.1:{port}/2"
    return RedisNumberedChoices(url), RedisNumberedChoices(url)


def test_offered_on_one_replica_resolved_on_the_other_once(redis_port):
    first, second = replicas(redis_port)
    sender = f"+1514{uuid.uuid4().int % 10**7:07d}"
    assert first.offer(sender, YES_NO) == 1
    assert first.offer(sender, [{"title": "Enfant", "payload": "/inform"}]) == 3  # numbering goes on
    assert second.resolve(sender, " 3 ") == "/inform"
    assert first.resolve(sender, "3") == "3"  # consumed: the next "3" is ordinary text (a count)


def test_other_text_passes_through_and_drops_the_options(redis_port):
    first, second = replicas(redis_port)
    sender = f"whatsapp:+1{uuid.uuid4().int % 10**9}"
    first.offer(sender, YES_NO)
    assert second.resolve(sender, "oui") == "oui"
    assert second.resolve(sender, "1") == "1"
    first.offer(sender, YES_NO)
    assert second.resolve("someone-else", "1") == "1"
    assert second.resolve(sender, "2.") == "/deny"


def test_options_are_forgotten_after_a_day(redis_port):
    first, _ = replicas(redis_port)
    sender = uuid.uuid4().hex
    first.offer(sender, YES_NO)
    assert 0 < first.red.ttl(first.prefix + sender) <= 24 * 3600


def test_enabled_by_the_environment(monkeypatch, redis_port):
    monkeypatch.delenv("PP_CHOICES_REDIS_URL", raising=False)
    assert shared_choices() is None
    monkeypatch.setenv("PP_CHOICES_REDIS_URL", f"redis://127.0.0.1:{redis_port}/2")
    assert isinstance(shared_choices(), RedisNumberedChoices)


def test_the_twilio_channel_uses_redis_when_configured(monkeypatch, redis_port):
    from channels.platforms.twilio import GuardedTwilioInput

    monkeypatch.setenv("PP_CHOICES_REDIS_URL", f"redis://127.0.0.1:{redis_port}/2")
    one = GuardedTwilioInput.from_credentials({"account_sid": "AC1", "auth_token": "t", "twilio_number": "+1"})
    other = GuardedTwilioInput.from_credentials({"account_sid": "AC1", "auth_token": "t", "twilio_number": "+1"})
    one.choices.offer("+15145550000", YES_NO)
    assert other.choices.resolve("+15145550000", "1") == "/affirm"
