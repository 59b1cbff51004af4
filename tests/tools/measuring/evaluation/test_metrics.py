"""The scoring behind `make eval` (tools/measuring/evaluation/metrics.py), on hand-made labels: no model needed."""
import pytest

from tools.measuring.evaluation.examples import Span, spans_from
from tools.measuring.evaluation.metrics import OVERALL, entity_scores, intent_scores, language_detection, span_errors


def test_fallback_counts_as_wrong_and_is_no_intents_false_positive():
    scores = intent_scores(["greet", "greet", "thanks", "thanks"], ["greet", "nlu_fallback", "thanks", "greet"])
    assert scores.accuracy == 0.5
    assert scores.fallback_rate == 0.25
    assert set(scores.per_intent) == {"greet", "thanks"}
    assert scores.per_intent["greet"].precision == 0.5 and scores.per_intent["greet"].recall == 0.5
    assert scores.per_intent["thanks"].precision == 1.0 and scores.per_intent["thanks"].recall == 0.5
    assert scores.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)
    assert scores.below(0.9) == [("greet", 0.5), ("thanks", pytest.approx(2 / 3))]


def test_spans_leave_out_message_level_entities():
    text = "my wife"
    entities = [{"entity": "family_member", "start": 3, "end": 7}, {"entity": "detected_language", "start": 0, "end": 0}]
    assert spans_from(entities, text) == (Span(3, 7, "family_member", "wife"),)


def test_span_errors_tell_missed_spurious_and_boundary():
    wife, my_wife = Span(3, 7, "family_member"), Span(0, 7, "family_member")
    two, une = Span(12, 15, "number"), Span(20, 23, "number")
    errors = span_errors([wife, two], [my_wife, une])
    assert [(e.kind, e.expected, e.predicted) for e in errors] == [
        ("boundary", wife, my_wife), ("missed", two, None), ("spurious", None, une)]


def test_entity_scores_strict_and_overlapping():
    gold = [[Span(3, 7, "family_member"), Span(12, 15, "number")], [Span(0, 2, "stream")]]
    predicted = [[Span(0, 7, "family_member"), Span(12, 15, "number")], [Span(0, 2, "stream"), Span(5, 8, "number")]]
    scores = entity_scores(gold, predicted)
    assert scores["family_member"].strict.f1 == 0.0 and scores["family_member"].lenient.f1 == 1.0
    assert scores["number"].strict.precision == 0.5 and scores["number"].strict.recall == 1.0
    overall = scores[OVERALL]
    assert (overall.support, overall.predicted) == (3, 4)
    assert overall.strict.precision == 0.5 and overall.strict.recall == pytest.approx(2 / 3)
    assert overall.lenient.precision == 0.75 and overall.lenient.recall == 1.0


def test_language_detection_counts():
    assert language_detection(["en", None, "fr", "en"], "en") == {"right": 2, "none": 1, "wrong": 1}
