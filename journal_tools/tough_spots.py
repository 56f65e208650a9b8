"""Find what keeps coming back in the Tough spots of a period: words and #tags across weeks."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from journal_tools.weeks import IsoWeek

STOP_WORDS = frozenset(
    ["about", "after", "again", "also", "been", "before", "being", "could", "didn't", "does", "doing", "done",
     "don't", "each", "even", "from", "have", "into", "just", "like", "made", "make", "more", "much", "only",
     "other", "over", "really", "some", "still", "than", "that", "their", "them", "then", "there", "they",
     "this", "today", "very", "week", "were", "what", "when", "which", "will", "with", "would", "your"]
)  # fmt: skip
"""Words too common to tell anything about a tough spot."""
_TAG = re.compile(r"(?<![^\s(])#([\w/-]*[^\W\d_][\w/-]*)")
_NOISE = re.compile(r"\[[^\[\]]*::[^\[\]]*\]|\([^()]*::[^()]*\)|[\w-]+::|\w+://\S+")
"""Inline fields (``[current:: 45]``) and addresses, left out of tough spots."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class ToughSpot:
    """A word or #tag found in the Tough spots of two or more weeks."""

    term: str
    weeks: tuple[IsoWeek, ...]


def terms(text: str) -> set[str]:
    """Return the #tags and the telling words (lower-cased, 4+ letters, no stop word) of a text."""
    text = _NOISE.sub(" ", text)
    words = (word.lower().replace("’", "'") for word in _WORD.findall(_TAG.sub(" ", text)))
    found = {word for word in words if _letters(word) >= 4 and word not in STOP_WORDS}
    return found | {f"#{tag.lower()}" for tag in _TAG.findall(text)}


def _letters(word: str) -> int:
    """Count the letters of a word (most words are letters only: no need to look at each)."""
    return len(word) if word.isalpha() else sum(c.isalpha() for c in word)


def recurring(items: Iterable[tuple[str, IsoWeek]]) -> tuple[ToughSpot, ...]:
    """Return the terms found in the items (text, week) of two or more different weeks, most weeks first."""
    weeks: dict[str, set[IsoWeek]] = defaultdict(set)
    for text, week in items:
        for term in terms(text):
            weeks[term].add(week)
    spots = [ToughSpot(term, tuple(sorted(found))) for term, found in weeks.items() if len(found) >= 2]
    return tuple(sorted(spots, key=lambda s: (-len(s.weeks), s.term)))
