"""The one translation function. Every user-facing string goes through `t`.

Catalogues are gettext `.po` files, one per language under `bot/kernel/i18n/locale/<language>/LC_MESSAGES/`, whose
msgid is the message key ("reports.modal.title") and whose msgstr is a `str.format` template. They are read with
Babel when first used, so no compile step can be forgotten; `make messages` keeps the pybabel workflow for
translators. A key missing in a language falls back to English, so a partial catalogue never shows a raw key.

Plurals are ICU-style inside a template — `{count, plural, one {# task} other {# tasks}}` — and the branch is
chosen by Babel's CLDR plural rules for the reader's locale (Chinese has only `other`).

Languages: `en`, `zh_Hans` (Simplified) and `zh_Hant` (Traditional, Taiwan wording). A Slack locale is mapped
through Babel's likely scripts, so `zh-TW`, `zh-HK` and `zh-MO` read Traditional and `zh-CN`, `zh-SG` and plain
`zh` read Simplified.
"""

from __future__ import annotations

import re
import string
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

DEFAULT_LANGUAGE = "en"
SIMPLIFIED = "zh_Hans"
TRADITIONAL = "zh_Hant"
SUPPORTED_LANGUAGES = (DEFAULT_LANGUAGE, SIMPLIFIED, TRADITIONAL)
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# A locale that stands for each language where a concrete one is needed (Babel formatting, a person's choice).
REPRESENTATIVE_LOCALE = {DEFAULT_LANGUAGE: "en-US", SIMPLIFIED: "zh-CN", TRADITIONAL: "zh-TW"}
# Older callers and tests name Simplified Chinese "zh".
_ALIASES = {"zh": SIMPLIFIED}


@cache
def language_of(locale: str | None) -> str:
    """Slack speaks `zh-CN`, `zh-TW`, `en-US`, …; catalogues are per language and script."""
    if not locale:
        return DEFAULT_LANGUAGE
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT_LANGUAGE
    if parsed.language != "zh":
        return DEFAULT_LANGUAGE
    return TRADITIONAL if parsed.script == "Hant" else SIMPLIFIED


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(language: str) -> dict[str, str]:
    """Key → template of one language, read from its `.po` file (fuzzy and empty entries are not used)."""
    language = _ALIASES.get(language, language)
    with po_path(language).open("rb") as source:
        parsed = read_po(source)
    merged: dict[str, str] = {}
    for message in parsed:
        if not message.id or message.fuzzy or not isinstance(message.id, str) or not message.string:
            continue
        merged[message.id] = message.string
    return merged


def t(key: str, locale: str | None = None, /, **params: Any) -> str:
    language = language_of(locale)
    template = catalogue(language).get(key)
    if template is None:
        language, template = DEFAULT_LANGUAGE, catalogue(DEFAULT_LANGUAGE)[key]
    if ", plural," in template:
        template = choose_plurals(template, language, params)
    return template.format(**params)


# --- ICU-style plurals ------------------------------------------------------------------------------------------

_PLURAL_START = re.compile(r"\{(\w+),\s*plural,")
_BRANCH = re.compile(r"\s*(=\d+|zero|one|two|few|many|other)\s*\{")


def plural_category(count: Any, language: str) -> str:
    """CLDR category of `count` in `language` ("one", "other", …) from Babel's plural rules."""
    try:
        number = Decimal(str(count).replace(",", ""))
    except InvalidOperation:
        return "other"
    return _babel(_ALIASES.get(language, language)).plural_form(number)


@cache
def _babel(language: str) -> Locale:
    return Locale.parse(language)


def _closing(text: str, start: int) -> int:
    """Index of the `}` closing the `{` just before `start`."""
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unbalanced braces in {text!r}")


@cache  # a few dozen templates, parsed once each
def plural_branches(text: str) -> tuple[tuple[int, int, str, dict[str, str]], ...]:
    """Every `{name, plural, …}` in `text`: (start, end, name, selector → branch text)."""
    found = []
    position = 0
    while match := _PLURAL_START.search(text, position):
        end = _closing(text, match.end())
        body, branches, cursor = text[match.end():end], {}, 0
        while branch := _BRANCH.match(body, cursor):
            close = _closing(body, branch.end())
            branches[branch.group(1)] = body[branch.end():close]
            cursor = close + 1
        if "other" not in branches or body[cursor:].strip():
            raise ValueError(f"a plural needs an `other` branch and nothing else: {text!r}")
        found.append((match.start(), end + 1, match.group(1), branches))
        position = end + 1
    return tuple(found)


def choose_plurals(template: str, language: str, params: dict[str, Any]) -> str:
    """The template with each plural replaced by the branch for its count; `#` stands for the count."""
    pieces, position = [], 0
    for start, end, name, branches in plural_branches(template):
        count = params[name]
        branch = branches.get(f"={count}") or branches.get(plural_category(count, language)) or branches["other"]
        pieces += [template[position:start], branch.replace("#", "{" + name + "}")]
        position = end
    return "".join(pieces) + template[position:]


def placeholders(template: str) -> set[str]:
    """Names a template is formatted with, plural counts included: every language must use the same ones."""
    names: set[str] = set()
    flat, position = [], 0
    for start, end, name, branches in plural_branches(template):
        names.add(name)
        flat += [template[position:start], *(branch.replace("#", "") for branch in branches.values())]
        position = end
    flat.append(template[position:])
    for piece in flat:
        names.update(field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(piece) if field)
    return names
