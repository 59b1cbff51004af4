"""Decisions, administrative review, representatives."""
from __future__ import annotations

from actions.answers.sources import source_link
from actions.rules.decisions import Decision, administrative_review, explain_decision
from actions.rules.knowledge import knowledge
from actions.turn import Reply, Turn
from actions.wording import texts

DECISION_RESPONSES = {
    Decision.SELECTED: "utter_decision_selected",
    Decision.REFUSED: "utter_decision_refused",
    Decision.REJECTED: "utter_decision_rejected",
}
# A missed interview is one of the causes of a rejection.
DECISION_OF_ENTITY = {"selected": Decision.SELECTED, "refused": Decision.REFUSED,
                      "rejected": Decision.REJECTED, "interview": Decision.REJECTED}


def decision(turn: Turn) -> list[Reply]:
    mentioned = turn.slot("decision")
    if mentioned not in DECISION_OF_ENTITY:
        return [Reply("utter_decisions_overview")]
    info = explain_decision(DECISION_OF_ENTITY[mentioned])
    return [Reply(DECISION_RESPONSES[info.decision], {
        "causes": texts(info.causes, turn.lang), "next_steps": texts(info.next_steps, turn.lang)})]


def admin_review(turn: Turn) -> list[Reply]:
    review = administrative_review()
    page = knowledge().sources["admin_review_page"]
    return [Reply("utter_admin_review", {
        "deadline_days": review.deadline_days,
        "deadline_source": review.deadline_source.name(turn.lang) if review.deadline_source else "",
        "review_url": source_link(page, turn.lang, say_language=True),
    })]


def representatives(turn: Turn) -> list[Reply]:
    return [Reply("utter_representatives", {"items": texts(knowledge().fact("representatives").texts(), turn.lang)})]
