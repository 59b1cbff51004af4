"""Decisions, administrative review, representatives."""
from __future__ import annotations

import re

from actions import parsing
from actions.answers.sources import source_link
from actions.turn import Reply, Turn
from program.rules.decisions import Decision, administrative_review, explain_decision
from program.wording import contact_centre, fact_text, phones_text, texts

DECISION_RESPONSES = {
    Decision.SELECTED: "utter_decision_selected",
    Decision.REFUSED: "utter_decision_refused",
    Decision.REJECTED: "utter_decision_rejected",
}
DECISION_OF_ENTITY = {"selected": Decision.SELECTED, "refused": Decision.REFUSED, "rejected": Decision.REJECTED}
# Being called to an interview is part of the review; missing it is a cause of rejection.
_MISSED = re.compile(r"(miss|didn'?t (go|show|attend)|did not (go|show|attend)|couldn'?t (go|attend)|no[- ]show|absent"
                     r"|manqu|rat[ée]|pas (pu )?(aller|y aller|me pr[ée]senter|pr[ée]sent)|oubli)", re.I)
# "no answer in time" after a letter of intent: the decision, then the administrative review.
_NO_ANSWER = re.compile(r"(didn'?t|did not|never|couldn'?t|not) (answer|respond|reply|send)"
                        r"|too late|missed the deadline|late"
                        r"|pas (r[ée]pondu|envoy[ée]|eu le temps)|trop tard|en retard|d[ée]lai (d[ée]pass[ée]|pass[ée])"
                        r"|not convinc|pas convaincu", re.I)


def _decision_replies(turn: Turn, decision: Decision) -> list[Reply]:
    info = explain_decision(turn.knowledge, decision)
    return [Reply(DECISION_RESPONSES[decision], {
        "causes": texts(info.causes, turn.lang), "next_steps": texts(info.next_steps, turn.lang)})]


def decision(turn: Turn) -> list[Reply]:
    named = {str(e.get("value")) for e in turn.entities if e.get("entity") == "decision"}
    if turn.slot("decision") and not named:  # a follow-up button or an earlier message
        named = {turn.slot("decision")}
    if "interview" in named and not _MISSED.search(turn.text):
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
    if _NO_ANSWER.search(turn.text) and decisions != [Decision.SELECTED]:
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
    return [*(over_french if parsing.refusal_over_french(turn.text) else []), Reply("utter_admin_review", {
        "review_rule": fact_text(turn.knowledge, "administrative_review.french_exception", turn.lang),
        "deadline_days": review.deadline_days,
        "deadline_source": review.deadline_source.name(turn.lang) if review.deadline_source else "",
        "review_url": source_link(page, turn.lang, say_language=True),
    })]


def representatives(turn: Turn) -> list[Reply]:
    return [Reply("utter_representatives", {"items": texts(turn.knowledge.fact("representatives").texts(), turn.lang)})]
