"""Plots as base64 PNG data (matplotlib, no external asset). Counts below 5 are never drawn to
scale: such a bar is an empty hatched box up to 5, labelled "< 5" in the legend."""
from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SMALL = 5
COLORS = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#806000", "#2e75b6"]


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=80)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _masked(values: Sequence[int]) -> tuple[list[int], list[int]]:
    shown = [v if v >= SMALL else 0 for v in values]
    hidden = [SMALL if 0 < v < SMALL else 0 for v in values]
    return shown, hidden


def grouped_bars(labels: Sequence[str], series: Mapping[str, Sequence[int]], title: str,
                 horizontal: bool = False) -> str | None:
    """One bar per label and series; None when there is nothing to draw."""
    if not labels or not series:
        return None
    count = len(series)
    width = 0.8 / count
    size = (8, max(2.5, 0.35 * len(labels) * count + 1)) if horizontal else (max(6, 0.5 * len(labels) * count + 2), 3.5)
    figure, axis = plt.subplots(figsize=size)
    draw = axis.barh if horizontal else axis.bar
    hidden_drawn = False
    for index, (name, values) in enumerate(series.items()):
        positions = [i + (index - (count - 1) / 2) * width for i in range(len(labels))]
        shown, hidden = _masked(values)
        draw(positions, shown, width, label=name, color=COLORS[index % len(COLORS)])
        if any(hidden):
            draw(positions, hidden, width, fill=False, hatch="//", edgecolor=COLORS[index % len(COLORS)],
                 label=None if hidden_drawn else "< 5 (not to scale)")
            hidden_drawn = True
    ticks = range(len(labels))
    if horizontal:
        axis.set_yticks(list(ticks), labels)
        axis.invert_yaxis()
    else:
        crowded = len(labels) > 6
        axis.set_xticks(list(ticks), labels, rotation=45 if crowded else 0, ha="right" if crowded else "center")
    axis.set_title(title)
    axis.legend(fontsize="small")
    return _png(figure)


def rate_line(labels: Sequence[str], rates: Sequence[float | None], title: str) -> str | None:
    """A rate per label (None: too few messages that day to show it)."""
    points = [(i, r) for i, r in enumerate(rates) if r is not None]
    if not points:
        return None
    figure, axis = plt.subplots(figsize=(max(6, 0.5 * len(labels) + 2), 3.5))
    axis.plot([i for i, _ in points], [100 * r for _, r in points], marker="o", color=COLORS[1])
    axis.set_xticks(list(range(len(labels))), labels, rotation=45 if len(labels) > 6 else 0)
    axis.set_ylim(0, 100)
    axis.set_ylabel("%")
    axis.set_title(title)
    return _png(figure)
