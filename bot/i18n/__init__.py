"""The one translation function. Every user-facing string goes through `t`.

Catalogues live in `bot/i18n/<language>/*.py`, each module holding a `MESSAGES` dict; a language's
modules are merged when first used. Keys missing in a language fall back to English, so a partial
catalogue never shows a raw key to a user.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from babel import Locale

DEFAULT_LANGUAGE = "en"
SUPPORTED_LANGUAGES = ("en", "zh")


def language_of(locale: str | None) -> str:
    """Slack speaks `zh-CN`, `en-US`, …; catalogues are per language."""
    if not locale:
        return DEFAULT_LANGUAGE
    language = locale.replace("_", "-").split("-")[0].lower()
    return language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    package = importlib.import_module(f"{__name__}.{language}")
    merged: dict[str, str] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        clashes = merged.keys() & module.MESSAGES.keys()
        if clashes:
            raise RuntimeError(f"message keys defined twice in {language}: {sorted(clashes)}")
        merged.update(module.MESSAGES)
    return merged


def t(key: str, locale: str | None = None, /, **params: Any) -> str:
    language = language_of(locale)
    template = catalogue(language).get(key)
    if template is None:
        template = catalogue(DEFAULT_LANGUAGE)[key]
    return template.format(**params)


@cache
def _plural_rules(language: str) -> Locale:
    return Locale.parse(language)


def tn(key: str, count: int, locale: str | None = None, /, **params: Any) -> str:
    """`t` for a message about `count` things, in the plural form the language's rules (CLDR, via Babel) choose.

    `key` holds the general ("other") form; `<key>.one`, `<key>.two`, … hold the others a language needs (English
    "1 task" vs "2 tasks"; Chinese has one form only). `count` fills `{count}` unless the caller passes it
    formatted (`count=formatting.number(n, locale)`)."""
    language = language_of(locale)
    form = _plural_rules(language).plural_form(count)
    chosen = f"{key}.{form}"
    own = catalogue(language)
    # No separate form for this count in the language (nor in English to fall back on): the general form.
    if chosen not in own and (key in own or chosen not in catalogue(DEFAULT_LANGUAGE)):
        chosen = key
    params.setdefault("count", count)
    return t(chosen, locale, **params)
