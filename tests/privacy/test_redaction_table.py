"""Redaction on the table of realistic lines (tests/privacy/redaction_cases.yml): every identifier
replaced, in French and in English, whatever the way it is typed; every line that only looks like
one stored as typed."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from privacy.folding import fold
from privacy.redaction import find, redact
from tests.program_values import ADDRESS_LINES, PHONES

TABLE = yaml.safe_load((Path(__file__).parent / "redaction_cases.yml").read_text(encoding="utf-8"))
IDENTIFIERS = [tuple(row) for row in TABLE["identifiers"]]
# the program's own numbers and mailing address are public: the assistant gives them out
MUST_STAY = TABLE["must_stay"] + [f"le {number} est-il ouvert?" for number in PHONES.values()] \
    + [f"I called {number} yesterday" for number in PHONES.values()] + ADDRESS_LINES


def test_the_table_is_large_and_covers_both_languages_and_every_kind():
    assert len(IDENTIFIERS) >= 300 and len(MUST_STAY) >= 100
    by_language = Counter(language for language, *_ in IDENTIFIERS)
    assert by_language["fr"] >= 100 and by_language["en"] >= 100
    assert {kind for *_, kind in IDENTIFIERS} == {"EMAIL", "PHONE", "SIN", "UCI", "FILE_NUMBER", "PASSPORT",
                                                  "BIRTH_DATE"}


@pytest.mark.parametrize("language, line, secret, kind", IDENTIFIERS, ids=[row[1][:60] for row in IDENTIFIERS])
def test_every_identifier_is_replaced(language, line, secret, kind):
    redacted = redact(line)
    assert secret not in redacted, redacted
    assert fold(secret).text not in fold(redacted).text, redacted  # nor its plain-digit form
    assert f"[{kind}]" in redacted, redacted


@pytest.mark.parametrize("line", MUST_STAY)
def test_lines_without_identifiers_stay_as_typed(line):
    assert find(line) == []
    assert redact(line) == line
