"""Form validators: each form asks only what the rules still need."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction


class ValidateFeeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_fee_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: dict[str, Any]) -> list[str]:
        unknown_count = tracker.get_slot("children_mentioned") and tracker.get_slot("children_count") is None
        return ["children_count"] if unknown_count else []


class ValidateFamilyChangeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_family_change_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: dict[str, Any]) -> list[str]:
        needed = ["family_member", "csq_obtained"]
        if tracker.get_slot("csq_obtained"):
            needed.append("csq_issue_date")
        return [slot for slot in needed if tracker.get_slot(slot) is None]


class ValidateDeadlineForm(FormValidationAction):
    def name(self) -> str:
        return "validate_deadline_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: dict[str, Any]) -> list[str]:
        return ["request_date"] if tracker.get_slot("request_date") is None else []
