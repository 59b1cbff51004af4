"""The registry of intents: the one place that says, for every intent, what answers it and how the
dialogue treats it. No Rasa import.

Everything else is derived from `INTENTS`: the handler table and the sourced topics
(actions/dispatch.py), the follow-up tables (actions/followups.py), which messages carry the caller's
location, a date or a CSQ age (actions/state.py), and, written by `python -m actions.intents`,
the intents list of `domain.yml` and the dialogue rule `data/rules/answers.yml`.
tests/test_intent_registry.py fails when the domain, the rules, the handlers, the topic titles
(the `topics` of actions/responses/*.yml), the NLU data, docs/intents.md and this table disagree.

Why a Python table rather than a data file: a handler is code, so the table names the function
itself (a typo fails at import, a type checker sees it, "find usages" finds it), with no
string-to-function lookup to keep in sync. Only the action server and the generator read it; the
Rasa server reads what is generated from it (the domain, the rule) and the titles in ui_text.yml.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actions import domain_responses
from actions.answers import contact, conversation, deadlines, decisions, family, fees, program
from actions.slots import slots_block
from actions.turn import Reply, Turn

Handler = Callable[[Turn], list[Reply]]
ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "domain.yml"
DOMAIN_BASE = Path(__file__).resolve().parent / "domain_base.yml"
PATTERNS = ROOT / "rasa_server" / "nlu" / "pipeline" / "patterns.yml"
RULES = ROOT / "data" / "rules" / "answers.yml"
GENERATED_HEADER = (
    "# Written by `python -m actions.intents`: do not edit. The sources: actions/domain_base.yml (version,\n"
    "# session, actions), the intent registry actions/intents.py (intents, entities), actions/slots.py\n"
    "# (slots) and actions/responses/*.yml (the responses, French and English side by side; the English variant\n"
    "# under a condition on the language slot). Responses carry no program facts: the actions pass them in\n"
    "# from pilot_program/facts/program.yml.")
CATALOGUE = ROOT / "docs" / "intents-catalogue.md"
CATALOGUE_HEADER = (
    "<!-- Written by `python -m actions.intents` from the training data's `metadata` (data/nlu/*.yml: wants,\n"
    "boundary) and the registry (actions/intents.py): do not edit; docs/intents.md says how to write examples. -->\n"
    "# The intents")
# Entities the NLU components add (rasa_server/nlu/input_guard.py): the message's language, a problem with its input.
ENTITIES_FROM_COMPONENTS = ("detected_language", "input_problem")


@dataclass(frozen=True)
class Intent:
    name: str
    handler: Handler | None  # None: answered before dispatch (actions/feedback.py)
    # A program topic: offered as a suggestion button (its title under `topics` in actions/responses/<theme>.yml),
    # its payload `/name` accepted when typed (rasa_server/nlu/typed_payloads.py reads those titles).
    topic: bool = False
    # States program facts: ends with the sources used, asks "was this helpful?", and is remembered as
    # the topic a later half-sentence continues.
    sourced: bool = False
    # Details (keys of actions/followups.py DETAILS) that change its answer: a half-sentence carrying
    # one of them after this answer continues it.
    follow_up: frozenset[str] = frozenset()
    answered_as: str | None = None  # its follow-ups are answered by that intent's handler
    # the one question its answer may end with: the response that asks it, and the detail (slot) it asks for
    asks: tuple[str, str] | None = None
    location: bool = False  # the caller's location said in its message is kept (phone numbers by place)
    reply: bool = False  # a reply to the question asked (yes, no, a detail...), not a question of its own
    contentless: bool = False  # says nothing about a topic of its own: a detail it carries is the previous topic's
    payload_only: bool = False  # sent only by buttons: no NLU examples, never predicted from text
    payload_entities: tuple[str, ...] = ()  # entities its buttons' payloads carry ("/feedback{\"helpful\": ...}")
    # what a payload-only intent is, for the catalogue (a trained intent says it in data/nlu, `metadata: wants`)
    description: str = ""
    builtin: bool = False  # Rasa's own intent (nlu_fallback): not declared in domain.yml


def topic(name: str, handler: Handler, follow_up: Iterable[str] = (), **flags: Any) -> Intent:
    """A program topic: suggested, sourced."""
    return Intent(name, handler, topic=True, sourced=True, follow_up=frozenset(follow_up), **flags)


CONTACT_DETAILS = ("caller_location", "when")
CSQ_QUESTION = ("utter_ask_csq_obtained", "csq_obtained")
INTENTS: tuple[Intent, ...] = (
    topic("ask_program_status", program.status),
    topic("ask_program_history", program.history),
    topic("ask_eligibility", program.eligibility),
    topic("ask_replacement", program.replacement_route),
    topic("ask_submitted_file", program.submitted_file),
    topic("ask_cap", program.cap),
    topic("ask_processing_time", program.processing_time),
    topic("ask_application_status", program.application_status),
    topic("ask_fees", fees.fees, {"members"}, asks=("utter_ask_children_count", "children_count")),
    topic("ask_fee_refund", fees.refund),
    topic("ask_payment", fees.payment, {"payment"}),
    topic("add_family_member", family.add_member, {"members", "csq", "csq_age", "age"}, location=True,
          asks=CSQ_QUESTION),
    topic("remove_family_member", family.remove_member, {"members", "csq", "csq_age"}, location=True,
          asks=CSQ_QUESTION),
    topic("ask_mailing_address", family.mailing_address),
    topic("ask_consent_declaration", family.consent_declaration),
    topic("ask_deadline", deadlines.deadline, {"date"}),
    topic("ask_values_attestation", deadlines.values_attestation, {"date"}),
    topic("ask_decision", decisions.decision, {"decision"}),
    topic("ask_admin_review", decisions.admin_review),
    topic("ask_representative", decisions.representatives),
    # "can I say my son is 17 though he is 19?": never helped (also read from the words: actions/dispatch.py)
    Intent("ask_misrepresentation", decisions.misrepresentation, sourced=True),
    topic("ask_contact", contact.contact, CONTACT_DETAILS, location=True),
    topic("ask_hours", contact.hours, CONTACT_DETAILS, location=True),
    # "can I talk to someone?", then "I'm calling from France": the numbers and hours (ask_contact)
    topic("ask_human", conversation.human, CONTACT_DETAILS, location=True, answered_as="ask_contact"),
    Intent("ask_capabilities", conversation.capabilities, contentless=True),
    Intent("inform", conversation.fallback, location=True, reply=True, contentless=True),
    Intent("greet", conversation.greet),
    Intent("goodbye", conversation.goodbye),
    Intent("thanks", conversation.thanks),
    Intent("affirm", conversation.acknowledge, reply=True, contentless=True),
    Intent("deny", conversation.acknowledge, reply=True, contentless=True),
    Intent("bot_challenge", conversation.bot_challenge),
    Intent("out_of_scope", conversation.out_of_scope, reply=True, contentless=True),
    Intent("switch_language", conversation.switch_language),
    # the "Was this helpful?" buttons (actions/feedback.py)
    Intent("feedback", None, payload_only=True, payload_entities=("helpful",),
           description='Sent only by the "Was this helpful?" buttons (`/feedback{"helpful": "yes"}` or `"no"`); '
                       'never predicted from text, so it has no training examples. A typed "yes"/"no" is '
                       '`affirm`/`deny` (a rating only while that question alone is open).'),
    Intent("nlu_fallback", conversation.fallback, reply=True, contentless=True, builtin=True),
)
BY_NAME = {intent.name: intent for intent in INTENTS}


def questions() -> dict[str, str]:
    """The questions an answer may end with (their response) and the detail (slot) each asks for."""
    return dict(i.asks for i in INTENTS if i.asks)


def names(**flags: bool) -> frozenset[str]:
    """The intents whose flags have these values: names(sourced=True), names(payload_only=False)..."""
    return frozenset(i.name for i in INTENTS if all(getattr(i, flag) == value for flag, value in flags.items()))


def using(detail: str) -> frozenset[str]:
    """The intents whose answer a detail changes (actions/followups.py DETAILS)."""
    return frozenset(i.name for i in INTENTS if detail in i.follow_up)


def domain_intents_block() -> str:
    declared = [i for i in INTENTS if not i.builtin]
    lines = ["intents:", *(f"  - {i.name}" for i in declared if not i.payload_only),
             "  # sent only by buttons, never predicted from text (no training examples)",
             *(f"  - {i.name}" for i in declared if i.payload_only)]
    return "\n".join(lines) + "\n"


def rules_file() -> str:
    steps = "".join(f"    - intent: {i.name}\n" for i in INTENTS)
    return (
        'version: "3.1"\n'
        "# Written by `python -m actions.intents` from the registry actions/intents.py: do not edit.\n"
        "# Every message is answered in one turn: action_answer reads the intent, the entities and the slots,\n"
        "# asks the rules module, and replies by response name. There are no forms: an answer comes first,\n"
        "# and when one detail would change it, the answer ends with one question (slot pending_question);\n"
        "# the reply to it, or a follow-up half-sentence, is routed back to that topic in actions/dispatch.py.\n"
        "# A click on a feedback button (intent `feedback`) is a rating, stored by action_answer.\n"
        "rules:\n- rule: answer every message\n  steps:\n  - or:\n" + steps + "  - action: action_answer\n"
    )


def entities_block() -> str:
    """The entity ruler's labels (rasa_server/nlu/pipeline/patterns.yml), then those the components and the
    buttons add."""
    ruler = [label for label in yaml.safe_load(PATTERNS.read_text(encoding="utf-8")) if label != "case_sensitive"]
    added = [*ENTITIES_FROM_COMPONENTS, *(e for i in INTENTS for e in i.payload_entities)]
    return "entities:\n" + "".join(f"  - {name}\n" for name in dict.fromkeys([*ruler, *added]))


def domain_file() -> str:
    """domain.yml, whole: its hand-written part (actions/domain_base.yml), then what the registry, the slots
    table and the responses imply."""
    base = DOMAIN_BASE.read_text(encoding="utf-8").split("\n", 2)[2]  # without the base file's own header
    return "\n".join([GENERATED_HEADER, base, domain_intents_block(), entities_block(), slots_block(),
                      domain_responses.responses_block(domain_responses.sources())])


def catalogue_file() -> str:
    """docs/intents-catalogue.md: every intent, what the user wants and its boundary with its neighbours, from
    the first block of its training data (`metadata: wants, boundary`) or the registry (payload-only ones)."""
    described: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in block and block["intent"] not in described:
                described[block["intent"]] = {**(block.get("metadata") or {}), "file": path.name}
    rows = []
    for intent in (i for i in INTENTS if not i.builtin):
        meta = described.get(intent.name, {})
        wants = meta.get("wants") or intent.description
        where = f"`data/nlu/{meta['file']}`" if "file" in meta else "buttons only"
        rows.append(f"| `{intent.name}` | {wants} | {meta.get('boundary', '')} | {where} |")
    return "\n".join([CATALOGUE_HEADER, "", "| intent | what the user wants | boundary with neighbours | examples |",
                      "|---|---|---|---|", *rows]) + "\n"


def generated() -> dict[Path, str]:
    return {DOMAIN: domain_file(), RULES: rules_file(), CATALOGUE: catalogue_file()}


def main() -> int:
    """Rewrites domain.yml's intents (from the registry) and responses (from actions/responses/*.yml), and
    data/rules/answers.yml (from the registry)."""
    for path, text in generated().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
