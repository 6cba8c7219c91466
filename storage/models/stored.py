"""What every table with an integer id shares: `pk`, the id of a row that is stored.

SQLModel types `id` as optional because a new object has none until it is flushed; code that reads a stored row
asks for `pk` instead of writing `row.pk`, so a row read before it has an id fails loudly instead of
pointing at row 0."""

from __future__ import annotations

from sqlmodel import SQLModel


class Stored(SQLModel):
    @property
    def pk(self) -> int:
        value = getattr(self, "id", None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__} has no id before it is flushed")
        return int(value)
