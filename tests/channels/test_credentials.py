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
    "channels.platforms.telegram.GuardedTelegramInput": "telegram",
    "channels.platforms.facebook.GuardedFacebookInput": "facebook",
    "channels.platforms.twilio.GuardedTwilioInput": "twilio",
    "channels.platforms.twilio.GuardedTwilioWhatsAppInput": "twilio_whatsapp",
    "channels.platforms.slack.GuardedSlackInput": "slack",
    "channels.platforms.botframework.GuardedBotFrameworkInput": "botframework",
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
    assert "channels.socketio.GuardedSocketIOInput" in credentials
    assert not any("rest" in name.lower() for name in credentials)
    assert not any("rest" in name.lower() for name in read_yaml_file_with_env(ROOT / "credentials.channels.yml"))
    assert "channels.health.HealthInput" in credentials  # readiness and the failure checks (SECURITY.md)


def read_yaml_file_with_env(path):
    with mock.patch.dict(os.environ, {name: "x" * 20 for name in VARIABLES}):
        return read_yaml_file(path)


@pytest.mark.parametrize("missing", ["PP_SENDER_KEY", "PP_SESSION_SECRET", "PP_REST_TOKEN"])
def test_channels_refuse_to_start_without_their_secrets(monkeypatch, missing):
    from channels.rest import GuardedRestInput
    from channels.security import MissingSecret
    from channels.socketio import GuardedSocketIOInput

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
    assert credentials["channels.platforms.twilio.GuardedTwilioInput"]["webhook_url"] == \
        "https://assistant.example/webhooks/twilio/webhook"
    # Bot Framework downloads its signing keys when built: from the loopback fake here
    credentials["channels.platforms.botframework.GuardedBotFrameworkInput"]["openid_config_url"] = platforms.botframework_openid_url
    for path, name in PLATFORMS.items():
        channel = class_from_module_path(path).from_credentials(credentials[path])
        assert channel.name() == name
        assert not any("${" in str(value) for value in vars(channel).values())
    text = (ROOT / "credentials.channels.yml").read_text()
    for name in VARIABLES:
        assert "${" + name + "}" in text
    whatsapp = class_from_module_path("channels.platforms.twilio.GuardedTwilioWhatsAppInput").from_credentials(
        credentials["channels.platforms.twilio.GuardedTwilioWhatsAppInput"])
    assert whatsapp.twilio_number == "whatsapp:+14155238886"
