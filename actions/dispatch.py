"""Which handler answers which intent, and which answer closes which form. No Rasa import."""
from __future__ import annotations

from typing import Callable

from actions.answers import contact, conversation, decisions, deadlines, family, fees, program
from actions.answers.sources import source_footer
from actions.rules.knowledge import citing
from actions.turn import Reply, Turn

Handler = Callable[[Turn], list[Reply]]

INTENT_HANDLERS: dict[str, Handler] = {
    "greet": conversation.greet,
    "goodbye": conversation.goodbye,
    "thanks": conversation.thanks,
    "affirm": conversation.acknowledge,
    "deny": conversation.acknowledge,
    "bot_challenge": conversation.bot_challenge,
    "out_of_scope": conversation.out_of_scope,
    "switch_language": conversation.switch_language,
    "ask_capabilities": conversation.capabilities,
    "inform": conversation.fallback,
    "nlu_fallback": conversation.fallback,
    "ask_human": conversation.human,
    "ask_program_status": program.status,
    "ask_eligibility": program.eligibility,
    "ask_replacement": program.replacement_route,
    "ask_submitted_file": program.submitted_file,
    "ask_cap": program.cap,
    "ask_processing_time": program.processing_time,
    "ask_application_status": program.application_status,
    "ask_fees": fees.fees,
    "ask_fee_refund": fees.refund,
    "ask_payment": fees.payment,
    "add_family_member": family.add_member,
    "remove_family_member": family.remove_member,
    "ask_mailing_address": family.mailing_address,
    "ask_consent_declaration": family.consent_declaration,
    "ask_deadline": deadlines.deadline,
    "ask_values_attestation": deadlines.values_attestation,
    "ask_decision": decisions.decision,
    "ask_admin_review": decisions.admin_review,
    "ask_representative": decisions.representatives,
    "ask_contact": contact.contact,
    "ask_hours": contact.hours,
}

# Answers that state program facts end with the sources of the facts they used, with their dates.
SOURCED_INTENTS = {
    "ask_program_status", "ask_eligibility", "ask_replacement", "ask_submitted_file", "ask_cap",
    "ask_fees", "ask_fee_refund", "ask_payment", "add_family_member", "remove_family_member",
    "ask_mailing_address", "ask_consent_declaration", "ask_deadline", "ask_values_attestation",
    "ask_decision", "ask_admin_review", "ask_representative", "ask_contact", "ask_hours",
    "ask_processing_time", "ask_application_status", "ask_human",
}


def form_intent(turn: Turn) -> str | None:
    """When a form just finished, the question it was gathering details for."""
    if turn.previous_action == "fee_form":
        return "ask_fees"
    if turn.previous_action == "deadline_form":
        return "ask_deadline"
    if turn.previous_action == "family_change_form":
        return "remove_family_member" if turn.slot("change_type") == "remove" else "add_family_member"
    return None


def answer(turn: Turn) -> list[Reply]:
    # contact.follow_up: a stopgap until the generic follow-up registry (conv-dialogue) lands; there it
    # becomes FOLLOW_UP_TOPICS entries for ask_contact/ask_hours with a "when" detail (asked_moment(...).any).
    intent = form_intent(turn) or contact.follow_up(turn) or turn.intent or "nlu_fallback"
    handler = INTENT_HANDLERS.get(intent, conversation.fallback)
    with citing() as cited:
        replies = handler(turn)
    return [*replies, source_footer(turn, cited)] if intent in SOURCED_INTENTS else replies
