"""What a knowledge file must hold: the checks made when one is loaded, and every fact the code reads.

``FACTS`` is the one list of fact paths the rules, the wording and the answers read: ``Knowledge.fact``
refuses a path that is not in it, so the list cannot fall behind the code, and ``validate`` checks
each one the file holds (``rule=True`` ones must be in every knowledge file, the tests' fixture too).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

CONFIDENCE = ("high", "medium", "low", "unknown")
LANGS = ("fr", "en")
# How a day of closure is given (pilot_program/rules/closures.py).
DAY_RULES = ("date", "easter", "weekday", "monday_before")

Check = Callable[[Mapping[str, Any]], list[str]]


@dataclass(frozen=True)
class Shape:
    """What one fact carries beyond its provenance (``source``, ``as_of``, ``confidence``)."""

    fields: Mapping[str, type] = field(default_factory=dict)  # keys and their type (date: ISO text)
    worded: bool = False  # ``fr`` and ``en`` on the fact itself
    items: Mapping[str, type] | None = None  # an ``items`` list, each worded, with these keys too
    lists: tuple[str, ...] = ()  # other lists of worded entries (``causes``, ``next_steps``)
    # sentences the wording reads beside the fact's own (``fr`` and ``en`` under each): checked when a file
    # is loaded, except on a rule's fact (a rule test's file need not word it), and in ``complete``
    parts: tuple[str, ...] = ()
    rule: bool = False  # read by a rule: required in every knowledge file
    many: bool = False  # the path holds a list of facts (one per fee year)
    check: Check | None = None  # anything else the rule relies on


def _weekly_hours(fact: Mapping[str, Any]) -> list[str]:
    problems = []
    for day, span in (fact.get("weekly") or {}).items():
        try:
            opens, closes = (time.fromisoformat(str(part)) for part in span)
            if not (1 <= int(day) <= 7 and opens < closes):
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"weekly.{day}: expected ISO weekday 1-7: [opens, closes] as HH:MM, got {span!r}")
    return problems


def _closure_days(fact: Mapping[str, Any]) -> list[str]:
    return [f"items.{index}: needs one of {', '.join(DAY_RULES)}"
            for index, item in enumerate(fact.get("items") or []) if not any(key in item for key in DAY_RULES)]


def _missing_parts(fact: Any, parts: tuple[str, ...]) -> list[str]:
    """Sentences a fact carries besides its own wording (``fr`` and ``en`` under each of ``parts``)."""
    if not isinstance(fact, Mapping):
        return []
    return [f"{part}.{lang}: missing" for part in parts for lang in LANGS
            if not isinstance(fact.get(part), Mapping) or not fact[part].get(lang)]


WORDED = Shape(worded=True)
WORDED_ITEMS = Shape(items={})
CLOSURES = Shape(items={"key": str}, rule=True, check=_closure_days)

FACTS: dict[str, Shape] = {
    # rules (pilot_program/rules/)
    "timeline.launch": Shape({"value": date}, rule=True),
    "timeline.first_intake": Shape({"start": date, "end": date}, rule=True),
    "timeline.second_intake": Shape({"start": date, "end": date}, rule=True, parts=("end_contested",)),
    "timeline.end": Shape({"value": date}, rule=True),
    "fees.add_member_by_year": Shape({"year": int, "spouse": int, "child": int}, rule=True, many=True),
    "completeness": Shape({"days": int}, items={}, rule=True,
                          parts=("must_be_complete", "if_missing", "rejected_after", "otherwise_rejected",
                                 "counted_from")),
    "values_attestation.request": Shape({"days": int}, rule=True, parts=("name", "otherwise_rejected")),
    "decisions.selected": Shape(lists=("causes", "next_steps"), rule=True),
    "decisions.refused": Shape(lists=("causes", "next_steps"), rule=True),
    "decisions.rejected": Shape(lists=("causes", "next_steps"), rule=True),
    "administrative_review.deadline_days": Shape({"value": int}, rule=True),
    "administrative_review.french_exception": Shape(rule=True, parts=("if_refused_over_french",)),
    "contact_centre.hours": Shape({"weekly": dict}, rule=True, check=_weekly_hours, parts=("time_zone",)),
    "contact_centre.phones": Shape(items={"key": str, "number": str}, rule=True),
    "contact_centre.holidays": replace(CLOSURES, parts=("statutory",)),
    "contact_centre.possible_closures": replace(CLOSURES, parts=("may_close_today", "may_close_that_day")),
    "family.ircc_letter": Shape({"months": int}, worded=True, rule=True, parts=("include", "required_only_if")),
    "family.consent_declaration": Shape({"minor_age": int}, worded=True, rule=True,
                                        parts=("one_parent", "only_one_parent", "mandatory", "required_only_if")),
    "family.values_for_added_adults": Shape({"adult_age": int}, rule=True),
    "family.add_before_csq_documents": Shape(items={}, rule=True),
    "family.remove_before_csq_documents": Shape(items={}, rule=True),
    "family.after_csq_extra_documents": Shape(items={}, rule=True),
    "family.after_csq_payment": Shape(worded=True, rule=True),
    # wording and answers (pilot_program/wording.py, actions/answers/)
    "program.name": WORDED,
    "program.abbreviation": Shape({"value": str}),
    "program.site": Shape({"value": str}),
    "program.portal": Shape({"value": str}),
    "program.no_cap": WORDED,
    "program.closure": Shape(parts=("no_longer_possible", "no_new_application", "no_new_applicant", "still_reviewed",
                                    "changes_apply_to")),
    "family.after_csq_steps": Shape(parts=("call_first", "then_mail")),
    "submitted_files": WORDED,
    "file_messages": Shape(items={"key": str}),
    "family.channel": Shape(items={"key": str}),
    "decisions.overview": Shape(items={"key": str}, parts=("letter_first", "no_answer_in_time", "intro", "compare")),
    "decisions.interview": WORDED,
    "decisions.misrepresentation": WORDED,
    "decisions.letter_deadline": Shape(items={"key": str}, parts=("in_rule",)),
    "contact_centre.holiday_closures": Shape(parts=("closed_today", "closed_on_holidays")),
    "contact_centre.name": Shape({"short": str}, worded=True, parts=("of_ministry",)),
    "unknown.processing_times": Shape(parts=("not_known",)),
    "unknown.intake_windows_2023_2025": Shape(parts=("not_known",)),
    "program.ministry": WORDED,
    "program.streams": Shape(items={}, parts=("intro",)),
    "program.profiles": Shape(items={}, parts=("intro",)),
    "replacement": Shape(worded=True, parts=("see_also",)),
    "mailing_address": Shape({"lines": list}),
    "alert_2021.conditions": WORDED_ITEMS,
    "cap.regulation": Shape({"yearly": int}, parts=("caps", "differ")),
    "cap.announced_2021": Shape({"value": int, "first_year": int, "yearly": int, "yearly_from": int,
                                 "yearly_to": int}),
    "family.members": WORDED_ITEMS,
    "family.document_formats": WORDED,
    "values_attestation.already_obtained": WORDED,
    "values_attestation.exemptions": Shape(items={"key": str}),
    "fees.rules": Shape(items={}, parts=("indexation", "spouse_label", "child_label", "for_spouse", "per_child")),
    "fees.non_refundable": Shape(items={"key": str}),
    "payment.accepted": replace(WORDED_ITEMS, parts=("not_listed",)),
    "payment.refused": WORDED_ITEMS,
    "representatives": WORDED_ITEMS,
}
SOURCE_FIELDS = ("url_en", "name_en", "as_of")
SOURCED = ("official_page",)  # sources the code names (the fallback citation)
NOT_SHOWN = "not shown"  # a date the source does not show (``as_of``)
# How a fact of a `quoted` source (the official page) shows it is still on the page
# (python -m tools.operations.check_sources):
# `passage`: the page's words that support it; `absent`: words the page must still not contain (what it does not
# say); `in_address`: what the page's address contains (the site's name).
SUPPORT = ("passage", "absent", "in_address")


def node_at(raw: Mapping[str, Any], path: str) -> Any:
    """The node at a dotted path (``"fees.rules"``, ``"decisions.refused"``); KeyError when absent."""
    node: Any = raw
    for part in path.split("."):
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            raise KeyError(path)
    return node


def validate(raw: Any) -> list[str]:
    """Every problem of a knowledge file's content, each starting with the dotted path it is at."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("sources"), Mapping):
        return ["(top): expected a mapping with a `sources` mapping"]
    problems = [problem for key, spec in raw["sources"].items() for problem in _source_problems(key, spec)]
    problems += [f"sources.{key}: missing (the code cites it)" for key in SOURCED if key not in raw["sources"]]
    problems += _provenance_problems(raw)
    for path, shape in FACTS.items():
        try:
            node = node_at(raw, path)
        except (KeyError, IndexError, ValueError):
            if shape.rule:
                problems.append(f"{path}: missing (a rule reads it)")
            continue
        for fact in node if shape.many and isinstance(node, list) else [node]:
            problems += [f"{path}: {problem}" for problem in _shape_problems(fact, shape)]
    return problems


def complete(raw: Mapping[str, Any]) -> list[str]:
    """The facts the code reads, and their worded parts, that the file does not hold (the real file must
    hold them all)."""
    missing = []
    for path, shape in FACTS.items():
        try:
            node = node_at(raw, path)
        except (KeyError, IndexError, ValueError):
            missing.append(path)
            continue
        missing += [f"{path}: {problem}" for problem in _missing_parts(node, shape.parts)]
    return missing


def _source_problems(key: str, spec: Any) -> list[str]:
    if not isinstance(spec, Mapping):
        return [f"sources.{key}: expected a mapping"]
    problems = [f"sources.{key}: missing {name}" for name in SOURCE_FIELDS if not spec.get(name)]
    problems += [f"sources.{key}.{name}: not an ISO date or {NOT_SHOWN!r}: {spec[name]!r}"
                 for name in ("as_of", "as_of_fr") if spec.get(name) and not _is_date(spec[name], NOT_SHOWN)]
    return problems


def _provenance_problems(raw: Mapping[str, Any]) -> list[str]:
    """Every fact (a mapping with a ``source``) anywhere: a known source, a date, a confidence level,
    and each of its wordings in both languages."""
    problems: list[str] = []

    def walk(node: Any, path: str, in_fact: bool) -> None:
        if isinstance(node, Mapping):
            problems.extend(_node_problems(raw, node, path, in_fact))
            in_fact = in_fact or "source" in node
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key), in_fact)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}.{index}", in_fact)

    for key, value in raw.items():
        if key != "sources":
            walk(value, str(key), False)
    return problems


def _node_problems(raw: Mapping[str, Any], node: Mapping[str, Any], path: str, in_fact: bool) -> list[str]:
    problems = [f"{path}: `{lang}` without `{other}`" for lang, other in (LANGS, LANGS[::-1])
                if node.get(lang) and not node.get(other)]
    problems += [f"{path}.{key}: unknown source {node[key]!r}" for key in ("source", "source_fr")
                 if key in node and node[key] not in raw["sources"]]
    if "source" in node and not in_fact:  # a fact (an item naming its own source carries its fact's)
        if not _is_date(node.get("as_of"), NOT_SHOWN):
            problems.append(f"{path}.as_of: missing or not an ISO date: {node.get('as_of')!r}")
        if node.get("confidence") not in CONFIDENCE:
            problems.append(f"{path}.confidence: {node.get('confidence')!r} is not one of {', '.join(CONFIDENCE)}")
    if "source" in node and (raw["sources"].get(node["source"]) or {}).get("quoted"):
        problems += _support_problems(node, path)
    return problems


def _support_problems(node: Mapping[str, Any], path: str) -> list[str]:
    """A fact of a quoted source carries what shows it is still on the page: the passage (or words that
    must stay absent, or the address); each a non-empty text, or a list of them."""
    given = {key: node[key] for key in SUPPORT if key in node}
    if not given:
        return [f"{path}: its source is quoted: give the page's `passage` that supports it "
                f"(or `absent`, `in_address`)"]
    return [f"{path}.{key}: expected a non-empty text or list of texts" for key, value in given.items()
            if not all(isinstance(text, str) and text.strip() for text in _as_list(value)) or not _as_list(value)]


def passages(node: Mapping[str, Any], key: str = "passage") -> list[str]:
    """A fact's passages (or ``absent`` words, ``in_address``), as a list."""
    return [str(text) for text in _as_list(node.get(key))]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _shape_problems(fact: Any, shape: Shape) -> list[str]:
    if not isinstance(fact, Mapping) or "source" not in fact:
        return ["expected a fact (a mapping with source, as_of, confidence)"]
    problems = _field_problems(fact, shape.fields)
    if shape.worded:
        problems += [f"missing `{lang}`" for lang in LANGS if not fact.get(lang)]
    for key in (("items",) if shape.items is not None else ()) + shape.lists:
        entries = fact.get(key)
        if not isinstance(entries, list) or not entries:
            problems.append(f"missing the list `{key}`")
            continue
        wanted = {**(shape.items or {} if key == "items" else {}), **dict.fromkeys(LANGS, str)}
        for index, entry in enumerate(entries):
            problems += [f"{key}.{index}.{problem}" for problem in _field_problems(entry, wanted)]
    problems += [] if shape.rule else _missing_parts(fact, shape.parts)
    return problems + (shape.check(fact) if shape.check else [])


def _field_problems(node: Any, wanted: Mapping[str, type]) -> list[str]:
    if not isinstance(node, Mapping):
        return ["expected a mapping"]
    problems = []
    for key, kind in wanted.items():
        value = node.get(key)
        if value is None or value == "":
            problems.append(f"{key}: missing")
        elif kind is date and not _is_date(value):
            problems.append(f"{key}: not an ISO date: {value!r}")
        elif kind is not date and not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            problems.append(f"{key}: expected {kind.__name__}, got {value!r}")
    return problems


def _is_date(value: Any, *allowed: str) -> bool:
    if isinstance(value, date) or (value in allowed and value):
        return True
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True
