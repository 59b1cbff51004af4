"""The facts stay true: each official-page fact carries the page's passage that supports it, and
`python -m tools.operations.check_sources --page PATH_OR_URL` (`make check-sources`) lists the facts whose passage the
page no longer holds. The shared copy of the page passes; copies with a changed fee, changed Wednesday hours
or a payment method removed fail, naming exactly those facts."""
from __future__ import annotations

import copy
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pilot_program.knowledge import KNOWLEDGE_FILE, Knowledge, load_knowledge
from pilot_program.schema import validate
from tests.servers import ROOT
from tools.operations import check_sources as freshness

REAL = load_knowledge(KNOWLEDGE_FILE)
# The official page as the knowledge file was written from (a copy of ../shared/sources/004_..., kept with the
# tests so they never depend on a folder outside the repository; test_the_copy_is_the_shared_page says when
# the two differ).
SHARED_PAGE = Path(__file__).resolve().parents[2] / "pilot_program" / "fixtures" / "official_page.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "sources" / "004_012f1d043d76c9be.txt"
FACT_LINE = "^[a-z_]+(\\.[a-z_0-9]+)*$"


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason=f"no shared copy of the page at {SHARED_SOURCE}")
def test_the_copy_is_the_shared_page():
    assert SHARED_PAGE.read_text(encoding="utf-8") == SHARED_SOURCE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_program_file():
    """The program's own file is the subject here (the rule tests' guard is lifted)."""


def page() -> str:
    return SHARED_PAGE.read_text(encoding="utf-8")


def fee_changed(text: str) -> str:
    return text.replace("$201", "$205")


def wednesday_changed(text: str) -> str:
    return text.replace("Wednesday: from 10:00 to 16:30", "Wednesday: from 9:00 to 16:30")


def method_removed(text: str) -> str:
    return text.replace("- Canada Post money order\n", "")


def listed(output: str) -> set[str]:
    """The fact keys the report lists (a line of its own, not indented)."""
    return {line for line in output.splitlines() if re.fullmatch(FACT_LINE, line)}


def run(tmp_path: Path, capsys, text: str) -> tuple[int, str]:
    copy_of_page = tmp_path / "page.txt"
    copy_of_page.write_text(text, encoding="utf-8")
    status = freshness.main(["--page", str(copy_of_page)])
    return status, capsys.readouterr().out


def test_the_shared_page_still_says_every_fact(capsys):
    assert freshness.check(REAL, page()) == []
    assert freshness.main(["--page", str(SHARED_PAGE)]) == 0
    assert "All " in capsys.readouterr().out
    assert sum(1 for _ in freshness.quoted_facts(REAL)) > 40


@pytest.mark.parametrize("edit, facts, nearby", [
    (fee_changed, {"fees.add_member_by_year.0"}, "Spouse or de facto spouse: $205"),
    (wednesday_changed, {"contact_centre.hours"}, "Wednesday: from 9:00 to 16:30"),
    (method_removed, {"payment.accepted"}, "Cheque issued by a Canadian company - Bank draft"),
])
def test_a_changed_page_fails_naming_exactly_the_facts_it_no_longer_says(tmp_path, capsys, edit, facts, nearby):
    status, output = run(tmp_path, capsys, edit(page()))
    assert status == 1
    assert listed(output) == facts
    assert nearby in output  # what the page says now, where the passage was


def test_every_change_at_once_is_listed(tmp_path, capsys):
    status, output = run(tmp_path, capsys, method_removed(wednesday_changed(fee_changed(page()))))
    assert status == 1
    assert listed(output) == {"fees.add_member_by_year.0", "contact_centre.hours", "payment.accepted"}
    assert output.startswith("3 of ")


def test_spaces_punctuation_and_case_do_not_count(tmp_path, capsys):
    reflowed = page().replace("Wednesday: from 10:00 to 16:30", "WEDNESDAY —  from 10.00 to 16.30").replace("’", "'")
    assert run(tmp_path, capsys, reflowed)[0] == 0


def test_words_the_page_must_not_say(tmp_path, capsys):
    """"The official page does not mention a cap": a page that names a maximum makes that fact stale."""
    status, output = run(tmp_path, capsys, page() + "\nA maximum of 550 applications will be received.\n")
    assert status == 1 and listed(output) == {"program.no_cap"}
    assert "A maximum of 550" in output


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{line.replace('&', '&amp;')}</p>\n" for line in text.splitlines())
    decoy = "<script>var hours = 'Wednesday: from 10:00 to 16:30';</script><style>p {}</style>"
    return f"<!DOCTYPE html><html><head><title>Page</title>{decoy}</head><body>{paragraphs}</body></html>"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log in the test output."""


@pytest.fixture
def served(tmp_path) -> Iterator[Callable[[str, str], str]]:
    """Serves files on loopback; returns a function writing one and giving its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(name: str, content: str) -> str:
        (tmp_path / name).write_text(content, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_address[1]}/{name}"

    yield serve
    server.shutdown()
    server.server_close()


def test_the_page_read_as_html_from_its_address(served, capsys):
    assert freshness.main(["--page", served("page.html", _html(page()))]) == 0
    # the hours in the script are no part of the page: changed in the text, they are missed
    assert freshness.main(["--page", served("changed.html", _html(wednesday_changed(page())))]) == 1
    assert listed(capsys.readouterr().out) == {"contact_centre.hours"}


def test_an_unreadable_page_is_said_so(tmp_path, capsys):
    assert freshness.main(["--page", str(tmp_path / "missing.txt")]) == 2
    assert "Cannot read the page" in capsys.readouterr().err


def test_an_official_page_fact_without_its_passage_is_refused():
    raw = copy.deepcopy(dict(REAL.raw))
    del raw["fees"]["add_member_by_year"][0]["passage"]
    raw["contact_centre"]["hours"]["passage"] = []
    raw["payment"]["accepted"]["passage"] = ["Certified cheque drawn on a Canadian bank", ""]
    problems = validate(raw)
    assert any(p.startswith("fees.add_member_by_year.0: its source is quoted") for p in problems), problems
    assert "contact_centre.hours.passage: expected a non-empty text or list of texts" in problems
    assert "payment.accepted.passage: expected a non-empty text or list of texts" in problems
    # a fact of another source needs none
    assert not [p for p in problems if p.startswith("cap.")]


def test_the_official_page_is_the_quoted_source():
    assert REAL.raw["sources"]["official_page"].get("quoted") is True
    quoted = {fact.source.key for fact in freshness.quoted_facts(REAL)}
    assert quoted == {"official_page"}
    assert isinstance(Knowledge(REAL.raw), Knowledge)


def test_make_check_sources_reads_the_shared_page_by_default():
    dry_run = subprocess.run(["make", "-n", "check-sources"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "-m tools.operations.check_sources --page ../shared/sources/004_012f1d043d76c9be.txt" in dry_run.stdout


def test_the_january_1_steps_of_the_docs_make_the_check_pass_again():
    """docs/maintaining-facts.md: add the new year with its passage, move the old year to the page's old version."""
    new_page = fee_changed(page()).replace("as of January 1, 2026.", "as of January 1, 2027.")
    raw = copy.deepcopy(dict(REAL.raw))
    assert [m.path for m in freshness.check(Knowledge(raw), new_page)] == ["fees.add_member_by_year.0"] * 3
    raw["sources"]["official_page_2026"] = {**{key: value for key, value in raw["sources"]["official_page"].items()
                                               if key != "quoted"}, "link_en": "Québec.ca, official page (2026)"}
    raw["fees"]["add_member_by_year"][0]["source"] = "official_page_2026"
    raw["fees"]["add_member_by_year"].append({
        "year": 2027, "source": "official_page", "as_of": "2027-01-01", "confidence": "high", "spouse": 205,
        "child": 205, "passage": ["to add a family member to your application for permanent selection, as of "
                                  "January 1, 2027.", "Spouse or de facto spouse: $205", "Each dependent child: $205"]})
    assert validate(raw) == []
    assert freshness.check(Knowledge(raw), new_page) == []
