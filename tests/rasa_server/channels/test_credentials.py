"""credentials.yml starts offline with no variable; credentials.channels.yml declares every
platform with its secrets from the environment, and each channel builds from it."""
import os
from unittest import mock

import pytest
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.common import class_from_module_path
from rasa.shared.utils.io import read_yaml_file

from tests.servers import ROOT

PLATFORMS = {
    "rasa_server.channels.platforms.telegram.GuardedTelegramInput": "telegram",
    "rasa_server.channels.platforms.facebook.GuardedFacebookInput": "facebook",
    "rasa_server.channels.platforms.twilio.GuardedTwilioInput": "twilio",
    "rasa_server.channels.platforms.twilio.GuardedTwilioWhatsAppInput": "twilio_whatsapp",
    "rasa_server.channels.platforms.slack.GuardedSlackInput": "slack",
    "rasa_server.channels.platforms.botframework.GuardedBotFrameworkInput": "botframework",
}
VARIABLES = ["PUBLIC_URL", "TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN", "FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET",
             "FACEBOOK_PAGE_ACCESS_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_SMS_NUMBER",
             "TWILIO_WHATSAPP_NUMBER", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "BOTFRAMEWORK_APP_ID",
             "BOTFRAMEWORK_APP_PASSWORD"]


@pytest.fixture
def environment(monkeypatch):
    values = {name: f"value-of-{name.lower()}" for name in VARIABLES}
    values.update(PUBLIC_URL="https://assistant.example", TELEGRAM_TOKEN="123456:AAtelegramtoken",
                  TELEGRAM_SECRET_TOKEN="telegram_secret-0123456789",
                  TWILIO_ACCOUNT_SID="AC0000", TWILIO_WHATSAPP_NUMBER="+14155238886")
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_public_credentials_have_no_rest_channel_and_need_no_platform_variable(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    credentials = read_yaml_file(ROOT / "credentials.yml")
    assert "rasa_server.channels.socketio.GuardedSocketIOInput" in credentials
    assert not any("rest" in name.lower() for name in credentials)
    assert not any("rest" in name.lower() for name in read_yaml_file_with_env(ROOT / "credentials.channels.yml"))
    assert "rasa_server.channels.health.HealthInput" in credentials  # readiness and the failure checks (SECURITY.md)


def read_yaml_file_with_env(path):
    with mock.patch.dict(os.environ, {name: "x" * 20 for name in VARIABLES}):
        return read_yaml_file(path)


@pytest.mark.parametrize("missing", ["PP_SENDER_KEY", "PP_SESSION_SECRET", "PP_REST_TOKEN"])
def test_channels_refuse_to_start_without_their_secrets(monkeypatch, missing):
    from rasa_server.channels.rest import GuardedRestInput
    from rasa_server.channels.security import MissingSecret
    from rasa_server.channels.socketio import GuardedSocketIOInput

    for name in ("PP_SENDER_KEY", "PP_SESSION_SECRET", "PP_REST_TOKEN"):
        monkeypatch.setenv(name, "a-long-enough-local-secret")
    monkeypatch.delenv(missing)
    with pytest.raises(MissingSecret, match=missing):
        GuardedRestInput.from_credentials(None)
        GuardedSocketIOInput.from_credentials({})


def test_channels_file_keeps_the_public_channels_as_in_credentials_yml(environment):
    base, channels = read_yaml_file(ROOT / "credentials.yml"), read_yaml_file(ROOT / "credentials.channels.yml")
    assert {key: channels[key] for key in base} == base
    assert set(channels) == set(base) | set(PLATFORMS)


def test_channels_file_refuses_to_start_without_its_variables(monkeypatch):
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    with pytest.raises(RasaException, match="TELEGRAM_TOKEN"):
        read_yaml_file(ROOT / "credentials.channels.yml")


def test_secrets_come_from_the_environment_and_every_channel_builds(environment, platforms):
    credentials = read_yaml_file(ROOT / "credentials.channels.yml")
    assert credentials["rasa_server.channels.platforms.twilio.GuardedTwilioInput"]["webhook_url"] == \
        "https://assistant.example/webhooks/twilio/webhook"
    # Bot Framework downloads its signing keys when built: from the loopback fake here
    credentials["rasa_server.channels.platforms.botframework.GuardedBotFrameworkInput"]["openid_config_url"] = platforms.botframework_openid_url
    for path, name in PLATFORMS.items():
        channel = class_from_module_path(path).from_credentials(credentials[path])
        assert channel.name() == name
        assert not any("${" in str(value) for value in vars(channel).values())
    text = (ROOT / "credentials.channels.yml").read_text()
    for name in VARIABLES:
        assert "${" + name + "}" in text
    whatsapp = class_from_module_path("rasa_server.channels.platforms.twilio.GuardedTwilioWhatsAppInput").from_credentials(
        credentials["rasa_server.channels.platforms.twilio.GuardedTwilioWhatsAppInput"])
    assert whatsapp.twilio_number == "whatsapp:+14155238886"
