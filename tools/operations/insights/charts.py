"""Plots as base64 PNG data (matplotlib, no external asset). A count from 1 to 4 is masked: it gets no
bar at all, only the words "< 5" where its bar would start (explained in the legend and on the page)."""
from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Patch

SMALL = 5
COLORS = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#806000", "#2e75b6"]


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=80)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def grouped_bars(labels: Sequence[str], series: Mapping[str, Sequence[int]], title: str,
                 horizontal: bool = False) -> str | None:
    """One bar per label and series; None when there is nothing to draw."""
    if not labels or not series:
        return None
    return _png(bars_figure(labels, series, title, horizontal))


def bars_figure(labels: Sequence[str], series: Mapping[str, Sequence[int]], title: str,
                horizontal: bool = False) -> Figure:
    count = len(series)
    width = 0.8 / count
    size = (8, max(2.5, 0.35 * len(labels) * count + 1)) if horizontal else (max(6, 0.5 * len(labels) * count + 2), 3.5)
    figure, axis = plt.subplots(figsize=size)
    draw = axis.barh if horizontal else axis.bar
    masked_any = False
    for index, (name, values) in enumerate(series.items()):
        color = COLORS[index % len(COLORS)]
        positions = [i + (index - (count - 1) / 2) * width for i in range(len(labels))]
        draw(positions, [v if v >= SMALL else 0 for v in values], width, label=name, color=color)
        for position, value in zip(positions, values, strict=True):
            if 0 < value < SMALL:  # masked: no bar, the words only
                masked_any = True
                where = {"x": 0, "y": position, "ha": "left", "va": "center"} if horizontal else \
                    {"x": position, "y": 0, "ha": "center", "va": "bottom"}
                axis.text(s=" < 5", color=color, fontsize="small", **where)
    most = max([SMALL * 2] + [v for values in series.values() for v in values])
    (axis.set_xlim if horizontal else axis.set_ylim)(0, most * 1.05)
    ticks = range(len(labels))
    if horizontal:
        axis.set_yticks(list(ticks), labels)
        axis.invert_yaxis()
    else:
        crowded = len(labels) > 6
        axis.set_xticks(list(ticks), labels, rotation=45 if crowded else 0, ha="right" if crowded else "center")
    axis.set_title(title)
    handles, names = axis.get_legend_handles_labels()
    if masked_any:
        handles.append(Patch(fill=False, edgecolor="none"))
        names.append("< 5: masked, no bar drawn")
    axis.legend(handles, names, fontsize="small")
    return figure


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
