"""The form of a task's text that re-import matches on: the same task written in another script is the same task.

A table re-imported from Taiwan or Hong Kong (門店佈置) must find the task first imported in Simplified script
(门店布置), so the text is folded to Simplified with OpenCC's dictionaries (phrases and variants, which a table of
single characters gets wrong), after the width, case and spacing folds of ``text.fold``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc


@cache
def _to_simplified() -> opencc.OpenCC:
    # Loading the dictionaries takes a few milliseconds; one converter serves the whole process.
    return opencc.OpenCC("t2s")


def task_match_text(text: str) -> str:
    """Comparison form of a task's text: NFKC, spaces collapsed, case folded, Traditional script to Simplified."""
    return _to_simplified().convert(fold(text))


_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Comparison form: NFKC turns full-width letters, digits, colons and spaces into ASCII."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
