"""Back from the import preview: the pasted table is still there ("read as people write").

The preview is pushed on top of the paste modal; Slack's view stack returns to a view with its prior state intact,
and the stand-in keeps that state, so a fix in the sheet is one edit away. Played through the real bot on both
backends."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.kernel.i18n import t
from bot.kernel.ids import View
from sandbox import demo
from sandbox.render.page import PageRenderer
from sandbox.runner import SandboxProcess
from sandbox.view_state import initial_raw, stateful_elements
from sandbox.workspace import MAYA, SPRING_LAUNCH

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _pasted(blocks: list[dict[str, object]]) -> list[object]:
    return [initial_raw(element) for _, element in stateful_elements(blocks)  # type: ignore[arg-type]
            if element.get("type") == "plain_text_input"]


def test_back_from_the_preview_shows_the_table_as_pasted(sandbox_process: SandboxProcess) -> None:
    process = sandbox_process
    maya = process.person(MAYA.id)
    start = process.clock.now().astimezone(SHANGHAI).date()
    demo._plan(maya, start)
    table = demo._table(start)
    assert maya.say(SPRING_LAUNCH.id, "/campaign import").ok
    assert maya.submit({t("imports.field.table"): table}).ok
    assert maya.modal().data["callback_id"] == View.IMPORT_PREVIEW
    assert len(process.store.modal_stack(MAYA.id)) == 2  # pushed, not replaced

    assert maya.close_modal().ok  # the preview's Back
    paste = maya.modal()
    assert paste.data["callback_id"] == View.IMPORT_TABLE
    assert _pasted(paste.data["blocks"]) == [table]
    page = PageRenderer(process.store, process.api.workspace)
    html, _ = page.modal(page.viewer(MAYA.id), process.clock.now())
    first_task = table.splitlines()[1].split("\t")[0]
    assert first_task in str(html)  # the page draws the text as the person left it

    # Submitting again without retyping anything previews the same table.
    assert maya.submit({}).ok
    preview = maya.modal()
    assert preview.data["callback_id"] == View.IMPORT_PREVIEW and preview.data.get("submit")
