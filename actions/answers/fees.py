"""Fee quotes, refunds and payment."""
from __future__ import annotations

from datetime import date

from actions.turn import Reply, Turn
from pilot_program.knowledge import Fact, Knowledge, Lang
from pilot_program.rules.clock import montreal_today
from pilot_program.rules.fees import FeeQuote, FeeYearStatus, quote_fees
from pilot_program.rules.formatting import format_date, format_money
from pilot_program.wording import fact_text, fee_lines, fee_whom, join_words, line, payment_rules, texts

DECEMBER = 12


def members_in(turn: Turn) -> tuple[int, int, bool]:
    """(spouses, children, complete) from the slots the message and the form filled."""
    spouses = 1 if turn.slot("includes_spouse") else 0
    count = turn.slot("children_count")
    mentioned = bool(turn.slot("children_mentioned"))
    children = int(count) if count is not None else 0
    return spouses, children, not (mentioned and count is None)


def fee_quote_replies(turn: Turn, quote: FeeQuote, adjusted: bool = True) -> list[Reply]:
    """The rule's quote, worded: the fees are computed once, by the rule (pilot_program/rules/fees.py); with the
    amounts in force, that they are adjusted every January 1 (``adjusted``: unless already said)."""
    lang = turn.lang
    if quote.status is FeeYearStatus.UNKNOWN or quote.spouse_unit is None or quote.child_unit is None:
        return [Reply("utter_fee_unknown_year", {"fee_year": quote.year_in_force})]
    values: dict = {} if quote.is_current else _indexation(turn.knowledge, quote.year_in_force, lang)
    after = _adjusted_yearly(turn, quote) if quote.is_current and adjusted else []
    if not quote.lines:
        values |= {"fee_year": quote.year_in_force, "known_year": quote.known_year,
                   "spouse_fee": format_money(quote.spouse_unit, lang),
                   "child_fee": format_money(quote.child_unit, lang), **_whom(turn.knowledge, lang)}
        return [Reply("utter_fee_rates" if quote.is_current else "utter_fee_rates_stale", values), *after]
    values |= {"fee_year": quote.year_in_force, "known_year": quote.known_year,
               "whom": fee_whom(sum(fee.count for fee in quote.lines), lang),
               "lines": fee_lines(quote, lang), "total": format_money(quote.total, lang)}
    return [Reply("utter_fee_quote" if quote.is_current else "utter_fee_quote_stale", values), *after]


def _adjusted_yearly(turn: Turn, quote: FeeQuote) -> list[Reply]:
    """"These fees are adjusted every year on January 1"; in December, with the advice to check the next
    year's amounts when paying close to that date."""
    indexation = fact_text(turn.knowledge, "fees.rules", turn.lang, "indexation")
    if montreal_today(turn.now).month == DECEMBER:
        return [Reply("utter_fee_indexation_soon", {"indexation": indexation, "next_year": quote.year_in_force + 1})]
    return [Reply("utter_fee_indexation", {"indexation": indexation})]


def _whom(k: Knowledge, lang: Lang) -> dict[str, str]:
    """Whom each amount is for, as a label before it and after it."""
    return {part: fact_text(k, "fees.rules", lang, part)
            for part in ("spouse_label", "child_label", "for_spouse", "per_child")}


def _indexation(k: Knowledge, fee_year: int, lang: Lang) -> dict[str, str]:
    """"Fees are indexed every January 1", and the date of the indexation that made the known amounts stale."""
    month, day = (int(part) for part in k.fact("fees.rules")["indexed_on"].split("-"))
    return {"indexation": fact_text(k, "fees.rules", lang, "indexation"),
            "indexed_on": format_date(date(fee_year, month, day), lang)}


def fees(turn: Turn) -> list[Reply]:
    spouses, children, complete = members_in(turn)
    if not complete:  # "a couple of kids": the rates now, and the one question that gives the total
        quote = quote_fees(turn.knowledge, turn.now)
        first = _rise_first(turn, quote)
        return [*first, *fee_quote_replies(turn, quote, adjusted=not first), Reply("utter_ask_children_count")]
    quote = quote_fees(turn.knowledge, turn.now, spouses=spouses, children=children)
    first = _rise_first(turn, quote)
    rules = [] if set(turn.frame.intents) & _SAID_ELSEWHERE else [Reply("utter_fee_rules", {
        **payment_rules(turn.knowledge, turn.lang),
        "no_refund": fact_text(turn.knowledge, "fees.non_refundable", turn.lang, "after_payment_rules")})]
    return [*first, *fee_quote_replies(turn, quote, adjusted=not first), *kept_people(turn), *rules]


# Asked in the same message, these answer what the fee answer's closing sentence says: it is left out.
_SAID_ELSEWHERE = {"ask_payment", "ask_fee_refund"}


def kept_people(turn: Turn) -> list[Reply]:
    """"and for 3 kids?" after "my wife and our two kids": the total still counts the wife, and says so."""
    if len(turn.kept) != 1:
        return []
    kept = next(iter(turn.kept))
    named = "child" if kept == "spouse" else "spouse"
    return [Reply("utter_fee_kept_people", {"kept": line(f"kept_{kept}", turn.lang),
                                            "named": line(f"kept_{named}", turn.lang)})]


def _rise_first(turn: Turn, quote: FeeQuote) -> list[Reply]:
    """Asked whether the fees rise: the yearly indexation first, unless the stale quote already says it."""
    if quote.status is FeeYearStatus.STALE or not turn.frame.details.fees_rise:
        return []
    return [Reply("utter_fee_indexation", {"indexation": fact_text(turn.knowledge, "fees.rules", turn.lang,
                                                                   "indexation")})]


def refund(turn: Turn) -> list[Reply]:
    no_refund = fact_text(turn.knowledge, "fees.non_refundable", turn.lang, "answer")
    return [Reply("utter_fee_refund", {"no_refund": no_refund})]


def payment(turn: Turn) -> list[Reply]:
    k = turn.knowledge
    return [*_asked_method(turn), *_asked_payer(turn), Reply("utter_payment_methods", {
        "accepted": texts(k.fact("payment.accepted").texts(), turn.lang),
        "refused": join_words(k.fact("payment.refused").items(turn.lang), turn.lang),
        **payment_rules(turn.knowledge, turn.lang),
    })]


def _asked_method(turn: Turn) -> list[Reply]:
    """"Can I pay by credit card?": yes or no first, then every method (the ruler's id is the item's key)."""
    method, k, lang = turn.frame.details.payment_method, turn.knowledge, turn.lang
    if method is None:
        return []
    if method in _keys(k.fact("payment.accepted")):
        return [Reply("utter_payment_method_accepted", {"method": fact_text(k, "payment.accepted", lang, method)})]
    if method in _keys(k.fact("payment.refused")):
        return [Reply("utter_payment_method_refused", {"method": fact_text(k, "payment.refused", lang, method)})]
    return [Reply("utter_payment_method_not_listed",
                  {"not_listed": fact_text(k, "payment.accepted", lang, "not_listed")})]


def _asked_payer(turn: Turn) -> list[Reply]:
    """"Can my employer pay?", "mes parents peuvent-ils payer?": the fees may be paid by a third person."""
    if not turn.frame.details.third_party_payer:
        return []
    return [Reply("utter_payment_by_someone_else", {"payer": fact_text(turn.knowledge, "fees.rules", turn.lang,
                                                                       "payer")})]


def _keys(fact: Fact) -> set[str]:
    return {str(item.get("key")) for item in fact.get("items", [])}
