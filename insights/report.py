"""The operator's page (index.html), summary.json and review.yml, from the analysed conversations."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from insights import charts
from insights.analysis import LANGUAGES, Insights
from insights.clusters import Group
from insights.page import Raw, count, document, figure, paragraph, percent, section, table, text_list
from insights.review import REASONS, review_yaml

TITLE = "PP IA/TI-EV assistant: operator insights"
LANGUAGE_NAMES = {"fr": "French", "en": "English"}
MAX_EXAMPLES = 5


def key_figures(data: Insights) -> str:
    rows = [
        ("Conversations", count(data.conversations)),
        ("User messages", count(data.user_messages)),
        ("Messages answered by the fallback", count(data.fallbacks)),
        ("Fallback rate", percent(data.fallbacks, data.user_messages)),
        ('Answers rated "Yes, helpful"', count(data.feedback.get("yes", 0))),
        ('Answers rated "No"', count(data.feedback.get("no", 0))),
        ("Conversations that ended with the contact centre's numbers", count(data.ended_with_numbers)),
    ]
    return section("Key figures", table("Totals over the whole period", ["Measure", "Value"], rows))


def per_day(data: Insights) -> str:
    days = sorted(data.days)

    def get(key: str) -> list[int]:
        return [data.days[d].get(key, 0) for d in days]

    channels = sorted(data.by_channel)
    rows = [(d, count(c["conversations"]), count(c["user_messages"]), count(c["fallbacks"]),
             percent(c["fallbacks"], c["user_messages"])) for d, c in ((d, data.days[d]) for d in days)]
    return section(
        "Conversations and messages per day",
        figure(charts.grouped_bars(days, {"conversations": get("conversations"), "user messages": get("user_messages")},
                                   "Conversations and user messages per day"),
               "Bar chart of conversations and user messages per day; the figures are in the next table.",
               "Conversations and user messages per day (Montréal dates)."),
        table("Per day", ["Day", "Conversations", "User messages", "Fallbacks", "Fallback rate"], rows),
        figure(charts.grouped_bars(days, {c: get(f"conversations_channel:{c}") for c in channels},
                                   "Conversations per day by channel"),
               "Bar chart of conversations per day for each channel; totals by channel are in the next table.",
               "Conversations per day, by channel."),
        table("By channel", ["Channel", "Conversations", "User messages"],
              [(c, count(data.by_channel[c]), count(data.messages_by_channel[c])) for c in channels]),
        figure(charts.grouped_bars(days, {LANGUAGE_NAMES[lang]: get(f"conversations_{lang}") for lang in LANGUAGES},
                                   "Conversations per day by language"),
               "Bar chart of conversations per day in French and in English; totals are in the next table.",
               "Conversations per day, by language (the language each conversation ended in)."),
        table("By language", ["Language", "Conversations", "User messages"],
              [(LANGUAGE_NAMES[lang], count(data.by_language[lang]), count(data.messages_by_language[lang]))
               for lang in LANGUAGES]),
    )


def fallback_rate(data: Insights) -> str:
    days = sorted(data.days)
    rates = [c["fallbacks"] / c["user_messages"] if c["user_messages"] >= 5 else None
             for c in (data.days[d] for d in days)]
    return section(
        "Fallback rate over time",
        paragraph("Share of user messages the assistant could not match to a topic, on days with at least 5 messages "
                  "(the per-day figures are in the table above)."),
        figure(charts.rate_line(days, rates, "Fallback rate per day (%)"),
               "Line chart of the fallback rate per day, in percent.", "Fallback rate per day."),
    )


def intents(data: Insights) -> str:
    names = [name for name, _ in data.intents.most_common()]
    return section(
        "Intents asked",
        figure(charts.grouped_bars(names, {"messages": [data.intents[n] for n in names]}, "User messages by intent",
                                   horizontal=True),
               "Horizontal bar chart of user messages by recognised intent; the figures are in the next table.",
               "User messages by the intent the model recognised."),
        table("Messages by intent", ["Intent", "Messages"], [(n, count(data.intents[n])) for n in names]),
    )


def feedback(data: Insights) -> str:
    names = sorted(data.feedback_by_intent)
    return section(
        'Feedback per intent ("Was this helpful?")',
        figure(charts.grouped_bars(names, {"yes": [data.feedback_by_intent[n]["yes"] for n in names],
                                           "no": [data.feedback_by_intent[n]["no"] for n in names]},
                                   "Ratings by intent of the rated answer", horizontal=True),
               "Horizontal bar chart of yes and no ratings for each intent; the figures are in the next table.",
               "Ratings by the intent of the answer rated."),
        table("Ratings by intent", ["Intent", "Yes", "No"],
              [(n, count(data.feedback_by_intent[n]["yes"]), count(data.feedback_by_intent[n]["no"])) for n in names]),
    )


def unanswered(groups: Sequence[Group]) -> str:
    rows = []
    for number, group in enumerate(groups, 1):
        langs = {q.text.strip(): q.lang for q in group.questions}
        examples = [(text, langs[text]) for text in group.examples[:MAX_EXAMPLES]]
        reasons = ", ".join(f"{REASONS[r]}: {count(n)}" for r, n in sorted(group.reasons.items()))
        rows.append((str(number), count(group.count), reasons, group.predicted or "—", text_list(examples)))
    return section(
        'Questions that fell to the fallback or got "No", grouped by similarity',
        paragraph("Texts are shown as the tracker store holds them (personal details redacted there). "
                  "review.yml, next to this page, lists them in Rasa's training-data format, ready to label."),
        table("Groups of similar questions, largest first",
              ["Group", "Questions", "Why", "Predicted intent", "Examples"], rows, numeric={1}),
    )


def html(data: Insights, groups: Sequence[Group], generated: datetime) -> str:
    period = f"{min(data.days)} to {max(data.days)}" if data.days else "no conversations yet"
    intro = Raw(paragraph(f"Generated {generated:%Y-%m-%d %H:%M %Z} from the tracker store; period: {period}. "
                          "A conversation is one session of the assistant. Counts from 1 to 4 are shown as \"< 5\" "
                          "and drawn as hatched boxes, never to scale; no sender id appears here."))
    return document(TITLE, intro, [key_figures(data), per_day(data), fallback_rate(data), intents(data),
                                   feedback(data), unanswered(groups)])


def write(out: Path, data: Insights, groups: Sequence[Group], generated: datetime) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    summary = {"generated": generated.isoformat(timespec="seconds"), **data.summary(), "unanswered_groups": len(groups)}
    (out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "review.yml").write_text(review_yaml(groups, generated), encoding="utf-8")
    (out / "index.html").write_text(html(data, groups, generated), encoding="utf-8")
    return summary
