"""`state.values` as Slack builds it from what a person entered, element type by element type.

The page sends plain values (a string, a list of strings, or for an external select `{value, text}`);
this turns them into the exact shapes Slack sends (`selected_option` with its text, `selected_date`,
`selected_users`, file objects, ...), looked up in the view's own element definitions so an option's text
is the one the bot wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Raw = str | list[str] | dict[str, Any] | None
FileLookup = Callable[[str], dict[str, Any] | None]

STATEFUL = {
    "plain_text_input", "number_input", "email_text_input", "url_text_input", "datepicker", "timepicker",
    "datetimepicker", "static_select", "external_select", "users_select", "conversations_select",
    "channels_select", "multi_static_select", "multi_external_select", "multi_users_select",
    "multi_conversations_select", "multi_channels_select", "radio_buttons", "checkboxes", "file_input",
    "rich_text_input",
}


def stateful_elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(block id, element) for every element whose value Slack keeps in `state.values`."""
    for index, block in enumerate(blocks):
        block_id = block.get("block_id") or f"b{index}"
        kind = block.get("type")
        if kind == "input" and isinstance(block.get("element"), dict):
            yield block_id, block["element"]
        elif kind == "actions":
            for element in block.get("elements") or []:
                if element.get("type") in STATEFUL:
                    yield block_id, element
        elif kind == "section" and (block.get("accessory") or {}).get("type") in STATEFUL:
            yield block_id, block["accessory"]


def all_options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def option_for(element: dict[str, Any], value: str) -> dict[str, Any] | None:
    return next((option for option in all_options(element) if option.get("value") == value), None)


def initial_raw(element: dict[str, Any]) -> Raw:
    """What the element shows before anyone touches it, as a raw value."""
    kind = element.get("type", "")
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return element.get("initial_value")
    if kind == "datepicker":
        return element.get("initial_date")
    if kind == "timepicker":
        return element.get("initial_time")
    if kind == "datetimepicker":
        initial = element.get("initial_date_time")
        return str(initial) if initial is not None else None
    if kind in ("static_select", "external_select", "radio_buttons"):
        option = element.get("initial_option")
        if not option:
            return None
        return {"value": option.get("value"), "text": _text(option.get("text"))} if kind == "external_select" \
            else option.get("value")
    if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        return [option.get("value") for option in element.get("initial_options") or []]
    if kind == "users_select":
        return element.get("initial_user")
    if kind == "multi_users_select":
        return list(element.get("initial_users") or [])
    if kind == "conversations_select":
        return element.get("initial_conversation")
    if kind == "multi_conversations_select":
        return list(element.get("initial_conversations") or [])
    if kind == "channels_select":
        return element.get("initial_channel")
    if kind == "multi_channels_select":
        return list(element.get("initial_channels") or [])
    return None


# The id pickers' initial field, and whether it holds a list: what a kept value is shown as.
_INITIAL_ID: dict[str, tuple[str, bool]] = {
    "users_select": ("initial_user", False), "multi_users_select": ("initial_users", True),
    "conversations_select": ("initial_conversation", False),
    "multi_conversations_select": ("initial_conversations", True),
    "channels_select": ("initial_channel", False), "multi_channels_select": ("initial_channels", True),
}


def with_initial(element: dict[str, Any], raw: Raw) -> dict[str, Any]:
    """`element` showing `raw` as its initial value: the inverse of `initial_raw`."""
    kind = element.get("type", "")
    single = raw if isinstance(raw, str) else None
    many = [str(item) for item in raw] if isinstance(raw, list) else ([single] if single else [])
    shown = {key: value for key, value in element.items() if not key.startswith("initial_")}
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        shown["initial_value"] = single or ""
    elif kind == "datepicker" and single:
        shown["initial_date"] = single
    elif kind == "timepicker" and single:
        shown["initial_time"] = single
    elif kind == "datetimepicker" and single and single.isdigit():
        shown["initial_date_time"] = int(single)
    elif kind in ("static_select", "radio_buttons") and single and (option := option_for(element, single)):
        shown["initial_option"] = option
    elif kind == "external_select" and isinstance(raw, dict) and raw.get("value"):
        shown["initial_option"] = {"text": {"type": "plain_text", "text": str(raw.get("text") or raw["value"])},
                                   "value": str(raw["value"])}
    elif kind in ("multi_static_select", "checkboxes") and many:
        shown["initial_options"] = [option for value in many if (option := option_for(element, value))]
    elif (initial := _INITIAL_ID.get(kind)) and (chosen := many if initial[1] else single):
        shown[initial[0]] = chosen
    else:  # file inputs and rich text have no initial value this stand-in can show: they stay as they were
        return element
    return shown


def kept_state(blocks: list[dict[str, Any]], raw_values: dict[str, dict[str, Raw]]) -> list[dict[str, Any]]:
    """The blocks of a view showing what was entered in it.

    Slack's view stack returns to a view "with its prior state still intact": after a submission pushes a view,
    Back shows the one underneath as the person left it (the pasted table still pasted). The stand-in keeps that
    state as the elements' initial values, which is what the page draws and what the next submission reads."""
    kept = []
    for index, block in enumerate(blocks):
        block_id = block.get("block_id") or f"b{index}"
        sent = raw_values.get(block_id, {})
        element = block.get("element") if block.get("type") == "input" else None
        if isinstance(element, dict) and (element.get("action_id") or "") in sent:
            block = {**block, "element": with_initial(element, sent[element.get("action_id") or ""])}
        elif block.get("type") == "actions":
            block = {**block, "elements": [
                with_initial(item, sent[item.get("action_id") or ""]) if (item.get("action_id") or "") in sent
                else item for item in block.get("elements") or []]}
        elif isinstance(block.get("accessory"), dict) and (block["accessory"].get("action_id") or "") in sent:
            block = {**block, "accessory": with_initial(block["accessory"],
                                                        sent[block["accessory"].get("action_id") or ""])}
        kept.append(block)
    return kept


def element_state(element: dict[str, Any], raw: Raw, files: FileLookup) -> dict[str, Any]:
    kind = element.get("type", "")
    state: dict[str, Any] = {"type": kind}
    single = raw if isinstance(raw, str) else None
    many = [str(item) for item in raw] if isinstance(raw, list) else ([single] if single else [])
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        state["value"] = single if single not in (None, "") else None
    elif kind == "datepicker":
        state["selected_date"] = single or None
    elif kind == "timepicker":
        state["selected_time"] = single or None
        if element.get("timezone"):
            state["timezone"] = element["timezone"]
    elif kind == "datetimepicker":
        state["selected_date_time"] = int(single) if single and single.isdigit() else None
    elif kind in ("static_select", "radio_buttons"):
        state["selected_option"] = option_for(element, single) if single else None
    elif kind == "external_select":
        if isinstance(raw, dict) and raw.get("value"):
            state["selected_option"] = {"text": {"type": "plain_text", "text": str(raw.get("text") or raw["value"])},
                                        "value": str(raw["value"])}
        else:
            state["selected_option"] = None
    elif kind in ("multi_static_select", "checkboxes"):
        state["selected_options"] = [option for value in many if (option := option_for(element, value))]
    elif kind == "multi_external_select":
        state["selected_options"] = [{"text": {"type": "plain_text", "text": value}, "value": value} for value in many]
    elif kind == "users_select":
        state["selected_user"] = single or None
    elif kind == "multi_users_select":
        state["selected_users"] = many
    elif kind == "conversations_select":
        state["selected_conversation"] = single or None
    elif kind == "multi_conversations_select":
        state["selected_conversations"] = many
    elif kind == "channels_select":
        state["selected_channel"] = single or None
    elif kind == "multi_channels_select":
        state["selected_channels"] = many
    elif kind == "file_input":
        state["files"] = [found for file_id in many if (found := files(file_id))]
    elif kind == "rich_text_input":
        state["rich_text_value"] = {"type": "rich_text", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": single or ""}]}]}
    return state


def build_state(blocks: list[dict[str, Any]], raw_values: dict[str, dict[str, Raw]],
                files: FileLookup) -> dict[str, Any]:
    """`{"values": {block_id: {action_id: state}}}`; elements the page did not send keep their initial value."""
    values: dict[str, dict[str, Any]] = {}
    for block_id, element in stateful_elements(blocks):
        action_id = element.get("action_id") or ""
        sent = raw_values.get(block_id, {})
        raw = sent[action_id] if action_id in sent else initial_raw(element)
        values.setdefault(block_id, {})[action_id] = element_state(element, raw, files)
    return {"values": values}


def action_item(element: dict[str, Any], block_id: str, raw: Raw, action_ts: str) -> dict[str, Any]:
    """One entry of a block_actions payload's `actions`: the element that was used, with its new value."""
    kind = element.get("type", "")
    item: dict[str, Any] = {"action_id": element.get("action_id") or "", "block_id": block_id, "type": kind,
                            "action_ts": action_ts}
    if kind == "button":
        item["text"] = element.get("text")
        if element.get("value") is not None:
            item["value"] = element["value"]
        if element.get("style"):
            item["style"] = element["style"]
        return item
    if kind == "overflow":
        value = raw if isinstance(raw, str) else None
        item["selected_option"] = option_for(element, value) if value else None
        return item
    state = element_state(element, raw, lambda _id: None)
    state.pop("type", None)
    item.update(state)
    if kind in ("static_select", "external_select", "users_select", "conversations_select", "channels_select"):
        item["placeholder"] = element.get("placeholder")
    return item


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")
