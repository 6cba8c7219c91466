"""F4 / F5 / F6: the same submission twice, four simultaneous Confirms, an Events API retry: each acts once."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from bot.runtime.http_server import EVENTS_PATH, build_asgi
from storage.models import Campaign, Incident, TableImport, Task, TaskStatusChange
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

TABLE = "任务\t负责人\t完成时间\n主视觉设计\t@Wang Fang\t5月10日\n物料印刷\t@Wang Fang\t5月12日\n"


def _count(bot: BotHarness, model: type, *where: Any) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_same_incident_submission_twice_opens_one_incident(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    metadata = ModalMetadata(campaign_id=campaign_id).dump()
    body = payloads.view_submission(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER",
                                    private_metadata=metadata)
    first, second = bot.post(body), bot.post(body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.text == ""  # the modal closes quietly: the first submission did it
    assert _count(bot, Incident) == 1


def test_same_new_campaign_submission_twice_is_not_a_name_clash(bot: BotHarness) -> None:
    body = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(), user="U_OWNER")
    assert bot.post(body).text == ""
    assert bot.post(body).text == ""  # not "the name is taken" by the person's own first click
    assert _count(bot, Campaign) == 1
    assert len(bot.standin.calls_to("chat.postMessage")) == 1


def test_four_simultaneous_confirms_import_once(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=ModalMetadata(campaign_id=campaign_id).dump()))
    body = payloads.view_submission(View.IMPORT_PREVIEW, payloads.preview_values(), user="U_OWNER",
                                    private_metadata=preview["view"]["private_metadata"])
    start = threading.Barrier(4)
    answers: list[dict[str, Any]] = []

    def press() -> None:
        client = TestClient(build_asgi(bot.app))
        start.wait()
        response = client.post(EVENTS_PATH, content=body, headers=payloads.signed_headers(body))
        answers.append({"status": response.status_code, **response_json(response)})

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [answer["status"] for answer in answers] == [200] * 4
    # Each press is answered at once ("importing…", or "done already" when another one finished first).
    assert [answer["response_action"] for answer in answers] == ["update"] * 4
    assert _count(bot, Task) == 2
    assert _count(bot, TaskStatusChange) == 2
    assert _count(bot, TableImport, TableImport.status == "committed") == 1
    dms = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]
    assert len(dms) == 1
    receipts = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_OWNER"]
    assert len(receipts) == 1 and "Imported into" in receipts[0]["text"]


def test_events_api_retry_acts_once(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.standin.add_member("U_WANG", "Wang Fang")
    bot.standin.add_file("F_CSV", "分工表.csv", "任务,负责人,完成时间\n物料印刷,Wang Fang,5/12\n".encode())
    bot.standin.reset_calls()
    body = payloads.event_callback({"type": "file_shared", "file_id": "F_CSV", "user_id": "U_OWNER",
                                    "channel_id": payloads.CHANNEL, "file": {"id": "F_CSV"}, "event_ts": "1.0"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200
    for retry in ("1", "2"):
        headers = {**payloads.json_headers(body), "X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"}
        assert bot.post(body, headers).status_code == 200
    assert len(bot.standin.calls_to("chat.postMessage")) == 1
    assert len(bot.standin.calls_to("files.info")) == 1
