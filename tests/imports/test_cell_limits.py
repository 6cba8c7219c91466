"""F7: imported cells longer than their columns are row errors in the preview, never a failed Confirm."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Campaign, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_oversized_cells_are_row_errors_with_the_limit(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    with bot.session() as session:
        campaign_id = session.scalars(select(Campaign.id)).one()
    table = _csv([
        ["任务", "负责人", "协作部门", "完成时间", "交付标准", "备注", "阶段"],
        ["T" * 1500, "wang@example.com", "设计组", "5月10日", "ok", "", "预热期"],
        ["fine", "wang@example.com", "D" * 600, "5月10日", "S" * 2500, "N" * 4500, "P" * 150],
        ["also fine", "wang@example.com", "设计组", "5月11日", "ok", "", "预热期"],
    ])
    bot.standin.add_file("F_BIG", "分工表.csv", table)
    response = bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_BIG",)),
                          private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    assert response.status_code == 200
    answer = response_json(response)
    view = answer["view"]
    assert "submit" not in view  # no Confirm while a row is wrong
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b.get("type") == "section" and "text" in b)
    assert "Row 2" in text and "1,000" in text and "1,500" in text  # task: what is wrong and the limit
    for limit in ("500", "2,000", "4,000", "100"):
        assert limit in text
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == 0
