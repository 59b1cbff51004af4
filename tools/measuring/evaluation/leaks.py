"""Held-out examples that leak into training, seen the way the intent classifier sees text.

The classifier folds accents and case (`pilot_program.text.fold`) and keeps word tokens of two or
more characters, so "J'ai combien de temps?" and "jai combien de temps" are the same input to it.
A held-out line leaks when a training line is equal after that normalisation, or a near duplicate:
cosine similarity of character 3-5-gram TF-IDF vectors at or above `NEAR_DUPLICATE`.

`python -m tools.measuring.evaluation.leaks` lists the leaks; `--fix` removes them: the training twin is deleted,
except when it is a very short line ("oui", "yeah yeah"), which the assistant needs to learn: then the
held-out line goes.
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pilot_program.text import fold
from tools.measuring.evaluation.examples import Example, heldout, heldout_files, load_examples

ROOT = Path(__file__).resolve().parents[3]
TRAINING = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "tests" / "nlu_holdout"
# the unseen set (tools/measuring/evaluation/unseen.py), never trained on
UNSEEN = ROOT / "tests" / "unseen" / "messages.yml"
LANGUAGES = ("en", "fr")
NEAR_DUPLICATE = 0.85
SHORT_TOKENS = 2  # a training twin this short stays; the held-out line is dropped instead
WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern, as the classifier uses


def normalise(text: str) -> str:
    """The text as the classifier's word features see it."""
    return " ".join(WORD.findall(fold(text)))


@dataclass(frozen=True)
class Leak:
    """A held-out line and the training line that gives it away."""

    heldout: str
    training: str
    similarity: float

    @property
    def training_is_short(self) -> bool:
        return len(normalise(self.training).split()) <= SHORT_TOKENS


def find_leaks(training: Sequence[Example], heldout: Sequence[Example],
               threshold: float = NEAR_DUPLICATE) -> list[Leak]:
    """Every held-out example whose closest training example is equal or a near duplicate."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    train_texts = [e.text for e in training]
    held_texts = [e.text for e in heldout]
    if not train_texts or not held_texts:
        return []
    vectors = TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(3, 5)).fit(train_texts)
    similarity = cosine_similarity(vectors.transform(held_texts), vectors.transform(train_texts))
    by_form = {normalise(t): t for t in train_texts}
    leaks = []
    for row, text in enumerate(held_texts):
        column = int(similarity[row].argmax())
        twin = by_form.get(normalise(text))
        if twin is not None:
            leaks.append(Leak(text, twin, 1.0))
        elif similarity[row, column] >= threshold:
            leaks.append(Leak(text, train_texts[column], float(similarity[row, column])))
    return leaks


def unseen_examples(path: Path = UNSEEN) -> list[Example]:
    """Every message of the unseen set, earlier turns included."""
    import yaml

    cases = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases") or []
    return [Example(str(text), None) for case in cases for text in (*(case.get("turns") or ()), case["message"])]


def all_leaks() -> dict[str, list[Leak]]:
    """Held-out lines per language, and unseen messages ("unseen"), that leak into training. An unseen
    message as short as "merci" or "hours?" has a twin the assistant must learn: only longer twins count."""
    training = load_examples(TRAINING)
    leaks = {lang: find_leaks(training, heldout(lang)) for lang in LANGUAGES}
    leaks["unseen"] = [leak for leak in find_leaks(training, unseen_examples()) if not leak.training_is_short]
    return leaks


def remove_lines(files: Sequence[Path], texts: set[str]) -> int:
    """Deletes the example lines ``- text`` whose text is in ``texts``; returns how many went."""
    removed = 0
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not _is_example_of(line, texts)]
        removed += len(lines) - len(kept)
        if len(kept) != len(lines):
            path.write_text("".join(kept), encoding="utf-8")
    return removed


def _is_example_of(line: str, texts: set[str]) -> bool:
    stripped = line.strip()
    return stripped.startswith("- ") and _plain(stripped[2:]) in texts


def _plain(annotated: str) -> str:
    """An example line without Rasa's [value](entity) annotations."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), annotated).strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="remove the leaks (see the module's docstring)")
    args = parser.parse_args(argv)
    leaks = all_leaks()
    for lang, found in leaks.items():
        print(f"{lang}: {len(found)} held-out lines leak into training")
        for leak in found:
            print(f"  {leak.similarity:.2f}  {leak.heldout!r}  <-  {leak.training!r}")
    if args.fix:
        flat = [leak for found in leaks.values() for leak in found]
        training_files = sorted(TRAINING.rglob("*.yml"))
        unseen = leaks["unseen"]  # an unseen message stays; only its long training twins go
        gone = remove_lines(training_files, {_plain(leak.training) for leak in flat if not leak.training_is_short})
        dropped = remove_lines(heldout_files(),
                               {_plain(leak.heldout) for leak in flat if leak.training_is_short and leak not in unseen})
        print(f"removed {gone} training lines and {dropped} held-out lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
