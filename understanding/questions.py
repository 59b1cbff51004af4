"""The questions a message asks: its clauses, each with the intent the classifier gives it.

"what's the fee for my son, and what's the mailing address?" is two questions; "We applied together,
my wife and I. Now we have a newborn son, how much to add him?" is one question after a story. The
Rasa server's classifier (rasa_server/nlu/linear_intent_classifier.py) cuts a message with ``clause_spans``
and classifies each clause with the same model as the whole message, sending the clauses in the
message's parse data (``clauses``: spans, intent, confidence; never their text). ``questions_asked``
then keeps the clauses that ask something about a topic the assistant answers.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from understanding import lexicon

PARSE_KEY = "clauses"  # where the classifier puts them in the message's parse data
CLAUSE_CONFIDENCE = 0.5  # how sure the classifier must be of a clause's topic to answer it on its own
SHORT_PHRASE = 6  # words: "le numéro de téléphone", "payment methods?" ask without a question word


@dataclass(frozen=True)
class Question:
    intent: str
    confidence: float
    start: int
    end: int


@lru_cache(maxsize=1)
def _cuts() -> dict[str, re.Pattern[str]]:
    asking = lexicon.alternation([*lexicon.phrases("question_starts"), *lexicon.phrases("interrogatives")])
    joiners = lexicon.alternation(lexicon.phrases("joiners"))
    return {
        "sentence": re.compile(r"[?!;\n]+|\.(?=\s+\D)|\.$|\s[+&]\s|\s/\s"),
        "joined": re.compile(rf"(?:,\s*|\s)(?={joiners}\s+(?:{asking}))"),
        "comma_question": re.compile(rf",\s*(?={asking})"),
        "new_question": re.compile(rf"(?:,\s*|\s|^)(?={lexicon.alternation(lexicon.phrases('new_question'))}\s+\S)"),
    }


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where each clause of ``text`` is (start, end), cut at sentence ends, "+", and before a joiner or a
    comma that starts a new question; at least one span for a message with words."""
    reading = lexicon.folded(text)
    cuts = {0, len(text)}
    for name, pattern in _cuts().items():
        for match in pattern.finditer(reading):
            cuts.add(match.end() if name == "sentence" else match.start())
    ordered = sorted(cuts)
    spans = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        piece = text[start:end]
        if re.search(r"\w", piece):
            left = len(piece) - len(piece.lstrip(" ,.;:+&/\t\n"))
            right = len(piece.rstrip(" ,;:+&/\t\n"))
            spans.append((start + left, start + right))
    return spans or [(0, len(text))]


@lru_cache(maxsize=1)
def _asking() -> dict[str, re.Pattern[str]]:
    lead = lexicon.alternation([*lexicon.phrases("joiners"), *lexicon.phrases("new_question")])
    return {
        "lead": re.compile(rf"^(?:\W*(?:{lead}))+\W*"),
        "start": re.compile(r"^" + lexicon.alternation(lexicon.phrases("question_starts"))),
        "interrogative": lexicon.cue("interrogatives"),
        "statement": re.compile(r"^" + lexicon.alternation(lexicon.phrases("statement_starts"))),
        "subject": re.compile(lexicon.alternation(lexicon.phrases("subject_pronouns")) + r"|\bj'|\bc'"),
    }


def asks(clause: str) -> bool:
    """Whether a clause asks something: a "?", a question word, a request ("tell me"), or a short phrase
    naming a topic; a clause that tells ("I got my CSQ last spring") does not."""
    if "?" in clause:
        return True
    patterns = _asking()
    reading = patterns["lead"].sub("", lexicon.folded(clause).strip())
    if patterns["start"].search(reading) or patterns["interrogative"].search(reading):
        return True
    short = len(reading.split()) <= SHORT_PHRASE
    return short and not (patterns["statement"].search(reading) or patterns["subject"].search(reading))


def questions_asked(text: str, intent: str | None, confidence: float, clauses: Iterable[Mapping[str, Any]],
                    answerable: frozenset[str]) -> tuple[Question, ...]:
    """The questions to answer, in the order asked: each clause that asks about an answerable topic, sure
    enough, the same topic once. With one such clause, it is the question when the whole message is about no
    topic we answer (a story the classifier cannot place, then "What do I pay?"); else the whole message."""
    whole = (Question(intent, confidence, 0, len(text)),) if intent else ()
    picked: list[Question] = []
    for clause in clauses:
        start, end = int(clause.get("start") or 0), int(clause.get("end") or 0)
        name, sure = str(clause.get("intent") or ""), float(clause.get("confidence") or 0.0)
        if name not in answerable or sure < CLAUSE_CONFIDENCE or not asks(text[start:end]):
            continue
        if any(q.intent == name for q in picked):
            continue
        picked.append(Question(name, sure, start, end))
    if len(picked) == 1 and (intent is None or intent not in answerable):
        return tuple(picked)
    return tuple(picked) if len(picked) >= 2 else whole
