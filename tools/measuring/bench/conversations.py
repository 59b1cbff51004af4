"""Scripted conversations for the benchmark: French and English, 3 to 6 turns each, forms included.

Questions come from the held-out NLU sets (tests/nlu_holdout/, never trained on);
multi-turn flows are written here: a question, then the answers and follow-ups to it.
The scripts depend only on the seed, so both configurations receive the same messages.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tools.measuring.evaluation.examples import heldout

ROOT = Path(__file__).resolve().parents[3]
HOLDOUT = ROOT / "tests" / "nlu_holdout"

# Turns that only make sense as answers to the bot, or that change the conversation's language.
NOT_QUESTIONS = {"inform", "affirm", "deny", "switch_language", "goodbye", "thanks", "greet"}

# A question the assistant answers with one question of its own, then the replies and follow-ups.
FORM_FLOWS: dict[str, list[list[str]]] = {
    "fr": [
        ["combien pour ajouter mes enfants", "2"],
        ["combien je vais devoir payer pour rajouter mes enfants a ma demande", "on en a 3"],
        ["je veux ajouter mon fils à ma demande", "pas encore"],
        ["je veux rajouter ma blonde a mon dossier, c quoi la marche a suivre", "ouais je l'ai reçu",
         "le 14 juin 2023"],
        ["bonjour je voudrais ajouter quelqu'un de ma famille a ma demande", "c'est pour ma fille, elle a 4 ans",
         "non, toujours pas reçu"],
        ["jai recu un message du MIFI qui dit quil manque des documents, jai combien de temps pour les envoyer?",
         "le 3 novembre"],
        ["j'ai reçu une demande de documents le 10 novembre 2026, c'est quoi ma date limite?"],
    ],
    "en": [
        ["how much to add my wife and kids", "3"],
        ["what would it cost me to add my kids to my file", "two of them"],
        ["how do I add my daughter to my application?", "yes", "March 3, 2024"],
        ["I want to add my husband to my file", "not yet"],
        ["they asked me for missing documents, when's my deadline?", "I got a letter on November 10"],
        ["I got a letter asking for missing documents on November 10, 2026. When is my deadline?"],
    ],
}
OPENERS = {"fr": ["bonjour", "allo", "salut"], "en": ["hi", "hello", "hey there"]}
CLOSERS = {"fr": ["merci!", "merci beaucoup"], "en": ["thanks!", "thank you"]}


@dataclass(frozen=True)
class Conversation:
    language: str
    turns: tuple[str, ...]


@cache
def holdout_questions(language: str) -> tuple[str, ...]:
    examples = heldout(language)
    return tuple(example.text for example in examples if example.intent not in NOT_QUESTIONS)


def conversation(rng: random.Random, language: str) -> Conversation:
    """3 to 6 turns: held-out questions, about half the time a form's flow, sometimes a greeting or thanks."""
    length = rng.randint(3, 6)
    turns: list[str] = []
    if rng.random() < 0.25:
        turns.append(rng.choice(OPENERS[language]))
    flow = rng.choice(FORM_FLOWS[language]) if rng.random() < 0.5 else []
    closer = [rng.choice(CLOSERS[language])] if rng.random() < 0.2 else []
    questions = max(0, length - len(turns) - len(flow) - len(closer))
    middle = [rng.choice(holdout_questions(language)) for _ in range(questions)]
    if flow:
        at = rng.randint(0, len(middle))
        middle[at:at] = flow
    turns.extend(middle)
    turns.extend(closer)
    return Conversation(language, tuple(turns))


def conversations(messages: int, seed: int) -> list[Conversation]:
    """Whole conversations, half French and half English, until they hold at least `messages` turns."""
    rng = random.Random(seed)
    result: list[Conversation] = []
    total = 0
    while total < messages:
        found = conversation(rng, "fr" if len(result) % 2 == 0 else "en")
        result.append(found)
        total += len(found.turns)
    return result
