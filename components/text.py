"""Text normalisation shared by the components."""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: "Délai" and "delai" are the same word to us."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
