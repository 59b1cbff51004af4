"""Decisions, administrative review, representatives."""
from __future__ import annotations

from actions.answers.sources import source_link
from actions.turn import Reply, Turn
from pilot_program.rules.decisions import Decision, administrative_review, explain_decision
from pilot_program.wording import contact_centre, fact_text, phones_text, texts

DECISION_RESPONSES = {
    Decision.SELECTED: "utter_decision_selected",
    Decision.REFUSED: "utter_decision_refused",
    Decision.REJECTED: "utter_decision_rejected",
}
DECISION_OF_ENTITY = {"selected": Decision.SELECTED, "refused": Decision.REFUSED, "rejected": Decision.REJECTED}
def _decision_replies(turn: Turn, decision: Decision) -> list[Reply]:
    info = explain_decision(turn.knowledge, decision)
    return [Reply(DECISION_RESPONSES[decision], {
        "causes": texts(info.causes, turn.lang), "next_steps": texts(info.next_steps, turn.lang)})]


def decision(turn: Turn) -> list[Reply]:
    details = turn.frame.details
    named = set(details.decisions)
    if turn.slot("decision") and not named:  # a follow-up button or an earlier message
        named = {turn.slot("decision")}
    if "interview" in named and not details.interview_missed:
        interview = fact_text(turn.knowledge, "decisions.interview", turn.lang)
        return [Reply("utter_decision_interview", {"interview": interview,
                                                   "contact_centre": contact_centre(turn.knowledge),
                                                   "phones": phones_text(turn.knowledge, turn.lang)})]
    if "interview" in named:
        named.add("rejected")
    decisions = [DECISION_OF_ENTITY[name] for name in ("refused", "rejected", "selected") if name in named]
    if not decisions:
        return [_overview(turn)]
    compare = {"compare": fact_text(turn.knowledge, "decisions.overview", turn.lang, "compare")}
    replies = [Reply("utter_decisions_compare", compare)] if len(decisions) > 1 else []
    for item in decisions:
        replies += _decision_replies(turn, item)
    if details.no_answer_in_time and decisions != [Decision.SELECTED]:
        steps = fact_text(turn.knowledge, "decisions.overview", turn.lang, "no_answer_in_time")
        replies.append(Reply("utter_decision_no_answer_in_time", {"steps": steps}))
        replies += admin_review(turn)
    return replies


def _overview(turn: Turn) -> Reply:
    k = turn.knowledge
    return Reply("utter_decisions_overview", {
        "decisions_intro": fact_text(k, "decisions.overview", turn.lang, "intro"),
        "decisions": texts(k.fact("decisions.overview").texts(), turn.lang),
        "letter_first": fact_text(k, "decisions.overview", turn.lang, "letter_first")})


def admin_review(turn: Turn) -> list[Reply]:
    review = administrative_review(turn.knowledge)
    page = turn.knowledge.sources["admin_review_page"]
    over_french = [Reply("utter_admin_review_not_for_french", {"not_for_french": fact_text(
        turn.knowledge, "administrative_review.french_exception", turn.lang, "if_refused_over_french")})]
    return [*(over_french if turn.frame.details.refused_over_oral_french else []), Reply("utter_admin_review", {
        "review_rule": fact_text(turn.knowledge, "administrative_review.french_exception", turn.lang),
        "deadline_days": review.deadline_days,
        "deadline_source": review.deadline_source.name(turn.lang) if review.deadline_source else "",
        "review_url": source_link(page, turn.lang, say_language=True),
    })]


def representatives(turn: Turn) -> list[Reply]:
    return [Reply("utter_representatives", {"items": texts(turn.knowledge.fact("representatives").texts(), turn.lang)})]


def misrepresentation(turn: Turn) -> list[Reply]:
    """"Can I say he is 17 though he is 19?": never helped. The rejection ground the page states, that this
    is general information, and where to ask."""
    k = turn.knowledge
    return [Reply("utter_misrepresentation", {"ground": fact_text(k, "decisions.misrepresentation", turn.lang),
                                              "phones": phones_text(k, turn.lang)})]
