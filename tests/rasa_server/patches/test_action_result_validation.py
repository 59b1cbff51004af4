"""The action server's replies are still validated after the speed fix, with the same errors."""
import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from rasa_server.patches.action_result_validation import validate_action_result
from rasa_server.startup import install_patches


@pytest.fixture(autouse=True, scope="module")
def started_server():
    """The Rasa server's startup hook installs the fix (tests/rasa_server/test_startup.py:
    in every way the server starts)."""
    install_patches()


def test_the_fix_is_installed_on_remote_actions():
    assert RemoteAction._validate_action_result is validate_action_result


def test_a_well_formed_reply_passes():
    reply = {"events": [{"event": "slot", "name": "language", "value": "fr"}],
             "responses": [{"response": "utter_greet"}]}
    assert RemoteAction("action_answer", None)._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": [42]},
])
def test_a_malformed_reply_is_refused_with_the_error_rasa_would_raise(reply):
    with pytest.raises(ValidationError) as original:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as error:
        RemoteAction("action_answer", None)._validate_action_result(reply)
    assert error.value.message.startswith(original.value.message)
    assert "Failed to validate Action server response" in error.value.message


# Each event checked against its own kind (rasa_server/patches/action_result_validation.py): the same verdict as
# jsonschema's 23 alternatives, on every kind of event Rasa has and on broken ones.
def _every_kind_of_event() -> list[dict]:
    from rasa.shared.core import events

    samples = [events.UserUttered("hi", {"name": "greet", "confidence": 0.9}, [{"entity": "n", "value": "2"}]),
               events.BotUttered("bonjour", {"buttons": [{"title": "Oui", "payload": "/affirm"}]}),
               events.SlotSet("language", "fr"), events.ActionExecuted("action_listen"), events.SessionStarted(),
               events.ActiveLoop("form"), events.AllSlotsReset(), events.Restarted(), events.UserUtteranceReverted(),
               events.ActionReverted(), events.FollowupAction("action_answer"), events.ConversationPaused(),
               events.ConversationResumed(), events.StoryExported(), events.LoopInterrupted(True),
               events.ActionExecutionRejected("action_answer"), events.ReminderCancelled(name="r"),
               events.EntitiesAdded([{"entity": "n", "value": "2"}]), events.DefinePrevUserUtteredFeaturization(False)]
    return [event.as_dict() for event in samples]


def _replies() -> list[dict]:
    good = [{"events": [event], "responses": [{"response": "utter_greet", "lang": "fr"}]}
            for event in _every_kind_of_event()]
    good.append({"events": _every_kind_of_event(), "responses": []})
    bad = [{"events": [{"event": "slot", "name": 3, "value": "x"}]}, {"events": [{"event": "user", "text": 4}]},
           {"events": [{"event": "bot", "text": "x", "timestamp": "now"}]}, {"events": [{"name": "no event"}]},
           {"events": [{"event": "slot", "name": "a"}, {"event": "nope"}]}, {"events": [3]},
           {"events": [{"event": "action", "name": 5}]}, {"responses": "utter_greet"}, {"events": {}}, [], "reply"]
    return [(reply, True) for reply in good] + [(reply, False) for reply in bad]


@pytest.mark.parametrize("reply, valid", _replies())
def test_the_check_by_kind_gives_jsonschema_s_verdict(reply, valid):
    from rasa_server.patches.action_result_validation import passes_by_kind

    schema = RemoteAction.action_response_format_spec()
    full = jsonschema.validators.validator_for(schema)(schema).is_valid(reply)  # what jsonschema.validate uses
    assert full is valid  # the sample is what it claims to be
    assert passes_by_kind(reply) is valid


def test_a_schema_of_another_shape_gets_the_full_validation(monkeypatch):
    from rasa_server.patches import action_result_validation

    monkeypatch.setattr(RemoteAction, "action_response_format_spec", staticmethod(lambda: {"type": "object"}))
    action_result_validation._by_kind.cache_clear()
    try:
        assert action_result_validation.passes_by_kind({"events": []}) is None
        assert RemoteAction("action_answer", None)._validate_action_result({"events": []}) is True
    finally:
        monkeypatch.undo()
        action_result_validation._by_kind.cache_clear()
