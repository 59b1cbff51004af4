"""The server refuses placeholder or short PostgreSQL and Redis passwords at start."""
import pytest
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig

from rasa_server.checks import StartupRefused, passwords

STRONG = "Jq7-vX2p_Lr9sT4wKz8a"


@pytest.mark.parametrize("password", ["change-me", "CHANGE-ME", "change-me-please-now-2026", "changeme123456789012",
                                      "password", "Password1234567890", "postgres", "secret", "short-rand0m-pw",
                                      "aaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababab"])
def test_placeholders_short_or_repetitive_passwords_are_weak(password):
    assert passwords.weakness(password)


def test_a_random_password_is_not():
    assert passwords.weakness(STRONG) is None
    assert passwords.weakness("3b0c6f1e9a27d4c85f1e0b9a") is None


def endpoints(tracker_url=None, tracker_password=None, lock_password=None):
    tracker = EndpointConfig(url=tracker_url, type="SQL", dialect="postgresql", password=tracker_password)
    lock = EndpointConfig(url="redis.internal", type="redis", password=lock_password)
    return AvailableEndpoints(tracker_store=tracker, lock_store=lock)


@pytest.mark.parametrize("settings, where", [
    ({"tracker_url": "postgresql://rasa:change-me@postgres:5432/rasa"}, "the tracker store's URL"),
    ({"tracker_url": "postgres", "tracker_password": "rasa"}, "the tracker store's password"),
    ({"lock_password": "change-me"}, "the lock store's password"),
])
def test_the_server_refuses_weak_passwords_naming_where_never_what(settings, where):
    with pytest.raises(StartupRefused, match=where) as refused:
        passwords.check(endpoints(**settings))
    assert "change-me" not in str(refused.value) and "rasa@" not in str(refused.value)


def test_the_choices_redis_url_is_checked_too(monkeypatch):
    monkeypatch.setenv("PP_CHOICES_REDIS_URL", "redis://:change-me@redis:6379/2")
    with pytest.raises(StartupRefused, match="PP_CHOICES_REDIS_URL"):
        passwords.check(AvailableEndpoints())


def test_strong_or_absent_passwords_pass(monkeypatch):
    monkeypatch.setenv("PP_CHOICES_REDIS_URL", f"rediss://:{STRONG}@redis:6380/2")
    passwords.check(endpoints(f"postgresql://rasa:{STRONG}@postgres:5432/rasa?sslmode=verify-full", None, STRONG))
    monkeypatch.delenv("PP_CHOICES_REDIS_URL")
    passwords.check(endpoints("postgresql://rasa@127.0.0.1:5432/rasa"))  # no password: the server's own rules
    passwords.check(AvailableEndpoints(tracker_store=EndpointConfig(type="SQL", dialect="sqlite", db="t.db")))
