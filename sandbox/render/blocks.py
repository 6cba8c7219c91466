"""Block Kit as HTML: messages, modals and App Home, faithful enough that what looks right here looks right in Slack.

Every interactive element carries `data-block-id` / `data-action-id` (and `data-kind`, its Block Kit type) so
the page's script can send the gesture back as Slack would; inputs are labelled by their Block Kit labels
and show their field error next to them. All text is escaped by construction (markupsafe).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from sandbox.render.mrkdwn import TextContext, mrkdwn, plain
from sandbox.view_state import all_options, initial_raw

FileUrl = Callable[[str], str]


@dataclass
class RenderContext:
    text: TextContext
    users: list[tuple[str, str]] = field(default_factory=list)  # (id, display name), for user pickers
    channels: list[tuple[str, str]] = field(default_factory=list)  # (id, name), for conversation pickers
    file_url: FileUrl = lambda file_id: f"/ui/files/{file_id}"
    errors: dict[str, str] = field(default_factory=dict)  # block id -> error (modals)
    scope: str = "m"  # prefix that keeps element ids unique on the page
    in_form: bool = False  # modal/home inputs keep their values until submitted


def text_object(obj: Any, ctx: RenderContext) -> Markup:
    if isinstance(obj, str):
        return plain(obj)
    if not isinstance(obj, dict):
        return Markup("")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text") or ""), ctx.text)
    return plain(str(obj.get("text") or ""), emoji=obj.get("emoji", True) is not False)


def _plain_str(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


def _data(element: dict[str, Any], block_id: str) -> Markup:
    attrs = {"data-block-id": block_id, "data-action-id": element.get("action_id") or "",
             "data-kind": element.get("type") or ""}
    if element.get("confirm"):
        confirm = element["confirm"]
        attrs["data-confirm"] = json.dumps({
            "title": _plain_str(confirm.get("title")), "text": _plain_str(confirm.get("text")),
            "confirm": _plain_str(confirm.get("confirm")) or "Yes", "deny": _plain_str(confirm.get("deny")) or "Cancel",
        }, ensure_ascii=False)
    return Markup(" ").join(Markup('{}="{}"').format(Markup(name), value) for name, value in attrs.items())


def _element_id(ctx: RenderContext, block_id: str, action_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"{ctx.scope}-{block_id}-{action_id}")


# --- blocks ---------------------------------------------------------------------------------------------------------

def render_blocks(blocks: Iterable[dict[str, Any]], ctx: RenderContext) -> Markup:
    return Markup("").join(render_block(block, index, ctx) for index, block in enumerate(blocks))


def render_block(block: dict[str, Any], index: int, ctx: RenderContext) -> Markup:
    kind = block.get("type")
    block_id = str(block.get("block_id") or f"b{index}")
    renderer = _BLOCKS.get(str(kind))
    if renderer is None:
        return Markup('<div class="bk bk-unknown">[{} block]</div>').format(kind or "unknown")
    return renderer(block, block_id, ctx)


def _header(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    return Markup('<h3 class="bk bk-header">{}</h3>').format(text_object(block.get("text"), ctx))


def _section(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    parts = []
    if block.get("text"):
        parts.append(Markup('<div class="bk-text">{}</div>').format(text_object(block["text"], ctx)))
    if block.get("fields"):
        fields = Markup("").join(Markup('<div class="bk-field">{}</div>').format(text_object(item, ctx))
                                 for item in block["fields"])
        parts.append(Markup('<div class="bk-fields">{}</div>').format(fields))
    body = Markup('<div class="bk-section-body">{}</div>').format(Markup("").join(parts))
    accessory = block.get("accessory")
    side = Markup("")
    if isinstance(accessory, dict):
        side = Markup('<div class="bk-accessory">{}</div>').format(
            render_element(accessory, block_id, ctx, dispatch=True))
    return Markup('<div class="bk bk-section">{}{}</div>').format(body, side)


def _divider(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    return Markup('<hr class="bk bk-divider">')


def _context(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    items = []
    for element in block.get("elements") or []:
        if element.get("type") == "image":
            items.append(_image_tag(element, ctx, css="bk-context-image"))
        else:
            items.append(Markup("<span>{}</span>").format(text_object(element, ctx)))
    return Markup('<div class="bk bk-context">{}</div>').format(Markup("").join(items))


def _image(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    title = Markup("<figcaption>{}</figcaption>").format(text_object(block["title"], ctx)) \
        if block.get("title") else Markup("")
    return Markup('<figure class="bk bk-image">{}{}</figure>').format(_image_tag(block, ctx), title)


def _image_tag(element: dict[str, Any], ctx: RenderContext, css: str = "") -> Markup:
    alt = str(element.get("alt_text") or "")
    slack_file = element.get("slack_file") or {}
    if slack_file.get("id"):
        return Markup('<img class="{}" src="{}" alt="{}">').format(css, ctx.file_url(slack_file["id"]), alt)
    url = str(element.get("image_url") or slack_file.get("url") or "")
    if url.startswith("/"):
        return Markup('<img class="{}" src="{}" alt="{}">').format(css, url, alt)
    # The page never fetches from the internet: an outside image is named, not loaded.
    return Markup('<span class="bk-external-image {}" role="img" aria-label="{}">🖼 {}</span>').format(css, alt, alt)


def _actions(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    elements = Markup("").join(render_element(element, block_id, ctx, dispatch=True)
                               for element in block.get("elements") or [])
    return Markup('<div class="bk bk-actions" role="group">{}</div>').format(elements)


def _input(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    element = block.get("element") or {}
    action_id = str(element.get("action_id") or "")
    element_id = _element_id(ctx, block_id, action_id)
    label = text_object(block.get("label"), ctx)
    optional = Markup(' <span class="optional">(optional)</span>') if block.get("optional") else Markup("")
    hint = Markup('<p class="hint" id="{}-hint">{}</p>').format(element_id, text_object(block["hint"], ctx)) \
        if block.get("hint") else Markup("")
    error_text = ctx.errors.get(block_id)
    error = Markup('<p class="field-error" id="{}-error" role="alert">{}</p>').format(element_id, error_text) \
        if error_text else Markup("")
    described = " ".join(part for part, present in ((f"{element_id}-hint", bool(hint)),
                                                    (f"{element_id}-error", bool(error_text))) if present)
    control = render_element(element, block_id, ctx, element_id=element_id, label=_plain_str(block.get("label")),
                             described_by=described, invalid=bool(error_text),
                             dispatch=bool(block.get("dispatch_action")))
    grouped = element.get("type") in ("checkboxes", "radio_buttons")
    if grouped:
        return Markup('<fieldset class="bk bk-input{}" data-input-block="{}"><legend>{}{}</legend>{}{}{}</fieldset>'
                      ).format(" has-error" if error_text else "", block_id, label, optional, control, hint, error)
    return Markup('<div class="bk bk-input{}" data-input-block="{}"><label for="{}">{}{}</label>{}{}{}</div>').format(
        " has-error" if error_text else "", block_id, element_id, label, optional, control, hint, error)


def _rich_text(block: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    sections = []
    for section in block.get("elements") or []:
        pieces = []
        for item in section.get("elements") or []:
            if item.get("type") == "text":
                pieces.append(escape(item.get("text") or ""))
            elif item.get("type") == "link":
                pieces.append(mrkdwn(f"<{item.get('url')}|{item.get('text') or item.get('url')}>", ctx.text))
            elif item.get("type") == "user":
                pieces.append(mrkdwn(f"<@{item.get('user_id')}>", ctx.text))
            elif item.get("type") == "channel":
                pieces.append(mrkdwn(f"<#{item.get('channel_id')}>", ctx.text))
            elif item.get("type") == "emoji":
                pieces.append(plain(f":{item.get('name')}:"))
        sections.append(Markup("<p>{}</p>").format(Markup("").join(pieces)))
    return Markup('<div class="bk bk-rich-text">{}</div>').format(Markup("").join(sections))


_BLOCKS: dict[str, Callable[[dict[str, Any], str, RenderContext], Markup]] = {
    "header": _header, "section": _section, "divider": _divider, "context": _context, "image": _image,
    "actions": _actions, "input": _input, "rich_text": _rich_text,
}


# --- elements -----------------------------------------------------------------------------------------------------

def render_element(element: dict[str, Any], block_id: str, ctx: RenderContext, *, element_id: str | None = None,
                   label: str = "", described_by: str = "", invalid: bool = False, dispatch: bool = False) -> Markup:
    kind = str(element.get("type") or "")
    element_id = element_id or _element_id(ctx, block_id, str(element.get("action_id") or kind))
    aria = Markup("")
    if described_by:
        aria += Markup(' aria-describedby="{}"').format(described_by)
    if invalid:
        aria += Markup(' aria-invalid="true"')
    if not label and kind not in ("button", "image", "overflow", "checkboxes", "radio_buttons"):
        # A picker outside an input block has no label of its own in Slack; its placeholder names it.
        aria += Markup(' aria-label="{}"').format(_plain_str(element.get("placeholder")) or kind.replace("_", " "))
    attrs = _data(element, block_id) + aria
    if dispatch:  # Slack sends block_actions for it as soon as it changes
        attrs += Markup(' data-dispatch="1"')
    if kind == "button":
        return _button(element, block_id, ctx)
    if kind == "image":
        return _image_tag(element, ctx, css="bk-accessory-image")
    if kind == "overflow":
        return _overflow(element, block_id, ctx)
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input"):
        return _text_input(element, element_id, attrs)
    if kind in ("datepicker", "timepicker", "datetimepicker"):
        input_type = {"datepicker": "date", "timepicker": "time", "datetimepicker": "datetime-local"}[kind]
        value = initial_raw(element) or ""
        if kind == "datetimepicker" and value:
            value = _epoch_to_local_input(str(value), ctx)
        return Markup('<input type="{}" id="{}" class="bk-el" value="{}" {}>').format(
            input_type, element_id, value, attrs)
    if kind in ("static_select", "multi_static_select"):
        return _select(element_id, attrs, _static_options(element), _selected(element),
                       multiple=kind.startswith("multi"))
    if kind in ("users_select", "multi_users_select"):
        return _select(element_id, attrs, ctx.users, _selected(element), multiple=kind.startswith("multi"))
    if kind in ("conversations_select", "multi_conversations_select", "channels_select", "multi_channels_select"):
        choices = [(channel_id, f"#{name}") for channel_id, name in ctx.channels]
        return _select(element_id, attrs, choices, _selected(element), multiple=kind.startswith("multi"))
    if kind in ("external_select", "multi_external_select"):
        return _external_select(element, element_id, attrs, multiple=kind.startswith("multi"))
    if kind in ("checkboxes", "radio_buttons"):
        return _choices(element, element_id, attrs, ctx, radio=kind == "radio_buttons")
    if kind == "file_input":
        multiple = Markup(" multiple") if int(element.get("max_files") or 10) > 1 else Markup("")
        accept = ",".join(f".{suffix}" for suffix in element.get("filetypes") or [])
        return Markup('<input type="file" id="{}" class="bk-el" accept="{}"{} {}>').format(element_id, accept, multiple,
                                                                                          attrs)
    return Markup('<span class="bk-unknown">[{}]</span>').format(kind or "element")


def _button(element: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    style = element.get("style")
    css = "btn" + (f" btn-{style}" if style in ("primary", "danger") else "")
    url = str(element.get("url") or "")
    link = Markup(' data-url="{}"').format(url) if url.startswith(("http://", "https://")) else Markup("")
    return Markup('<button type="button" class="{}" {}{}>{}</button>').format(
        css, _data(element, block_id), link, text_object(element.get("text"), ctx))


def _overflow(element: dict[str, Any], block_id: str, ctx: RenderContext) -> Markup:
    items = Markup("").join(
        Markup('<li><button type="button" role="menuitem" class="overflow-item" data-value="{}">{}</button></li>')
        .format(option.get("value") or "", text_object(option.get("text"), ctx))
        for option in element.get("options") or [])
    return Markup('<details class="overflow" {}><summary aria-label="More actions">⋯</summary>'
                  '<ul role="menu">{}</ul></details>').format(_data(element, block_id), items)


def _text_input(element: dict[str, Any], element_id: str, attrs: Markup) -> Markup:
    kind = element.get("type")
    value = str(element.get("initial_value") or "")
    placeholder = _plain_str(element.get("placeholder"))
    limits = Markup("")
    if element.get("max_length"):
        limits += Markup(' maxlength="{}"').format(int(element["max_length"]))
    if element.get("min_length"):
        limits += Markup(' minlength="{}"').format(int(element["min_length"]))
    if element.get("multiline") or kind == "rich_text_input":
        return Markup('<textarea id="{}" class="bk-el" rows="4" placeholder="{}"{} {}>{}</textarea>').format(
            element_id, placeholder, limits, attrs, value)
    input_type = {"number_input": "number", "email_text_input": "email", "url_text_input": "url"}.get(str(kind), "text")
    if kind == "number_input":
        step = "any" if element.get("is_decimal_allowed") else "1"
        limits += Markup(' step="{}"').format(step)
        for bound in ("min_value", "max_value"):
            if element.get(bound) is not None:
                limits += Markup(' {}="{}"').format(Markup(bound[:3]), element[bound])
    return Markup('<input type="{}" id="{}" class="bk-el" value="{}" placeholder="{}"{} {}>').format(
        input_type, element_id, value, placeholder, limits, attrs)


def _static_options(element: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(option.get("value") or ""), _plain_str(option.get("text"))) for option in all_options(element)]


def _selected(element: dict[str, Any]) -> set[str]:
    raw = initial_raw(element)
    if isinstance(raw, list):
        return {str(item) for item in raw}
    if isinstance(raw, dict):
        return {str(raw.get("value"))}
    return {str(raw)} if raw else set()


def _select(element_id: str, attrs: Markup, choices: list[tuple[str, str]], selected: set[str], *,
            multiple: bool) -> Markup:
    options = Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(value, Markup(" selected") if value in selected else "", text)
        for value, text in choices)
    if multiple:
        return Markup('<select id="{}" class="bk-el" multiple size="{}" {}>{}</select>').format(
            element_id, min(6, max(2, len(choices))), attrs, options)
    blank = Markup('<option value="">Choose…</option>') if not selected else Markup("")
    return Markup('<select id="{}" class="bk-el" {}>{}{}</select>').format(element_id, attrs, blank, options)


def _external_select(element: dict[str, Any], element_id: str, attrs: Markup, *, multiple: bool) -> Markup:
    """A search box that asks the bot for options (block_suggestion) and a list to choose from."""
    initial = element.get("initial_option")
    initial_options = element.get("initial_options") or ([initial] if initial else [])
    options = Markup("").join(Markup('<option value="{}" selected>{}</option>').format(
        option.get("value") or "", _plain_str(option.get("text"))) for option in initial_options)
    search_label = _plain_str(element.get("placeholder")) or "Search"
    return Markup(
        '<div class="external-select"><input type="search" class="external-search" aria-label="{} (search)" '
        'placeholder="{}" data-suggest-for="{}"><select id="{}" class="bk-el"{} {}>{}</select></div>'
    ).format(search_label, search_label, element_id, element_id, Markup(" multiple") if multiple else "", attrs,
             options)


def _choices(element: dict[str, Any], element_id: str, attrs: Markup, ctx: RenderContext, *, radio: bool) -> Markup:
    selected = _selected(element)
    input_type = "radio" if radio else "checkbox"
    items = []
    for index, option in enumerate(all_options(element)):
        value = str(option.get("value") or "")
        option_id = f"{element_id}-{index}"
        description = Markup('<span class="description">{}</span>').format(text_object(option["description"], ctx)) \
            if option.get("description") else Markup("")
        items.append(Markup(
            '<div class="choice"><input type="{}" id="{}" name="{}" value="{}"{}>'
            '<label for="{}">{}</label>{}</div>').format(
            input_type, option_id, element_id, value, Markup(" checked") if value in selected else "", option_id,
            text_object(option.get("text"), ctx), description))
    return Markup('<div class="bk-el bk-choices" id="{}" {}>{}</div>').format(element_id, attrs, Markup("").join(items))


def _epoch_to_local_input(value: str, ctx: RenderContext) -> str:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    try:
        moment = datetime.fromtimestamp(int(value), UTC).astimezone(ZoneInfo(ctx.text.tz))
    except (ValueError, OverflowError, OSError, KeyError):
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M")
