"""Small builders for modal inputs and the reader for their submitted values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.blocks.block_elements import InputInteractiveElement
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.text import MODAL_TITLE_LIMIT, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT


def input_block(
    block_id: str, label: str, element: InputInteractiveElement, *, optional: bool = False, hint: str | None = None
) -> InputBlock:
    return InputBlock(block_id=block_id, label=label, element=element, optional=optional, hint=hint)


def text_input(
    *, initial: str | None = None, placeholder: str | None = None, multiline: bool = False,
    max_length: int | None = None,
) -> PlainTextInputElement:
    return PlainTextInputElement(
        action_id=INPUT, initial_value=initial or None, placeholder=placeholder, multiline=multiline,
        max_length=max_length,
    )


def date_input(initial: date | None = None) -> DatePickerElement:
    return DatePickerElement(action_id=INPUT, initial_date=initial.isoformat() if initial else None)


def select_input(options: Sequence[tuple[str, str]], *, initial: str | None = None) -> StaticSelectElement:
    built = [Option(value=value, text=label) for value, label in options]
    chosen = next((option for option in built if option.value == initial), None)
    return StaticSelectElement(action_id=INPUT, options=built, initial_option=chosen)


class SubmittedState:
    """Reads `view.state.values` by block id, whatever element type sits in the block."""

    def __init__(self, view: dict[str, Any]) -> None:
        self._values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def _element(self, block_id: str, action_id: str = INPUT) -> dict[str, Any]:
        return self._values.get(block_id, {}).get(action_id, {})

    def text(self, block_id: str) -> str:
        return self._element(block_id).get("value") or ""

    def date(self, block_id: str) -> date | None:
        raw = self._element(block_id).get("selected_date")
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) and raw else None
        except ValueError:  # bot/kernel/listening/guards.py answers these on the field before any listener reads them
            return None

    def user(self, block_id: str) -> str | None:
        return self._element(block_id).get("selected_user")

    def users(self, block_id: str) -> list[str]:
        """A multi-users select's people; anything else there (a tampered payload) is no one."""
        users = self._element(block_id).get("selected_users")
        return [user for user in users if isinstance(user, str)] if isinstance(users, list) else []

    def conversation(self, block_id: str) -> str | None:
        return self._element(block_id).get("selected_conversation")

    def files(self, block_id: str) -> list[dict[str, Any]]:
        return list(self._element(block_id).get("files") or [])

    def checked(self, block_id: str) -> set[str]:
        return {option["value"] for option in self._element(block_id).get("selected_options") or []}

    def option(self, block_id: str, action_id: str = INPUT) -> str | None:
        selected = self._element(block_id, action_id).get("selected_option")
        return selected.get("value") if selected else None


def modal(
    callback_id: str, locale: str | None, *, title_key: str, blocks: Sequence[Block], metadata: str = "",
    submit_key: str | None = "modal.submit", close_key: str = "modal.cancel",
) -> SlackView:
    """A modal with translated title and buttons, each within Slack's 24 characters; no submit key, no Submit."""
    return SlackView(
        type="modal", callback_id=callback_id, private_metadata=metadata or None, blocks=list(blocks),
        title=truncate(t(title_key, locale), MODAL_TITLE_LIMIT),
        submit=truncate(t(submit_key, locale), MODAL_TITLE_LIMIT) if submit_key else None,
        close=truncate(t(close_key, locale), MODAL_TITLE_LIMIT),
    )
