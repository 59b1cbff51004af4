"""Validates the action server's replies with JSON-schema validators built once, each event against its own kind.

Rasa 3.6's ``RemoteAction`` calls ``jsonschema.validate`` on every reply from the action
server, and ``validate`` first checks the (large, constant) events schema against the
meta-schema each time. Profiling a conversation on 2 cores showed that re-check taking about
three quarters of the Rasa server's CPU per message. This builds the validators once.

Then the schema itself: each event must match exactly one of 23 alternatives (``oneOf``), one per kind
of event, each naming its kind with ``"event": {"const": ...}``; jsonschema tries all 23 on every event
(about 3 ms a reply). An event can only match the alternative of its own kind, so the reply is checked
against the schema without the ``oneOf``, and each event against the alternative its ``event`` names:
the same verdict (tests/rasa_server/patches/test_action_result_validation.py compares both on real and broken replies),
about eight times faster. A reply this fast check refuses is validated again the full way, so a bad
reply raises exactly the error ``jsonschema.validate`` would. Should Rasa's schema change shape (an
alternative without its ``const``), the full validation is used for every reply.

Installed when the Rasa server starts, by ``rasa_server.startup.install_patches``.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

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


@lru_cache(maxsize=1)
def _by_kind() -> tuple[Any, dict[str, Any]] | None:
    """The schema without the events' ``oneOf``, and a validator per kind of event; None when the schema
    is not shaped so (then every reply gets the full validation)."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    try:
        items = schema["properties"]["events"]["items"]
        alternatives = items.pop("oneOf")
        kinds = [alternative["properties"]["event"]["const"] for alternative in alternatives]
    except (KeyError, TypeError):
        return None
    if len(set(kinds)) != len(kinds):
        return None
    validator_class = validators.validator_for(schema)
    return validator_class(schema), {kind: validator_class(alt) for kind, alt in zip(kinds, alternatives, strict=True)}


def passes_by_kind(result: Any) -> bool | None:
    """The fast verdict (None when the schema is not shaped for it)."""
    checks = _by_kind()
    if checks is None:
        return None
    outer, kinds = checks
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or [] if isinstance(result, dict) else []:
        kind = event.get("event") if isinstance(event, dict) else None
        validator = kinds.get(kind) if isinstance(kind, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if passes_by_kind(result):
        return True
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
