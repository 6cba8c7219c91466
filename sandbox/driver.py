"""A person at the sandbox's keyboard, for the demo script and for tests: type, press buttons, fill modals by label.

It goes through the same gestures the page sends (sandbox.client), and finds things the way a person does:
a button by its text, a field by its label, a task by its title.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sandbox.client import Outcome, SlackClient
from sandbox.records import Message, ViewRecord
from sandbox.store import SandboxStore
from sandbox.view_state import Raw, all_options, stateful_elements


class DriverError(AssertionError):
    """The screen does not show what the script expected (a missing button, an unknown label)."""


@dataclass
class Person:
    client: SlackClient
    user: str
    settle: Callable[[], None] = lambda: None  # waits for the bot's work after an acknowledgement

    @property
    def store(self) -> SandboxStore:
        return self.client.store

    # --- typing --------------------------------------------------------------------------------------------
    def say(self, channel: str, text: str) -> Outcome:
        return self._settled(self.client.send_message(self.user, channel, text))

    def _settled(self, outcome: Outcome) -> Outcome:
        self.settle()
        return outcome

    @property
    def locale(self) -> str:
        return str((self.store.user(self.user) or {}).get("locale") or "en-US")

    @property
    def dm(self) -> str:
        return self.store.im_for(self.user).id

    # --- what is on screen ----------------------------------------------------------------------------------------
    def messages(self, channel: str) -> list[Message]:
        return self.store.messages(channel, viewer=self.user)

    def modal(self) -> ViewRecord:
        stack = self.store.modal_stack(self.user)
        if not stack:
            raise DriverError(f"{self.user} has no dialog open")
        return stack[-1]

    def has_modal(self) -> bool:
        return bool(self.store.modal_stack(self.user))

    # --- buttons ---------------------------------------------------------------------------------------------------
    def press(self, channel: str, button: str, *, near: str | None = None, value: Raw = None) -> Outcome:
        """Press the newest button labelled `button` in `channel` (in the block about `near`, when given)."""
        for message in reversed(self.messages(channel)):
            found = _find_button(message.blocks or [], button, near)
            if found:
                block_id, element = found
                return self._settled(self.client.act_in_message(self.user, channel, message.ts, block_id,
                                                                element.get("action_id") or "", value))
        raise DriverError(f"no button {button!r}{f' near {near!r}' if near else ''} in {channel} for {self.user}")

    def press_in_modal(self, button: str) -> Outcome:
        record = self.modal()
        found = _find_button(record.data.get("blocks") or [], button, None)
        if not found:
            raise DriverError(f"no button {button!r} in the dialog {record.data.get('callback_id')}")
        block_id, element = found
        return self._settled(self.client.act_in_view(self.user, record.id, block_id, element.get("action_id") or ""))

    # --- modals -------------------------------------------------------------------------------------------------------
    def fill(self, values: Mapping[str, Any]) -> dict[str, dict[str, Raw]]:
        """Raw state for the open dialog from human values by label: text, dates, option texts, user ids."""
        record = self.modal()
        fields = _labelled_fields(record.data.get("blocks") or [])
        raw: dict[str, dict[str, Raw]] = {}
        for label, value in values.items():
            block_id, element = _field(fields, label)
            raw.setdefault(block_id, {})[element.get("action_id") or ""] = _raw_value(element, value)
        return raw

    def submit(self, values: Mapping[str, Any] | None = None) -> Outcome:
        record = self.modal()
        return self._settled(self.client.submit(self.user, record.id, self.fill(values or {})))

    def errors(self) -> dict[str, str]:
        """The field errors the open dialog shows, by the field's label."""
        record = self.modal()
        labels = {block.get("block_id"): _text(block.get("label")) for block in record.data.get("blocks") or []}
        return {labels.get(block_id, block_id) or block_id: message for block_id, message in record.errors.items()}

    def close_modal(self) -> Outcome:
        return self._settled(self.client.close(self.user, self.modal().id))


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


def _block_text(block: dict[str, Any]) -> str:
    parts = [_text(block.get("text"))]
    parts += [_text(item) for item in block.get("fields") or []]
    parts += [_text(item) for item in block.get("elements") or [] if isinstance(item, dict) and "type" in item
              and item["type"] in ("mrkdwn", "plain_text")]
    return " ".join(parts)


def _find_button(blocks: list[dict[str, Any]], label: str, near: str | None) -> tuple[str, dict[str, Any]] | None:
    """The button `label`; with `near`, the first one at or after the block whose text mentions `near`."""
    start = 0
    if near is not None:
        starts = [index for index, block in enumerate(blocks) if near in _block_text(block)]
        if not starts:
            return None
        start = starts[0]
    for index in range(start, len(blocks)):
        block = blocks[index]
        block_id = str(block.get("block_id") or f"b{index}")
        for element in [block.get("accessory"), *(block.get("elements") or [])]:
            if isinstance(element, dict) and element.get("type") == "button" and _text(element.get("text")) == label:
                return block_id, element
        if near is not None and index > start and near not in _block_text(block) and block.get("type") == "section":
            return None  # passed on to the next item without finding the button
    return None


def _labelled_fields(blocks: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    labels = {block.get("block_id"): _text(block.get("label")) for block in blocks if block.get("type") == "input"}
    return [(labels.get(block_id, ""), block_id, element) for block_id, element in stateful_elements(blocks)]


def _field(fields: list[tuple[str, str, dict[str, Any]]], label: str) -> tuple[str, dict[str, Any]]:
    for matches in (lambda text: text == label, lambda text: text.startswith(label), lambda text: label in text):
        found = [(block_id, element) for text, block_id, element in fields if matches(text)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise DriverError(f"the label {label!r} matches {len(found)} fields")
    raise DriverError(f"no field labelled {label!r}; the dialog has {[text for text, _, _ in fields]}")


def _raw_value(element: dict[str, Any], value: Any) -> Raw:
    kind = element.get("type", "")
    if isinstance(value, date):
        return value.isoformat()
    if kind in ("static_select", "radio_buttons", "multi_static_select", "checkboxes"):
        wanted = value if isinstance(value, list | tuple | set) else [value]
        chosen = []
        for item in wanted:
            option = next((o for o in all_options(element) if o.get("value") == item or _text(o.get("text")) == item),
                          None)
            if option is None:
                offered = [_text(o.get("text")) for o in all_options(element)]
                raise DriverError(f"no option {item!r}; there are {offered}")
            chosen.append(str(option.get("value")))
        return chosen if kind.startswith("multi") or kind == "checkboxes" else chosen[0]
    if kind == "external_select":
        return value if isinstance(value, dict) else {"value": str(value), "text": str(value)}
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return None if value is None else str(value)
