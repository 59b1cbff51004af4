"""Fee quotes, refunds and payment."""
from __future__ import annotations

from actions.turn import Reply, Turn
from program.rules.fees import FeeQuote, FeeYearStatus, quote_fees
from program.rules.formatting import format_money
from program.wording import fee_lines, join_words, payment_rules, texts


def members_in(turn: Turn) -> tuple[int, int, bool]:
    """(spouses, children, complete) from the slots the message and the form filled."""
    spouses = 1 if turn.slot("includes_spouse") else 0
    count = turn.slot("children_count")
    mentioned = bool(turn.slot("children_mentioned"))
    children = int(count) if count is not None else 0
    return spouses, children, not (mentioned and count is None)


def fee_quote_replies(turn: Turn, quote: FeeQuote) -> list[Reply]:
    """The rule's quote, worded: the fees are computed once, by the rule (program/rules/fees.py)."""
    lang = turn.lang
    if quote.status is FeeYearStatus.UNKNOWN or quote.spouse_unit is None or quote.child_unit is None:
        return [Reply("utter_fee_unknown_year", {"fee_year": quote.year_in_force})]
    if not quote.lines:
        values = {"fee_year": quote.year_in_force, "known_year": quote.known_year,
                  "spouse_fee": format_money(quote.spouse_unit, lang),
                  "child_fee": format_money(quote.child_unit, lang)}
        return [Reply("utter_fee_rates" if quote.is_current else "utter_fee_rates_stale", values)]
    values = {"fee_year": quote.year_in_force, "known_year": quote.known_year,
              "lines": fee_lines(quote, lang), "total": format_money(quote.total, lang)}
    return [Reply("utter_fee_quote" if quote.is_current else "utter_fee_quote_stale", values)]


def fees(turn: Turn) -> list[Reply]:
    spouses, children, complete = members_in(turn)
    if not complete:  # "a couple of kids": the rates now, and the one question that gives the total
        return [*fee_quote_replies(turn, quote_fees(turn.knowledge, turn.now)), Reply("utter_ask_children_count")]
    replies = fee_quote_replies(turn, quote_fees(turn.knowledge, turn.now, spouses=spouses, children=children))
    return [*replies, Reply("utter_fee_rules", {"payment_rules": payment_rules(turn.knowledge, turn.lang)})]


def refund(turn: Turn) -> list[Reply]:
    turn.knowledge.fact("fees.non_refundable")  # the fact the answer states (cited in the footer)
    return [Reply("utter_fee_refund")]


def payment(turn: Turn) -> list[Reply]:
    k = turn.knowledge
    return [Reply("utter_payment_methods", {
        "accepted": texts(k.fact("payment.accepted").texts(), turn.lang),
        "refused": join_words(k.fact("payment.refused").items(turn.lang), turn.lang),
        "payment_rules": payment_rules(turn.knowledge, turn.lang),
    })]
