"""The replies grid: every intent answered in both languages, at chosen moments, in chosen situations, rendered
as the person reads it. A change meant to be structural (a move, a rename) must leave it byte-identical.

`python -m tools.measuring.replies_grid [--out FILE]` prints how many replies and their SHA-256; `--out` writes them
all, one per line, to compare two versions with `diff`.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

LANGS = ("fr", "en")
MOMENTS = [datetime(2026, 11, 25, 9, 30), datetime(2026, 12, 23, 12, 0), datetime(2026, 12, 25, 9, 0),
           datetime(2027, 2, 3, 11, 0), datetime(2027, 2, 3, 18, 0), datetime(2021, 6, 1, 12, 0),
           datetime(2023, 5, 1, 12, 0)]
# (slots, text): the text is read by the understanding layer, entities by the project's spaCy ruler
SITUATIONS: list[tuple[dict[str, Any], str]] = [
    ({}, ""), ({}, "how much to add my wife and our 3 kids?"), ({}, "combien pour seulement ma fille?"),
    ({"csq_obtained": True, "family_member": "spouse", "caller_location": "outside"}, ""),
    ({"csq_obtained": True, "family_member": "child", "member_age": 12.0, "csq_issue_date": "2022-01-01"}, ""),
    ({"csq_obtained": False, "family_member": "child", "member_age": 20.0}, ""),
    ({"includes_spouse": True, "children_count": 2.0, "children_mentioned": True, "topic": "ask_fees"},
     "and for 3 kids?"),
    ({"decision": "interview"}, ""), ({"decision": "rejected"}, "I didn't answer in time"),
    ({}, "I got a letter saying my application will be refused"),
    ({"request_date": "2026-11-10", "topic": "ask_deadline"}, ""), ({}, "I got the request on November 10, 2026"),
    ({}, "le cinq novembre j'ai reçu la demande d'attestation"), ({}, "tomorrow at 7am"), ({}, "à Noël?"),
    ({}, "can I pay by credit card? my employer would pay"), ({}, "can I say he is 17 even though he is 19?"),
]


def rendered() -> Iterator[str]:
    """One line per reply of the grid: where it comes from, then its text with its values filled in."""
    from actions import dispatch, state
    from actions.domain_responses import sources
    from actions.intents import INTENTS
    from actions.turn import Turn
    from pilot_program.knowledge import knowledge
    from pilot_program.locales import MONTREAL
    from tests.nlu_pipeline_fixture import ruler_entities

    templates, program = sources(), knowledge()
    for intent, lang, moment, (number, (slots, text)) in itertools.product(
            [i.name for i in INTENTS if not i.payload_only], LANGS, MOMENTS, enumerate(SITUATIONS)):
        turn = Turn(lang=lang, now=moment.replace(tzinfo=MONTREAL), intent=intent, text=text,
                    entities=tuple(ruler_entities(text)) if text else (), slots={"language": lang, **slots},
                    knowledge=program)
        for reply in dispatch.answer(state.understand(turn)).replies:
            yield f"{intent}|{lang}|{moment:%Y-%m-%dT%H:%M}|{number}|{reply.response}: " \
                  f"{_text(templates, reply.response, lang, reply.values)}"


def _text(templates: Mapping[str, Mapping[str, Any]], response: str, lang: str, values: Mapping[str, Any]) -> str:
    template = str(templates[response][lang])
    filled = template.format_map({**values, **{k: "{" + k + "}" for k in _missing(template, values)}})
    return filled.replace("\n", "\\n")


def _missing(template: str, values: Mapping[str, Any]) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name and name not in values}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every reply, one per line")
    args = parser.parse_args(argv)
    lines = list(rendered())
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} replies, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
