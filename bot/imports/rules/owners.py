"""Split an owner cell (负责人) into references to people.

A cell may hold Slack mentions (``<@U123>``, ``<@U123|li>``), emails (also as Slack renders them,
``<mailto:a@b.com|a@b.com>``) and plain names (display name, real name or handle, with or without a
leading ``@``), separated by 、 , ， / ; ； " and " or 和.

Design decision: several owners in one cell make ONE TASK EACH (one row per owner), so that each
person tracks, is reminded about and closes their own part; a shared task with several owners would
have no single person accountable for it (the handbooks give every task one 负责人).
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class OwnerKind(StrEnum):
    USER_ID = "user_id"
    EMAIL = "email"
    NAME = "name"


@dataclass(frozen=True)
class OwnerRef:
    kind: OwnerKind
    value: str  # user id, lower-cased email, or the name without a leading "@"
    text: str  # the piece as written, for messages back to the user


# Angle-bracket tokens are split out first: a mention label may itself contain a separator.
_TOKEN = re.compile(r"<[^<>]*>")
_SEPARATOR = re.compile(r"[、,，/／;；]|\s+and\s+|和", re.IGNORECASE)
_SYMBOL_SEPARATOR = re.compile(r"[、,，/／;；]")
# "和" also occurs inside names (王和平); callers holding a user index try the whole piece first.
WORD_SEPARATOR = re.compile(r"\s+and\s+|和", re.IGNORECASE)
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_MAILTO = re.compile(r"^<mailto:([^|>]+)(?:\|[^>]*)?>$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def split_owner_cell(text: str, *, split_words: bool = True) -> list[OwnerRef]:
    """``split_words=False`` splits on punctuation only, leaving " and " / 和 inside pieces."""
    separator = _SEPARATOR if split_words else _SYMBOL_SEPARATOR
    refs: list[OwnerRef] = []
    position = 0
    for token in _TOKEN.finditer(text):
        refs.extend(_split_plain(text[position:token.start()], separator))
        refs.append(_classify_token(token.group()))
        position = token.end()
    refs.extend(_split_plain(text[position:], separator))
    unique: dict[tuple[OwnerKind, str], OwnerRef] = {}
    for ref in refs:
        unique.setdefault((ref.kind, ref.value), ref)
    return list(unique.values())


def _split_plain(chunk: str, separator: re.Pattern[str]) -> list[OwnerRef]:
    refs: list[OwnerRef] = []
    for piece in separator.split(chunk):
        piece = piece.strip()
        if piece:
            refs.append(classify_piece(piece))
    return refs


def _classify_token(token: str) -> OwnerRef:
    if match := _MENTION.match(token):
        return OwnerRef(OwnerKind.USER_ID, match[1], token)
    if match := _MAILTO.match(token):
        return OwnerRef(OwnerKind.EMAIL, match[1].strip().lower(), token)
    # "Li Wei <li.wei@x.com>" style: the bracketed part is an email without the mailto wrapper.
    return classify_piece(token[1:-1].strip(), written=token)


def classify_piece(piece: str, *, written: str | None = None) -> OwnerRef:
    text = written or piece
    if _EMAIL.match(piece):
        return OwnerRef(OwnerKind.EMAIL, piece.lower(), text)
    return OwnerRef(OwnerKind.NAME, piece.lstrip("@＠").strip(), text)
