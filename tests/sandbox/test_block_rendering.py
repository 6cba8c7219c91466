"""Block Kit on the sandbox page: every block and element type, labels, field errors, and escaping."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from sandbox.render.blocks import RenderContext, render_block, render_blocks
from sandbox.render.mrkdwn import TextContext

HOSTILE = '<script>alert(1)</script>"\'&'


def ctx(**overrides: object) -> RenderContext:
    base = RenderContext(
        text=TextContext(user_name={"U1": "Maya"}.get, tz="Asia/Shanghai", now=datetime(2026, 5, 12, tzinfo=UTC)),
        users=[("U1", "Maya"), ("U2", "王芳")], channels=[("C1", "spring-launch"), ("C2", "general")], scope="t",
    )
    for name, value in overrides.items():
        setattr(base, name, value)
    return base


def render(block: dict[str, object], **overrides: object) -> str:
    return str(render_block(block, 0, ctx(**overrides)))


def text(value: str, kind: str = "plain_text") -> dict[str, str]:
    return {"type": kind, "text": value}


def option(label: str, value: str) -> dict[str, object]:
    return {"text": text(label), "value": value}


def test_header_divider_context_and_image() -> None:
    assert render({"type": "header", "text": text("Daily report")}) == '<h3 class="bk bk-header">Daily report</h3>'
    assert "<hr" in render({"type": "divider"})
    context = render({"type": "context", "elements": [text("*done*", "mrkdwn"), {"type": "image",
                      "image_url": "/ui/files/F1", "alt_text": "logo"}]})
    assert "<strong>done</strong>" in context and 'src="/ui/files/F1"' in context and 'alt="logo"' in context
    image = render({"type": "image", "slack_file": {"id": "F9"}, "alt_text": "Pace chart", "title": text("Pace")})
    assert 'src="/ui/files/F9"' in image and "<figcaption>Pace</figcaption>" in image


def test_outside_images_are_named_never_fetched() -> None:
    image = render({"type": "image", "image_url": "https://example.com/a.png", "alt_text": "outside"})
    assert "<img" not in image and 'role="img"' in image and "outside" in image


def test_section_with_text_fields_and_accessory_button() -> None:
    html = render({"type": "section", "block_id": "card", "text": text("*Spring*", "mrkdwn"),
                   "fields": [text("*Status*\nRunning", "mrkdwn"), text("Owner")],
                   "accessory": {"type": "button", "action_id": "edit", "text": text("Edit"), "value": "7"}})
    assert "<strong>Spring</strong>" in html
    assert html.count('class="bk-field"') == 2
    assert re.search(r'<button type="button" class="btn" data-block-id="card" data-action-id="edit" '
                     r'data-kind="button">Edit</button>', html)


@pytest.mark.parametrize(("style", "css"),
                         [("primary", "btn btn-primary"), ("danger", "btn btn-danger"), (None, "btn")])
def test_button_styles(style: str | None, css: str) -> None:
    button = {"type": "button", "action_id": "a", "text": text("Go")}
    if style:
        button["style"] = style
    assert f'class="{css}"' in render({"type": "actions", "block_id": "b", "elements": [button]})


def test_url_buttons_and_confirm_dialogs_are_carried_to_the_script() -> None:
    html = render({"type": "actions", "elements": [{
        "type": "button", "action_id": "close", "text": text("Close"), "url": "https://example.com",
        "confirm": {"title": text("Sure?"), "text": text("It ends <now>"), "confirm": text("Yes"), "deny": text("No")},
    }]})
    assert 'data-url="https://example.com"' in html
    assert "data-confirm=" in html and "It ends &lt;now&gt;" in html


def test_actions_with_every_interactive_element() -> None:
    html = render({"type": "actions", "block_id": "act", "elements": [
        {"type": "overflow", "action_id": "more", "options": [option("Edit", "edit"), option("Delete", "delete")]},
        {"type": "static_select", "action_id": "pick", "placeholder": text("Phase"),
         "options": [option("Warm-up", "warmup"), option("Burst", "burst")],
         "initial_option": option("Burst", "burst")},
        {"type": "users_select", "action_id": "who", "placeholder": text("Owner")},
        {"type": "conversations_select", "action_id": "where", "placeholder": text("Channel")},
        {"type": "datepicker", "action_id": "when", "initial_date": "2026-05-10"},
        {"type": "checkboxes", "action_id": "tick", "options": [option("Close missing", "close")]},
        {"type": "radio_buttons", "action_id": "one", "options": [option("A", "a"), option("B", "b")],
         "initial_option": option("B", "b")},
    ]})
    assert 'role="menuitem"' in html and 'data-value="delete"' in html
    assert '<option value="burst" selected>Burst</option>' in html
    assert '<option value="U2">王芳</option>' in html
    assert '<option value="C1">#spring-launch</option>' in html
    assert 'type="date"' in html and 'value="2026-05-10"' in html
    assert 'type="checkbox"' in html and 'type="radio"' in html and 'value="b" checked' in html
    assert html.count('data-dispatch="1"') == 6  # every element in an actions block acts as soon as it changes
    assert 'aria-label="Phase"' in html  # a picker without a label is named by its placeholder


def _input(element: dict[str, object], *, label: str = "Field", block_id: str = "f", **extra: object) -> str:
    return render({"type": "input", "block_id": block_id, "label": text(label), "element": element, **extra})


@pytest.mark.parametrize(("element", "expected"), [
    ({"type": "plain_text_input", "action_id": "v", "initial_value": "hi", "max_length": 50},
     '<input type="text" id="t-f-v" class="bk-el" value="hi" placeholder="" maxlength="50"'),
    ({"type": "plain_text_input", "action_id": "v", "multiline": True}, '<textarea id="t-f-v"'),
    ({"type": "number_input", "action_id": "v", "is_decimal_allowed": True}, 'type="number" id="t-f-v"'),
    ({"type": "email_text_input", "action_id": "v"}, 'type="email"'),
    ({"type": "url_text_input", "action_id": "v"}, 'type="url"'),
    ({"type": "datepicker", "action_id": "v"}, 'type="date"'),
    ({"type": "timepicker", "action_id": "v", "initial_time": "09:00"},
     'type="time" id="t-f-v" class="bk-el" value="09:00"'),
    ({"type": "users_select", "action_id": "v", "initial_user": "U1"}, '<option value="U1" selected>Maya</option>'),
    ({"type": "multi_users_select", "action_id": "v", "initial_users": ["U1", "U2"]}, "multiple"),
    ({"type": "conversations_select", "action_id": "v"}, "#general"),
    ({"type": "channels_select", "action_id": "v", "initial_channel": "C2"}, '<option value="C2" selected>'),
    ({"type": "multi_static_select", "action_id": "v", "options": [option("x", "1")]}, "multiple"),
    ({"type": "external_select", "action_id": "v", "initial_option": option("Asia/Shanghai", "Asia/Shanghai")},
     'class="external-search"'),
    ({"type": "file_input", "action_id": "v", "filetypes": ["csv", "xlsx"], "max_files": 1}, 'accept=".csv,.xlsx"'),
])
def test_every_input_element(element: dict[str, object], expected: str) -> None:
    html = _input(element)
    assert expected in html
    assert '<label for="t-f-v">Field</label>' in html or "<legend>" in html


def test_checkboxes_and_radios_are_a_labelled_group() -> None:
    html = _input({"type": "checkboxes", "action_id": "v", "options": [
        {"text": text("Confirm"), "value": "confirm", "description": text("my sources differ")}]}, label="Unusual")
    assert html.startswith('<fieldset class="bk bk-input"') and "<legend>Unusual</legend>" in html
    assert '<label for="t-f-v-0">Confirm</label>' in html and "my sources differ" in html


def test_optional_hint_and_error_next_to_the_field() -> None:
    html = str(render_blocks([{"type": "input", "block_id": "end", "label": text("End date"), "optional": True,
                               "hint": text("After the start"),
                               "element": {"type": "datepicker", "action_id": "v"}}],
                             ctx(errors={"end": "The end date is before the start date."})))
    assert "(optional)" in html and "After the start" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="t-end-v-hint t-end-v-error"' in html
    assert '<p class="field-error" id="t-end-v-error" role="alert">The end date is before the start date.</p>' in html


def test_dispatch_action_inputs_act_on_change() -> None:
    assert 'data-dispatch="1"' in _input({"type": "static_select", "action_id": "v", "options": [option("a", "a")]},
                                         dispatch_action=True)
    assert 'data-dispatch' not in _input({"type": "static_select", "action_id": "v", "options": [option("a", "a")]})


def test_unknown_blocks_and_elements_say_so() -> None:
    assert "[video block]" in render({"type": "video"})
    assert "[workflow_button]" in render({"type": "actions", "elements": [{"type": "workflow_button"}]})


def test_rich_text() -> None:
    html = render({"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
        {"type": "text", "text": "Hello <b> "}, {"type": "user", "user_id": "U1"},
        {"type": "link", "url": "https://example.com", "text": "site"}]}]})
    assert "Hello &lt;b&gt;" in html and "@Maya" in html and 'href="https://example.com"' in html


def test_hostile_text_everywhere_stays_text() -> None:
    blocks = [
        {"type": "header", "text": text(HOSTILE)},
        {"type": "section", "text": text(HOSTILE, "mrkdwn"), "fields": [text(HOSTILE)],
         "accessory": {"type": "button", "action_id": HOSTILE, "value": HOSTILE, "text": text(HOSTILE)}},
        {"type": "actions", "block_id": HOSTILE, "elements": [
            {"type": "static_select", "action_id": "s", "placeholder": text(HOSTILE),
             "options": [option(HOSTILE, HOSTILE)]}]},
        {"type": "input", "block_id": "i", "label": text(HOSTILE), "hint": text(HOSTILE),
         "element": {"type": "plain_text_input", "action_id": "v", "initial_value": HOSTILE,
                     "placeholder": text(HOSTILE)}},
        {"type": "context", "elements": [text(HOSTILE, "mrkdwn")]},
        {"type": "image", "image_url": HOSTILE, "alt_text": HOSTILE},
    ]
    html = str(render_blocks(blocks, ctx(errors={"i": HOSTILE})))
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    # Quotes inside attribute values are escaped, so no attribute can be closed early.
    assert '"\'&' not in re.sub(r">[^<]*<", "><", html)
