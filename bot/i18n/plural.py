"""Counted messages: the catalogue holds one entry per CLDR plural category ("<key>.one", "<key>.other"), and
Babel's plural rules for the reader's language choose among them (English: 1 → one; Chinese: always other)."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import Locale

from bot.i18n import catalogue, language_of, t


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def tn(key: str, count: int, locale: str | None = None, /, **params: Any) -> str:
    """`t(f"{key}.{category}", count=count, ...)`; the "other" entry when the language lacks the category."""
    language = language_of(locale)
    category = _locale(language).plural_form(count)
    chosen = f"{key}.{category}"
    if chosen not in catalogue(language):
        chosen = f"{key}.other"  # never another language's wording for a category this one lacks
    return t(chosen, locale, count=count, **params)
