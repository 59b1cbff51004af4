"""Confusion-matrix images (matplotlib, no display needed)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def confusion_matrix_png(expected: Sequence[str], predicted: Sequence[str], title: str, path: Path) -> Path:
    """Rows: expected intent; columns: predicted intent (nlu_fallback included). Counts in cells."""
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator
    from sklearn.metrics import confusion_matrix

    rows = sorted(set(expected))
    labels = rows + sorted(set(predicted) - set(rows))  # extra columns: labels never expected (nlu_fallback)
    matrix = confusion_matrix(expected, predicted, labels=labels)[: len(rows)]
    errors = matrix.copy()
    np.fill_diagonal(errors, 0)
    size = 4 + 0.33 * len(labels)
    fig, ax = plt.subplots(figsize=(size + 2, size))
    # Colour the mistakes (the diagonal would dwarf them); the diagonal is shown in numbers.
    vmax = max(3, int(errors.max()))
    image = ax.imshow(errors, cmap="Reds", vmin=0, vmax=vmax, aspect="auto")
    for (i, j), value in np.ndenumerate(matrix):
        if value:
            colour = "#1a5e20" if i == j else "white" if value > 0.6 * vmax else "black"
            ax.text(j, i, str(value), ha="center", va="center", fontsize=7, color=colour,
                    fontweight="normal" if i == j else "bold")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("expected intent")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.03, label="wrong predictions", ticks=MaxNLocator(integer=True))
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path

