"""The App Home tab: `app_home_opened` is answered with views.publish; Done and Acknowledge there refresh it."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.incidents.rules.escalation import SPONSOR_PAGED
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from scheduler.passes import run_due
from storage.models import DailyReport, Incident, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _open_home(bot: BotHarness, user: str = "U_WANG", tab: str = "home") -> list[dict[str, Any]]:
    # Each opening is a new event (its own event_id): the same id again would be Slack's retry, answered once.
    body = json.dumps({**json.loads(payloads.app_home_opened(user, tab=tab)), "event_id": f"Ev{uuid.uuid4().hex}"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200
    return bot.standin.calls_to("views.publish")


def _click(bot: BotHarness, action: str, value: str, user: str = "U_WANG") -> Any:
    return bot.post(payloads.home_action(action, value, user=user))


def _campaign(bot: BotHarness, name: str = "Spring Sale", tasks: int = 2, **kpis: str) -> int:
    campaign_id = new_campaign(bot, name=name, kpis=kpis or None, approve=True)
    if tasks:
        rows = "".join(f"任务{n}\tWang Fang\t5月{10 + n % 15}日\n" for n in range(tasks))
        table = payloads.table_values(text="任务\t负责人\t完成时间\n" + rows)
        metadata = ModalMetadata(campaign_id=campaign_id).dump()
        preview = response_json(bot.submit(View.IMPORT_TABLE, table, private_metadata=metadata))
        bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=preview["view"]["private_metadata"])
    return campaign_id


def _blocks_text(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def test_home_shows_tasks_campaigns_with_progress_incidents_and_buttons(bot: BotHarness) -> None:
    bot.standin.add_member("U_WANG", "Wang Fang")
    campaign_id = _campaign(bot, exposure="100000", sales="50000")
    bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_WANG"]),
               private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    with bot.session() as session:
        session.add(DailyReport(campaign_id=campaign_id, day=date(2026, 5, 2), source="All", reporter_id="U_WANG",
                                exposure=25_000, sales=None, created_at=bot.clock.now(), updated_at=bot.clock.now()))
    bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_WANG"}),
               private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    bot.submit(View.REPORT_INCIDENT, payloads.incident_values(description="Screen <!here> down"), user="U_REP",
               private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    bot.standin.reset_calls()
    [published] = _open_home(bot)
    assert published["user_id"] == "U_WANG"
    view = published["view"]
    assert view["type"] == "home"
    text = _blocks_text(view)
    assert "Your open tasks (2)" in text and "任务0" in text and "任务1" in text
    assert "Your campaigns (1)" in text and "*Spring Sale* · Approved" in text
    # Not started yet (the clock is in April): nothing is expected, so nothing is judged, whatever was entered.
    assert "⚪ Exposure: 25% (25,000 of 100,000)" in text
    assert "⚪ Sales: — (— of" in text
    assert "Incidents to act on (1)" in text and "Screen &lt;!here&gt; down" in text
    actions = [e for b in view["blocks"] for e in ([b["accessory"]] if b.get("accessory") else b.get("elements", []))
               if e.get("type") == "button"]
    names = [(e["text"]["text"], e["action_id"]) for e in actions]
    assert names[:2] == [("New campaign", Action.HOME_NEW_CAMPAIGN), ("Submit report", Action.HOME_SUBMIT_REPORT)]
    assert names.count(("Done", Action.TASK_DONE)) == 2
    assert ("Acknowledge", Action.INCIDENT_ACKNOWLEDGE) in names


def test_done_on_home_updates_the_home_view(bot: BotHarness) -> None:
    bot.standin.add_member("U_WANG", "Wang Fang")
    _campaign(bot)
    with bot.session() as session:
        first = session.scalars(select(Task).order_by(Task.id)).first()
        assert first is not None
        task_id = first.id
    bot.standin.reset_calls()
    _click(bot, Action.TASK_DONE, str(task_id))
    with bot.session() as session:
        assert session.get(Task, task_id).status == "done"  # type: ignore[union-attr]
    [published] = bot.standin.calls_to("views.publish")
    text = _blocks_text(published["view"])
    assert "Your open tasks (1)" in text and "任务0" not in text and "任务1" in text


def test_acknowledge_on_home_updates_the_home_view(bot: BotHarness) -> None:
    campaign_id = _campaign(bot, tasks=0)
    bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REP",
               private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    bot.standin.reset_calls()
    _click(bot, Action.INCIDENT_ACKNOWLEDGE, "1", user="U_OWNER")
    [published] = bot.standin.calls_to("views.publish")
    text = _blocks_text(published["view"])
    assert "acknowledged, not resolved" in text and "Resolve" in text


def test_the_sponsor_sees_an_incident_once_it_is_paged_to_them(bot: BotHarness) -> None:
    campaign_id = _campaign(bot, tasks=0)
    metadata = ModalMetadata(campaign_id=campaign_id).dump()
    bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=metadata)
    bot.submit(View.REPORT_INCIDENT, payloads.incident_values(description="Stage lights out"), user="U_REP",
               private_metadata=metadata)
    bot.standin.reset_calls()
    [before] = _open_home(bot, user="U_BOSS")
    assert "Stage lights out" not in _blocks_text(before["view"])  # the owner answers first
    # Nobody acknowledges: the ladder pages the owner, then the sponsor.
    for hours in range(1, 13):
        run_due(bot.services, bot.clock.now() + timedelta(hours=hours))
    with bot.session() as session:
        assert session.scalars(select(Incident.step)).one() >= SPONSOR_PAGED
    bot.standin.reset_calls()
    [after] = _open_home(bot, user="U_BOSS")
    text = _blocks_text(after["view"])
    assert "Incidents to act on (1)" in text and "Stage lights out" in text
    bot.standin.reset_calls()
    [bystander] = _open_home(bot, user="U_WANG")  # neither responder, owner nor sponsor
    assert "Stage lights out" not in _blocks_text(bystander["view"])


def test_the_messages_tab_publishes_nothing(bot: BotHarness) -> None:
    assert _open_home(bot, tab="messages") == []


def test_home_stays_within_100_blocks_with_more_lines(bot: BotHarness) -> None:
    bot.standin.add_member("U_WANG", "Wang Fang")
    for n in range(25):
        _campaign(bot, name=f"Campaign {n}", tasks=3 if n < 20 else 0)
    [published] = _open_home(bot)
    blocks = published["view"]["blocks"]
    assert len(blocks) <= 100
    text = _blocks_text(published["view"])
    assert "Your open tasks (60)" in text and "…and 20 more" in text  # 40 shown
    assert "Your campaigns (20)" in text  # Wang Fang works on 20 of them


def test_new_campaign_from_home_opens_the_form(bot: BotHarness) -> None:
    _click(bot, Action.HOME_NEW_CAMPAIGN, "new")
    [opened] = bot.standin.calls_to("views.open")
    assert opened["view"]["callback_id"] == View.NEW_CAMPAIGN


def test_submit_report_from_home_for_none_one_and_several_campaigns(bot: BotHarness) -> None:
    bot.standin.add_member("U_WANG", "Wang Fang")
    _click(bot, Action.HOME_SUBMIT_REPORT, "report")
    none = bot.standin.calls_to("views.open")[-1]["view"]
    assert "You don't report for any running campaign" in _blocks_text(none) and "submit" not in none

    first = _campaign(bot, tasks=0)
    bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_WANG"]),
               private_metadata=ModalMetadata(campaign_id=first).dump())
    start = datetime(2026, 5, 2, 10, 0, tzinfo=SHANGHAI)
    bot.clock.set(start)
    run_due(bot.services, start)  # running now
    bot.standin.reset_calls()
    _click(bot, Action.HOME_SUBMIT_REPORT, "report")
    [report] = bot.standin.calls_to("views.open")
    assert report["view"]["callback_id"] == View.DAILY_REPORT

    second = _campaign(bot, name="Autumn Sale", tasks=0)
    bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_WANG"]),
               private_metadata=ModalMetadata(campaign_id=second).dump())
    run_due(bot.services, start)
    bot.standin.reset_calls()
    _click(bot, Action.HOME_SUBMIT_REPORT, "report")
    [picker] = bot.standin.calls_to("views.open")
    assert picker["view"]["callback_id"] == View.PICK_REPORT_CAMPAIGN
    options = picker["view"]["blocks"][0]["element"]["options"]
    assert sorted(o["text"]["text"] for o in options) == ["Autumn Sale", "Spring Sale"]
    picked = {Field.REPORT_CAMPAIGN: {"value": {"type": "static_select", "selected_option": {"value": str(second)}}}}
    body = response_json(bot.submit(View.PICK_REPORT_CAMPAIGN, picked, user="U_WANG"))
    assert body["response_action"] == "update" and body["view"]["callback_id"] == View.DAILY_REPORT
    assert json.loads(body["view"]["private_metadata"])["campaign_id"] == second
    stranger = response_json(bot.submit(View.PICK_REPORT_CAMPAIGN, picked, user="U_STRANGER"))
    assert "Only the reporters" in stranger["errors"][Field.REPORT_CAMPAIGN]
