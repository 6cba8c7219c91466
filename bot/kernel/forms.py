"""What every form shares: an error on one of its fields, and the refusal of a whole submission.

Pure values: the domain checks return `FieldError`s, a use case raises `FormRejected` when it refuses what was typed
(a name taken meanwhile, too many reporters), and `bot/kernel/listening/forms.py` answers either on the form's
fields."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    """An error on one form field: `key` is an i18n message key, `params` fill it."""

    field: str
    key: str
    params: dict[str, object] = field(default_factory=dict)


class FormRejected(Exception):
    """A submission refused field by field; nothing of it is saved (the transaction it was raised in rolls back)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__([error.key for error in errors])
        self.errors = errors
