"""Validates the action server's replies with a JSON-schema validator built once.

Rasa 3.6's ``RemoteAction`` calls ``jsonschema.validate`` on every reply from the action
server, and ``validate`` first checks the (large, constant) events schema against the
meta-schema each time. Profiling a conversation on 2 cores showed that re-check taking about
three quarters of the Rasa server's CPU per message. This builds the validator once; the
reply is validated against the same schema and a bad reply raises the same error as before.

Installed when the Rasa server starts, by ``server_checks.startup.install_patches``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, instead of once per reply
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = best_match(_validator().iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
