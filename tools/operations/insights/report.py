"""The operator's page (index.html), summary.json and review.yml, from the analysed conversations."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tools.operations.insights import charts
from tools.operations.insights.analysis import LANGUAGES, Insights
from tools.operations.insights.clusters import Group
from tools.operations.insights.names import channel_name, intent_title
from tools.operations.insights.page import (
    Raw,
    code,
    count,
    document,
    figure,
    paragraph,
    percent,
    section,
    table,
    text_list,
)
from tools.operations.insights.review import REASONS, review_yaml

TITLE = "PP IA/TI-EV assistant: operator insights"
LANGUAGE_NAMES = {"fr": "French", "en": "English"}
MAX_EXAMPLES = 5


def key_figures(data: Insights) -> str:
    rows = [
        ("Conversations", count(data.conversations)),
        ("User messages", count(data.user_messages)),
        ("Messages not understood (fallback)", count(data.fallbacks)),
        ("Share of messages not understood", percent(data.fallbacks, data.user_messages)),
        ("Questions outside the program", count(data.outcomes["out_of_scope"])),
        ("Messages not answered because of a technical failure", count(data.outcomes["technical"])),
        ('Answers rated "Yes, helpful"', count(data.feedback.get("yes", 0))),
        ('Answers rated "No"', count(data.feedback.get("no", 0))),
        ("Conversations that ended with the contact centre's numbers", count(data.ended_with_numbers)),
    ]
    return section("Key figures", table("Totals over the whole period", ["Measure", "Value"], rows))


def per_day(data: Insights) -> str:
    days = sorted(data.days)

    def get(key: str) -> list[int]:
        return [data.days[d].get(key, 0) for d in days]

    channels = sorted(data.by_channel, key=channel_name)
    rows = [(d, count(c["conversations"]), count(c["user_messages"]), count(c["fallback"]), count(c["out_of_scope"]),
             count(c["technical"]), percent(c["fallback"], c["user_messages"]))
            for d, c in ((d, data.days[d]) for d in days)]
    return section(
        "Conversations and messages per day",
        figure(charts.grouped_bars(days, {"conversations": get("conversations"), "user messages": get("user_messages")},
                                   "Conversations and user messages per day"),
               "Bar chart of conversations and user messages per day; the figures are in the next table.",
               "Conversations and user messages per day (Montréal dates)."),
        table("Per day", ["Day", "Conversations", "User messages", "Not understood", "Outside the program",
                          "Technical failures", "Share not understood"], rows),
        figure(charts.grouped_bars(days, {channel_name(c): get(f"conversations_channel:{c}") for c in channels},
                                   "Conversations per day by channel"),
               "Bar chart of conversations per day for each channel; totals by channel are in the next table.",
               "Conversations per day, by channel."),
        table("By channel", ["Channel", "Conversations", "User messages"],
              [(channel_name(c), count(data.by_channel[c]), count(data.messages_by_channel[c])) for c in channels]),
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
    rates = [c["fallback"] / c["user_messages"] if c["user_messages"] >= 5 else None
             for c in (data.days[d] for d in days)]
    return section(
        "Messages not understood, over time",
        paragraph("Share of user messages the assistant could not match to a topic (the fallback), on days with at "
                  "least 5 messages (the per-day figures are in the table above). Questions outside the program and "
                  "technical failures (the assistant could not run its answer: its action server was down or too "
                  "slow, and the person got the apology with the contact centre's numbers) are counted apart."),
        figure(charts.rate_line(days, rates, "Share of messages not understood per day (%)"),
               "Line chart of the share of messages not understood per day, in percent.",
               "Share of messages not understood per day."),
    )


def intents(data: Insights) -> str:
    names = [name for name, _ in data.intents.most_common()]
    return section(
        "Topics asked",
        figure(charts.grouped_bars([intent_title(n) for n in names], {"messages": [data.intents[n] for n in names]},
                                   "User messages by topic", horizontal=True),
               "Horizontal bar chart of user messages by recognised topic; the figures are in the next table.",
               "User messages by the topic the model recognised."),
        table("Messages by topic (with the intent's name in the training data)", ["Topic", "Intent", "Messages"],
              [(intent_title(n), code(n), count(data.intents[n])) for n in names], numeric={2}),
    )


def feedback(data: Insights) -> str:
    names = sorted(data.feedback_by_intent, key=intent_title)
    return section(
        'Feedback per topic ("Was this helpful?")',
        figure(charts.grouped_bars([intent_title(n) for n in names],
                                   {"yes": [data.feedback_by_intent[n]["yes"] for n in names],
                                    "no": [data.feedback_by_intent[n]["no"] for n in names]},
                                   "Ratings by topic of the rated answer", horizontal=True),
               "Horizontal bar chart of yes and no ratings for each topic; the figures are in the next table.",
               "Ratings by the topic of the answer rated."),
        table("Ratings by topic", ["Topic", "Yes", "No"],
              [(intent_title(n), count(data.feedback_by_intent[n]["yes"]), count(data.feedback_by_intent[n]["no"]))
               for n in names]),
    )


def unanswered(groups: Sequence[Group]) -> str:
    rows = []
    for number, group in enumerate(groups, 1):
        langs = {q.text.strip(): q.lang for q in group.questions}
        examples = [(text, langs[text]) for text in group.examples[:MAX_EXAMPLES]]
        reasons = ", ".join(f"{REASONS[r]}: {count(n)}" for r, n in sorted(group.reasons.items()))
        predicted = intent_title(group.predicted) if group.predicted else "—"
        rows.append((str(number), count(group.count), reasons, predicted, text_list(examples)))
    return section(
        'Questions not understood, outside the program, or whose answer got "No", grouped by similarity',
        paragraph("Texts are shown as the tracker store holds them (personal details redacted there). "
                  "review.yml, next to this page, lists them in Rasa's training-data format, ready to label. "
                  "Messages lost to a technical failure are not listed: they may have been understood."),
        table("Groups of similar questions, largest first",
              ["Group", "Questions", "Why", "Likeliest topic", "Examples"], rows, numeric={1}),
    )


def masking() -> str:
    return section(
        "What this page masks, and why",
        paragraph("At the pilot's volume most counts are small, and a small count next to a day, a channel and a "
                  "language can point to one person. So every count from 1 to 4 is shown as \"< 5\" in the tables, "
                  "and in the charts it gets no bar at all, only the words \"< 5\" where the bar would start (never "
                  "drawn to scale). A rate is shown only over at least 5 messages. No sender id appears anywhere."),
        paragraph("The questions themselves are shown in full, as the tracker store holds them (e-mail addresses, "
                  "phone numbers and file numbers were redacted before storage), because the team needs them to "
                  "fix the answers and the training data. That makes this page, like review.yml, for the program's "
                  "team only: do not publish it. summary.json holds the exact counts."),
    )


def html(data: Insights, groups: Sequence[Group], generated: datetime) -> str:
    period = f"{min(data.days)} to {max(data.days)}" if data.days else "no conversations yet"
    intro = Raw(paragraph(f"Generated {generated:%Y-%m-%d %H:%M %Z} from the tracker store; period: {period}. "
                          "A conversation is one session of the assistant. Counts from 1 to 4 are masked (shown as "
                          "\"< 5\", no bar drawn): see the last section."))
    return document(TITLE, intro, [key_figures(data), per_day(data), fallback_rate(data), intents(data),
                                   feedback(data), unanswered(groups), masking()])


def write(out: Path, data: Insights, groups: Sequence[Group], generated: datetime) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    summary = {"generated": generated.isoformat(timespec="seconds"), **data.summary(), "unanswered_groups": len(groups)}
    (out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "review.yml").write_text(review_yaml(groups, generated), encoding="utf-8")
    (out / "index.html").write_text(html(data, groups, generated), encoding="utf-8")
    return summary
