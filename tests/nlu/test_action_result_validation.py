"""The action server's replies are still validated after the speed fix, with the same errors."""
import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from components.action_result_validation import validate_action_result
from server_checks.startup import install_patches


@pytest.fixture(autouse=True, scope="module")
def started_server():
    """The Rasa server's startup hook installs the fix (tests/server_checks/test_startup_patches.py:
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
