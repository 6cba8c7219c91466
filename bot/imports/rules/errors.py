"""Exceptions that carry a code + params instead of a sentence (the app translates codes)."""

from collections.abc import Mapping

from bot.imports.rules.codes import Code


class TableImportError(Exception):
    def __init__(self, code: Code, params: Mapping[str, object] | None = None) -> None:
        super().__init__(code.value)
        self.code = code
        self.params: dict[str, object] = dict(params or {})


class TableReadError(TableImportError):
    """The input cannot become a grid at all (too large, unreadable, wrong type, empty)."""


class HeaderError(TableImportError):
    """The header row cannot be mapped to fields."""


class DueDateError(TableImportError):
    """A due-date cell cannot be read."""


class OwnerError(TableImportError):
    """An owner reference matches no single active Slack user."""
