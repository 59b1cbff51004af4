"""What both processes agree on about a message's text: how words are compared (folding) and how
much of a message is read. The Rasa server's components, the spaCy pipeline's builder and the action
server's parsing import this one module."""
from __future__ import annotations

import unicodedata

# The longest message the NLU reads (rasa_server/nlu/input_guard.py truncates there and answers "too
# long"); the action server reads no more of it, and its reply states this limit.
MAX_CHARS = 2000


def fold(text: str) -> str:
    """Lower case without accents: "Délai" and "delai" are the same word to us."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
