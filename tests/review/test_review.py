"""The review (复盘) end to end: a campaign planned, reported, worked and troubled through signed requests, with
figures set by hand; the scheduler posts the review the morning after the end; every number is checked.

The campaign runs May 1–10, 2026 (Asia/Shanghai). Expected figures, worked out by hand:
- KPIs: exposure 900,000 / 800,000 = 112.5%; clicks 45,000 / 50,000 = 90%; conversions 1,800 / 2,000 = 90%;
  sales 380,000 / 400,000 = 95%.
- Money: spend 30,000 + 25,000 + 24,000 + 21,000 = 100,000 → ROI (380,000 − 100,000) / 100,000 = 280%;
  conversion rate 1,800 / 3,000 participants = 60%; budget 100,000 used 100%, reserve 10,000 touched.
- Lines: materials 24,000 / 20,000 (120%), channel 55,000 / 50,000 (110%, 30,000 of it reported without a
  line), staff 0 / 10,000, venue 21,000 / 10,000 (210%), contingency 0 / 10,000.
- Sources by sales: WeChat 300,000 (78.9%), Douyin 60,000 (15.8%), Stores 20,000 (5.3%, ROI −4.8%).
- Tasks: 5, done on time 2, done late 1, overdue 2 → on time 2 / 5 = 40%.
- Incidents: #1 acknowledged after 3 min, resolved after 30 min; #2 escalated by hand, acknowledged after 2 h,
  resolved after 6 h; #3 never acknowledged (a deviation: no ladder) → MTTA 1 hr 2 min, MTTR 3 hr 15 min; the
  longest #3, open 2 days 2 hr at the review (May 11, 10:00).
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from bot.kernel import formatting
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from scheduler.passes import run_due
from storage.models import BudgetPlanLine, Campaign, CampaignLesson, CampaignStatusChange, OutboxMessage, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()
TABLE = ("任务\t负责人\t完成时间\n主视觉\tWang Fang\t5月5日\n海报\tLi Wei\t5月6日\n直播\tWang Fang\t5月8日\n"
         "物料\tZhang San\t5月9日\n立项\tLi Wei\t5月2日\n")
REVIEW_AT = datetime(2026, 5, 11, 10, 0, tzinfo=SHANGHAI)
PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF-"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


def money(amount: int | str) -> str:
    return formatting.money(Decimal(amount), "en")


def _text(value: str) -> dict[str, Any]:
    return {INPUT: {"type": "plain_text_input", "value": value or None}}


def budget_values(**lines: str) -> dict[str, Any]:
    return {f"budget_line_{line}": _text(lines.get(line, "")) for line in
            ("materials", "channel", "staff", "venue", "contingency")}


def lesson_values(worked: str = "", fell_short: str = "", next_time: str = "") -> dict[str, Any]:
    return {Field.LESSON_WORKED: _text(worked), Field.LESSON_FELL_SHORT: _text(fell_short),
            Field.LESSON_NEXT_TIME: _text(next_time)}


def _report(bot: BotHarness, day: int, source: str, **values: str) -> None:
    body = response_json(bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, day), source=source,
                                                                              **values),
                                    user="U_REP", private_metadata=METADATA))
    assert body == {}, body


def _task_id(bot: BotHarness, title: str) -> str:
    with bot.session() as session:
        return str(session.scalars(select(Task.id).where(Task.title == title)).one())


def _incident(bot: BotHarness, when: datetime, kind: str, severity: str, description: str) -> None:
    bot.clock.set(when)
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind=kind, severity=severity,
                                                                     description=description),
                      user="U_REP", private_metadata=METADATA).text == ""


def _handle(bot: BotHarness, when: datetime, action: Action, incident_id: int) -> None:
    bot.clock.set(when)
    bot.click(action, str(incident_id), user="U_OWNER", with_message=False)


def _channel_posts(bot: BotHarness) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]


def _reviews(bot: BotHarness) -> list[dict[str, Any]]:
    return [post for post in _channel_posts(bot) if "review" in post["text"]]


def _section(post: dict[str, Any], key: str) -> str:
    return next(block["text"]["text"] for block in post["blocks"] if block.get("block_id") == f"review-{key}")


@pytest.fixture
def ended(bot: BotHarness) -> BotHarness:
    """The campaign, reported and worked through its ten days; the scheduler not yet run."""
    for user, name in (("U_WANG", "Wang Fang"), ("U_LI", "Li Wei"), ("U_ZHANG", "Zhang San"), ("U_REP", "Rui Peng"),
                       ("U_OWNER", "Olivia Owner")):
        bot.standin.add_member(user, name)
    bot.clock.set(at(1, 9) - (at(2, 9) - at(1, 9)) * 20)  # planned in April
    running(bot, start=date(2026, 5, 1), end=date(2026, 5, 10), budget="100,000",
            kpis={"exposure": "80万", "clicks": "50000", "conversions": "2000", "sales": "400000"},
            reporters=["U_REP"], sources="WeChat\nDouyin\nStores", now=None, reset_calls=False)
    bot.command("budget")
    assert bot.submit(View.BUDGET_LINES, budget_values(materials="2万", channel="50,000", staff="10k",
                                                       venue="10000", contingency="10000"),
                      private_metadata=METADATA).text == ""
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=METADATA))
    assert bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(),
                      private_metadata=preview["view"]["private_metadata"]).json()["response_action"] == "update"

    bot.clock.set(at(2, 10))
    bot.click(Action.TASK_DONE, _task_id(bot, "立项"), user="U_LI", with_message=False)  # due May 2: on time
    bot.clock.set(at(4, 18))
    bot.click(Action.TASK_DONE, _task_id(bot, "主视觉"), user="U_WANG", with_message=False)  # due May 5: on time
    bot.clock.set(at(7, 10))
    bot.click(Action.TASK_DONE, _task_id(bot, "海报"), user="U_LI", with_message=False)  # due May 6: late

    _incident(bot, at(2, 10), "equipment", "minor", "Screen down")
    _handle(bot, at(2, 10, 3), Action.INCIDENT_ACKNOWLEDGE, 1)
    _handle(bot, at(2, 10, 30), Action.INCIDENT_RESOLVE, 1)
    _incident(bot, at(3, 12), "public_opinion", "moderate", "差评扩散")
    _handle(bot, at(3, 13), Action.INCIDENT_ESCALATE, 2)
    _handle(bot, at(3, 14), Action.INCIDENT_ACKNOWLEDGE, 2)
    _handle(bot, at(3, 18), Action.INCIDENT_RESOLVE, 2)
    _incident(bot, at(9, 8), "traffic", "minor", "Clicks below pace")

    bot.clock.set(at(10, 22))
    _report(bot, 1, "WeChat", exposure="300,000", clicks="15,000", conversions="800", sales="200,000", spend="30,000",
            feedback="包装很好", feedback_type="praise")
    _report(bot, 2, "WeChat", exposure="200,000", clicks="10,000", conversions="400", sales="100,000", spend="25,000",
            budget_line="channel", feedback="包装很好。", feedback_type="praise")
    _report(bot, 1, "Douyin", exposure="400,000", clicks="20,000", conversions="500", sales="60,000", spend="24,000",
            budget_line="materials", feedback="发货太慢 <!channel>", feedback_type="complaint")
    _report(bot, 3, "Stores", participants="3,000", conversions="100", sales="20,000", spend="21,000",
            budget_line="venue", feedback="多做直播", feedback_type="suggestion")
    bot.standin.reset_calls()
    return bot


def _run_review(bot: BotHarness) -> dict[str, Any]:
    bot.clock.set(REVIEW_AT)
    run_due(bot.services, REVIEW_AT)
    [review] = _reviews(bot)
    return review


def test_the_review_is_posted_the_morning_after_the_end_with_every_number(ended: BotHarness) -> None:
    bot = ended
    bot.clock.set(at(11, 9, 59))
    run_due(bot.services, at(11, 9, 59))
    assert _reviews(bot) == []  # the end moved the status; the review waits for 10:00
    with bot.session() as session:
        assert session.scalars(select(Campaign.status)).one() == "evaluating"
    review = _run_review(bot)
    assert review["text"] == "The review (复盘) of Spring Sale"
    blocks = review["blocks"]
    assert blocks[0]["text"]["text"] == "Review (复盘) · Spring Sale"
    assert blocks[1]["elements"][0]["text"] == (
        "Final review · May 1, 2026 – May 10, 2026 · 10 days · Evaluating")
    assert _section(review, "overview").splitlines()[1:] == [
        "Goal: Sales (销售)", "Theme: Blossom deals", "Dates: May 1, 2026 – May 10, 2026 (Asia/Shanghai)",
        "Owner: <@U_OWNER> · 3 task owners · 1 reporter"]
    assert _section(review, "kpis").splitlines()[1:] == [
        "🟢 Exposure: 900,000 of 800,000 (112.5%)",
        # Ended: judged against the whole target, so 90% and 95% missed it (no "nearly" colour of its own).
        "🔴 Clicks: 45,000 of 50,000 (90%)",
        "🔴 Conversions: 1,800 of 2,000 (90%)",
        f"🔴 Sales: {money(380000)} of {money(400000)} (95%)",
    ]
    assert _section(review, "money").splitlines()[1:] == [
        f"ROI (投资回报率): 280% — sales {money(380000)}, spend {money(100000)}",
        "Conversion rate: 60%",
        f"Budget used: {money(100000)} of {money(100000)} (100%); {money(0)} left; contingency reserve "
        f"{money(10000)}",
    ]
    assert _section(review, "budget").splitlines()[1:] == [
        f"Materials (物料): {money(24000)} of {money(20000)} planned (120%) ⚠️",
        f"Channel promotion (渠道推广): {money(55000)} of {money(50000)} planned (110%) ⚠️",
        f"Staff (人员): {money(0)} of {money(10000)} planned (0%)",
        f"Venue (场地): {money(21000)} of {money(10000)} planned (210%) ⚠️",
        f"Contingency (应急备用金): {money(0)} of {money(10000)} planned (0%)",
    ]
    assert _section(review, "sources").splitlines()[1:] == [
        f"• WeChat: Sales {money(300000)} (78.9%) · Conversions 1,200 (66.7%) · Exposure 500,000 (55.6%) · "
        f"spend {money(55000)}, ROI 445.5%",
        f"• Douyin: Sales {money(60000)} (15.8%) · Conversions 500 (27.8%) · Exposure 400,000 (44.4%) · "
        f"spend {money(24000)}, ROI 150%",
        f"• Stores: Sales {money(20000)} (5.3%) · Conversions 100 (5.6%) · spend {money(21000)}, ROI −4.8%",
    ]
    assert _section(review, "feedback").splitlines()[1:] == [
        "2 praise, 1 complaint, 1 suggestion",
        "Complaint (投诉): “发货太慢 &lt;!channel&gt;” — Douyin, May 1, 2026",  # escaped: pings nobody
        "Suggestion (建议): “多做直播” — Stores, May 3, 2026",
        "Praise (表扬): “包装很好。” (said 2 times) — WeChat, May 2, 2026",
    ]
    assert _section(review, "tasks").splitlines()[1:] == [
        "On time: 40% (2 of 5 done or due) · 3 of 5 done · 1 done late · 2 overdue",
        "Overdue:",
        "• 直播 — <@U_WANG>, due May 8, 2026",  # a date-only due date reads as the day
        "• 物料 — <@U_ZHANG>, due May 9, 2026",
    ]
    assert _section(review, "incidents").splitlines()[1:] == [
        # #2 by hand; #3, traffic below pace, is a deviation: no ladder pages anyone
        "3 incidents: 1 unresolved, 1 escalated, 2 acknowledged late",
        "MTTA (time to acknowledge) 1 hr 2 min · MTTR (time to resolve) 3 hr 15 min",
        "Longest: #3 Traffic or participation below plan (流量不及预期) “Clicks below pace”, still open after "
        "2 days 2 hr",
    ]
    assert _section(review, "worked").splitlines()[1:] == [
        "Exposure reached 112.5% of its target.",
        "ROI of 280%: sales beat spend.",
        "WeChat brought 78.9% of the sales.",
        "More praise than complaints (2 to 1).",
    ]
    assert _section(review, "fell_short").splitlines()[1:] == [
        "Clicks reached only 90% of its target.",
        "Conversions reached only 90% of its target.",
        "Sales reached only 95% of its target.",
        f"Spending went {money(10000)} into the contingency reserve (100% of the budget used).",
        f"Materials (物料) ran 20% over plan ({money(4000)} more).",
        f"Venue (场地) ran 110% over plan ({money(11000)} more).",
        f"Stores lost money: ROI −4.8% on {money(21000)} spend.",
        "Only 40% of tasks were done on time: 2 overdue, 1 done late.",
        "2 of 3 incidents were acknowledged later than their target.",
        "1 incident is still unresolved.",
    ]
    buttons = [element for block in blocks if block["type"] == "actions" for element in block["elements"]]
    assert [(b["text"]["text"], b["action_id"], b["value"]) for b in buttons] == [
        ("Add lessons", Action.OPEN_LESSONS, "1"), ("Close", Action.CLOSE_CAMPAIGN, "1")]
    assert len(blocks) <= 50 and all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)


def test_the_chart_and_the_pdf_come_with_it_once(ended: BotHarness) -> None:
    bot = ended
    _run_review(bot)
    completed = bot.standin.calls_to("files.completeUploadExternal")
    files = [json.loads(call["files"]) if isinstance(call["files"], str) else call["files"] for call in completed
             if call.get("channel_id") == payloads.CHANNEL]
    titles = sorted(entry[0]["title"] for entry in files)
    assert titles == ["review-Spring-Sale-2026-05-10.pdf", "review-Spring-Sale-2026-05-10.png"]
    uploads = list(bot.standin.uploads.values())
    assert sum(content.startswith(PNG) for content in uploads) == 1
    [pdf] = [content for content in uploads if content.startswith(PDF)]
    assert pdf.rstrip().endswith(b"%%EOF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2
    bot.standin.reset_calls()
    run_due(bot.services, REVIEW_AT)  # a second pass at the same moment says nothing more
    run_due(bot.services, at(12, 10))
    assert _reviews(bot) == [] and bot.standin.calls_to("files.completeUploadExternal") == []
    with bot.session() as session:
        keys = session.scalars(select(OutboxMessage.idempotency_key).where(OutboxMessage.kind.like("review%"))).all()
        assert sorted(keys) == ["campaign:1:review:2026-05-10", "campaign:1:review:2026-05-10:chart",
                                "campaign:1:review:2026-05-10:pdf"]
        assert session.scalars(select(Campaign.next_event_at)).one() is None


def test_summary_so_far_for_a_running_campaign(ended: BotHarness) -> None:
    bot = ended
    bot.clock.set(at(3, 0, 1))
    run_due(bot.services, at(3, 0, 1))  # the campaign starts running
    bot.standin.reset_calls()
    bot.clock.set(at(3, 20))
    response = bot.command("summary spring sale", channel="C_ELSEWHERE")
    assert response.text == "Posting the review of *Spring Sale* in <#C_CAMPAIGN>."
    [review] = _reviews(bot)
    assert review["text"] == "The review of Spring Sale so far"
    assert review["blocks"][1]["elements"][0]["text"] == (
        "Review so far · May 1, 2026 – May 10, 2026 · figures through May 3, 2026, day 3 of 10")
    # Everything reported for May 1–3 counts (all four reports), so the KPIs read as at the end.
    assert "🟢 Exposure: 900,000 of 800,000 (112.5%)" in _section(review, "kpis")
    # Tasks due by now only: 立项 on time, 主视觉 done early, 海报 done late → 2 of 3.
    assert _section(review, "tasks").splitlines()[1] == (
        "On time: 66.7% (2 of 3 done or due) · 3 of 5 done · 1 done late · 0 overdue")
    buttons = [e["action_id"] for b in review["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [Action.OPEN_LESSONS]  # Close only once the campaign has ended


def test_lessons_are_added_edited_and_shown(ended: BotHarness) -> None:
    bot = ended
    _run_review(bot)
    bot.click(Action.OPEN_LESSONS, "1", user="U_WANG")
    [opened] = bot.standin.calls_to("views.open")
    labels = [b["label"]["text"] for b in opened["view"]["blocks"] if b["type"] == "input"]
    assert labels == ["What worked", "What fell short", "Next time"]
    empty = response_json(bot.submit(View.LESSONS, lesson_values(), user="U_WANG", private_metadata=METADATA))
    assert empty["errors"] == {Field.LESSON_WORKED: "Write at least one of the three."}
    assert bot.submit(View.LESSONS, lesson_values(worked="直播带货", fell_short="物料 <!here>"), user="U_WANG",
                      private_metadata=METADATA).text == ""
    assert bot.submit(View.LESSONS, lesson_values(worked="直播带货", next_time="提前备货"), user="U_WANG",
                      private_metadata=METADATA).text == ""
    dms = [post["text"] for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]
    assert dms[-2:] == ["📝 Saved your lessons for *Spring Sale*. They are part of its review now.",
                        "📝 Updated your lessons for *Spring Sale*."]
    with bot.session() as session:
        [lesson] = session.scalars(select(CampaignLesson)).all()
        assert (lesson.author_id, lesson.worked, lesson.fell_short, lesson.next_time) == (
            "U_WANG", "直播带货", "", "提前备货")
    bot.click(Action.OPEN_LESSONS, "1", user="U_WANG")
    reopened = bot.standin.calls_to("views.open")[-1]["view"]
    initial = [b["element"].get("initial_value") for b in reopened["blocks"] if b["type"] == "input"]
    assert initial == ["直播带货", None, "提前备货"]
    bot.standin.reset_calls()
    bot.clock.set(bot.clock.now() + timedelta(minutes=11))  # past the repeat window of the review posted above
    bot.command("summary")
    [review] = _reviews(bot)
    assert _section(review, "lessons").splitlines()[1:] == ["• <@U_WANG>: worked: 直播带货 · next time: 提前备货"]


def test_strangers_add_no_lessons(ended: BotHarness) -> None:
    bot = ended
    _run_review(bot)
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.click(Action.OPEN_LESSONS, "1", user="U_STRANGER")
    assert bot.standin.calls_to("views.open") == []
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "Lessons for *Spring Sale* come from its team" in note["text"]
    body = response_json(bot.submit(View.LESSONS, lesson_values(worked="x"), user="U_STRANGER",
                                    private_metadata=METADATA))
    assert "come from its team" in body["errors"][Field.LESSON_WORKED]


def test_close_is_for_the_owner_and_ends_everything(ended: BotHarness) -> None:
    bot = ended
    review = _run_review(bot)
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_STRANGER", message_blocks=review["blocks"])
    assert "Only the owner of *Spring Sale*" in bot.standin.calls_to("chat.postEphemeral")[-1]["text"]
    with bot.session() as session:
        assert session.scalars(select(Campaign.status)).one() == "evaluating"
    bot.standin.reset_calls()
    bot.clock.set(at(12, 9))
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER", message_blocks=review["blocks"])
    with bot.session() as session:
        campaign = session.scalars(select(Campaign)).one()
        assert (campaign.status, campaign.next_event_at, campaign.next_summary_at) == ("closed", None, None)
        moves = session.scalars(select(CampaignStatusChange.to_status).order_by(CampaignStatusChange.id)).all()
        assert moves[-2:] == ["evaluating", "closed"]
        assert all(task.next_reminder_at is None for task in session.scalars(select(Task)))
    updated = next(call for call in bot.standin.calls_to("chat.update") if call["channel"] == payloads.CHANNEL
                   and any(b.get("block_id") == "review-actions-1" for b in call["blocks"]))
    closed = next(b for b in updated["blocks"] if b.get("block_id") == "review-actions-1")
    assert closed["type"] == "context" and closed["elements"][0]["text"] == "✅ Closed by <@U_OWNER>."
    assert any(post["text"].startswith("✅ <@U_OWNER> closed *Spring Sale*.") for post in _channel_posts(bot))
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER", message_blocks=review["blocks"])
    assert bot.standin.calls_to("chat.postEphemeral")[-1]["text"] == "*Spring Sale* is already closed."
    bot.click(Action.OPEN_LESSONS, "1", user="U_OWNER")
    assert "its lessons are final" in bot.standin.calls_to("chat.postEphemeral")[-1]["text"]
    bot.standin.reset_calls()
    assert bot.command("summary Spring Sale", channel="C_ELSEWHERE").text.startswith("Posting the review")
    [again] = _reviews(bot)  # a closed campaign is still found by name and reviewed, final, without buttons
    assert [b for b in again["blocks"] if b["type"] == "actions"] == []
    assert "· Closed" in again["blocks"][1]["elements"][0]["text"]


def test_close_before_the_end_is_refused(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.approve("1")
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER")
    assert bot.standin.calls_to("chat.postEphemeral")[-1]["text"] == (
        "*Spring Sale* can be closed once it has ended and is being evaluated.")


def test_another_workspace_reaches_nothing(ended: BotHarness) -> None:
    bot = ended
    _run_review(bot)
    bot.standin.reset_calls()
    uploaded = dict(bot.standin.uploads)
    for action in (Action.CLOSE_CAMPAIGN, Action.OPEN_LESSONS, Action.OPEN_BUDGET):
        bot.post(payloads.block_action(action, "1", user="U_OWNER", team="T_OTHER"))
    assert bot.standin.calls_to("views.open") == []
    for text in ("summary #1", "summary Spring Sale", "compare #1 #1", "budget #1", "export #1"):
        answer = bot.post(payloads.slash_command(text, user="U_OWNER", team="T_OTHER", channel="C_ELSEWHERE")).text
        assert "Posting the review" not in answer and "Preparing the workbook" not in answer, text
    other = payloads.view_submission(View.LESSONS, lesson_values(worked="x"), user="U_OWNER",
                                     private_metadata=METADATA, team="T_OTHER")
    assert "errors" in response_json(bot.post(other))
    plan = payloads.view_submission(View.BUDGET_LINES, budget_values(materials="1"), user="U_OWNER",
                                    private_metadata=METADATA, team="T_OTHER")
    assert "errors" in response_json(bot.post(plan))
    with bot.session() as session:
        assert session.scalars(select(Campaign.status)).one() == "evaluating"
        assert session.scalars(select(CampaignLesson)).all() == []
        assert len(session.scalars(select(BudgetPlanLine)).all()) == 5
    assert _reviews(bot) == [] and bot.standin.uploads == uploaded


# --- budget lines -------------------------------------------------------------------------------------------------

def test_budget_modal_has_the_contract_labels_and_the_plan(ended: BotHarness) -> None:
    bot = ended
    bot.command("budget")
    view = bot.standin.calls_to("views.open")[-1]["view"]
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    labels = [b["label"]["text"] for b in inputs]
    for word in ("Materials", "Channel promotion", "Staff", "Venue", "Contingency"):
        assert any(word in label for label in labels), word
    assert [b["element"].get("initial_value") for b in inputs] == ["20000", "50000", "10000", "10000", "10000"]


def test_budget_mistakes_are_answered_on_their_field_and_nothing_is_saved(ended: BotHarness) -> None:
    bot = ended
    body = response_json(bot.submit(View.BUDGET_LINES, budget_values(materials="lots", venue="-5"),
                                    private_metadata=METADATA))
    assert body["response_action"] == "errors"
    assert "isn't a number" in body["errors"]["budget_line_materials"]
    assert "negative" in body["errors"]["budget_line_venue"]
    body = response_json(bot.submit(View.BUDGET_LINES, budget_values(materials="60000", channel="50000"),
                                    private_metadata=METADATA))
    assert body["errors"]["budget_line_materials"] == (
        f"The lines add up to {money(110000)}, more than the budget of {money(100000)}. Lower a line, or raise the "
        "budget with Edit on the campaign card.")
    with bot.session() as session:
        assert len(session.scalars(select(BudgetPlanLine)).all()) == 5  # the earlier plan, untouched


def test_the_card_button_opens_the_budget_lines(ended: BotHarness) -> None:
    bot = ended
    bot.click(Action.OPEN_BUDGET, "1", user="U_OWNER")
    [opened] = bot.standin.calls_to("views.open")
    assert opened["view"]["callback_id"] == View.BUDGET_LINES
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.click(Action.OPEN_BUDGET, "1", user="U_STRANGER")
    assert len(bot.standin.calls_to("views.open")) == 1
    assert "plan its budget lines" in bot.standin.calls_to("chat.postEphemeral")[-1]["text"]


def test_only_the_owner_plans_the_budget(ended: BotHarness) -> None:
    bot = ended
    bot.standin.add_user("U_STRANGER", is_admin=False)
    assert "Only the owner of *Spring Sale*" in bot.command("budget", user="U_STRANGER").text
    assert bot.standin.calls_to("views.open") == []


def test_saving_the_plan_tells_the_channel(ended: BotHarness) -> None:
    bot = ended
    assert bot.submit(View.BUDGET_LINES, budget_values(materials="15000", contingency=""),
                      private_metadata=METADATA).text == ""
    [note] = _channel_posts(bot)
    assert note["text"] == f"💰 <@U_OWNER> planned the budget lines of *Spring Sale*: Materials (物料): {money(15000)}."
    with bot.session() as session:
        assert [(row.line, row.planned) for row in session.scalars(select(BudgetPlanLine))] == [
            ("materials", Decimal("15000.00"))]


def test_the_report_modal_offers_the_budget_line(ended: BotHarness) -> None:
    bot = ended
    bot.command("report", user="U_REP")
    view = bot.standin.calls_to("views.open")[-1]["view"]
    line = next(b for b in view["blocks"] if b.get("block_id") == Field.REPORT_BUDGET_LINE)
    assert line["label"]["text"] == "Budget line" and line["optional"] is True
    assert [o["value"] for o in line["element"]["options"]] == ["materials", "channel", "staff", "venue",
                                                                "contingency"]
    body = response_json(bot.submit(View.DAILY_REPORT, payloads.report_values(
        day=date(2026, 5, 4), source="WeChat", spend="10", budget_line="bogus"), user="U_REP",
        private_metadata=METADATA))
    assert Field.REPORT_BUDGET_LINE in body["errors"]


# --- the workbook -------------------------------------------------------------------------------------------------

def test_the_export_holds_the_review_human_readable(ended: BotHarness) -> None:
    bot = ended
    _run_review(bot)
    bot.submit(View.LESSONS, lesson_values(worked="=直播带货", next_time="提前备货"), user="U_WANG",
               private_metadata=METADATA)
    bot.command("export")
    [content] = [c for c in bot.standin.uploads.values() if c.startswith(b"PK")]
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    review = {row[0]: row[1] for row in workbook["Review"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert review["Campaign"] == "Spring Sale" and review["Owner"] == "Olivia Owner"
    assert (review["ROI"], review["Conversion rate"], review["Budget used"], review["Tasks on time"]) == (
        2.8, 0.6, 1.0, 0.4)
    assert review["MTTA (time to acknowledge)"] == timedelta(minutes=61, seconds=30)
    sheet = workbook["Review"]
    formats = {row[0].value: row[1].number_format for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert (formats["ROI"], formats["Budget"], formats["Tasks done"], formats["MTTR (time to resolve)"]) == (
        "0.0%", "¥#,##0.00", "#,##0", "[h]:mm")
    texts = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Exposure reached 112.5% of its target." in texts
    kpis = list(workbook["KPIs vs targets"].values)
    assert kpis[0] == ("KPI", "Target", "Actual", "% attained")
    assert kpis[1:] == [("Exposure", 800000, 900000, 1.125), ("Clicks", 50000, 45000, 0.9),
                        ("Conversions", 2000, 1800, 0.9), ("Sales", 400000, 380000, 0.95)]
    assert workbook["KPIs vs targets"]["D2"].number_format == "0.0%"
    assert workbook["KPIs vs targets"]["B5"].number_format == "¥#,##0.00"
    lines = list(workbook["Budget lines"].values)[1:]
    assert lines[0] == ("Materials (物料)", 20000, 24000, 4000, 1.2)
    sources = list(workbook["Sources"].values)[1:]
    assert [row[0] for row in sources] == ["WeChat", "Douyin", "Stores"]
    lessons = list(workbook["Lessons"].values)
    assert lessons[1][0] == "Wang Fang" and lessons[1][2:] == ("'=直播带货", None, "提前备货")
    tasks = list(workbook["Tasks"].values)
    assert {row[2] for row in tasks[1:]} == {"Wang Fang", "Li Wei", "Zhang San"}
    incidents = list(workbook["Incidents"].values)
    assert incidents[1][1:6] == ("Equipment / tech failure (设备故障)", "Minor (轻度)", "Resolved", "Screen down",
                                 "Rui Peng")


# --- compare ------------------------------------------------------------------------------------------------------

def test_compare_two_campaigns_side_by_side(ended: BotHarness) -> None:
    bot = ended
    _run_review(bot)
    bot.clock.set(at(20, 9))
    values = payloads.campaign_values(name="Autumn Sale", start=date(2026, 9, 1), end=date(2026, 9, 30),
                                      kpis={"sales": "100000"})
    assert bot.submit(View.NEW_CAMPAIGN, values).text == ""
    response = bot.command('compare "Spring Sale" "Autumn Sale"', channel="C_ELSEWHERE")
    body = response_json(response)
    rows = [(b["text"]["text"], [f["text"] for f in b["fields"]]) for b in body["blocks"]
            if b["type"] == "section" and b.get("text")]
    assert rows[0] == ("*Exposure (% of target)*", ["🟢 112.5% · 900,000 of 800,000 · target met", "no target"])
    sales = dict(rows)["*Sales (% of target)*"]
    assert sales == [f"🔴 95% · {money(380000)} of {money(400000)} · target missed",
                     f"⚪ — · — of {money(100000)} · not judged yet"]
    assert dict(rows)["*ROI*"] == ["280%", "—"]
    assert dict(rows)["*Tasks on time*"] == ["40%", "—"]
    assert dict(rows)["*MTTA (time to acknowledge)*"] == ["1 hr 2 min", "—"]
    header = body["blocks"][1]["fields"]
    assert header[0]["text"].startswith("*Spring Sale*\nEvaluating") and header[1]["text"].startswith("*Autumn Sale*")
    # Without quotes the split that names two campaigns is found; #ids work too.
    assert response_json(bot.command("compare Spring Sale Autumn Sale"))["blocks"][1] == body["blocks"][1]
    assert response_json(bot.command("compare #1 #2"))["blocks"][1] == body["blocks"][1]


@pytest.mark.parametrize(("text", "says"), [
    ('compare "Spring Sale Autumn', "A quote is not closed"),
    ("compare Spring", "Name two campaigns"),
    ("compare", "Name two campaigns"),
    ("compare Spring Sale Spring Sale", "same campaign twice"),
    ('compare "Spring Sale" "Nope"', "Nope"),
    ("compare Sale Spring Autumn Sale", "can't tell where the first name ends"),
])
def test_compare_explains_what_to_fix(ended: BotHarness, text: str, says: str) -> None:
    assert says in ended.command(text).text


# --- help and the manifest ------------------------------------------------------------------------------------------

def test_help_lists_the_review_commands(bot: BotHarness) -> None:
    text = bot.command("help").text
    for command in ("/campaign summary", "/campaign budget", "/campaign compare A B"):
        assert command in text


# --- said once, and on the record -------------------------------------------------------------------------------------

def test_a_repeated_submission_saves_once_and_the_history_has_everything(ended: BotHarness) -> None:
    bot = ended
    review = _run_review(bot)
    bot.standin.reset_calls()
    lessons = payloads.view_submission(View.LESSONS, lesson_values(worked="直播带货"), user="U_WANG",
                                       private_metadata=METADATA)
    assert bot.post(lessons).text == "" and bot.post(lessons).text == ""  # the same submission twice
    receipts = [p["text"] for p in bot.standin.calls_to("chat.postMessage") if p["channel"] == "U_WANG"]
    assert receipts == ["📝 Saved your lessons for *Spring Sale*. They are part of its review now."]
    bot.standin.reset_calls()
    plan = payloads.view_submission(View.BUDGET_LINES, budget_values(materials="25000"), user="U_OWNER",
                                    private_metadata=METADATA)
    assert bot.post(plan).text == "" and bot.post(plan).text == ""
    assert len([p for p in _channel_posts(bot) if p["text"].startswith("💰")]) == 1
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER", message_blocks=review["blocks"])
    with bot.session() as session:
        kinds = session.scalars(select(OutboxMessage.kind).where(OutboxMessage.kind.in_(
            ["lessons_receipt", "budget_note", "campaign_closed"]))).all()
        # Said through the outbox, once each: the fixture's plan and this one, the receipt, the closing note.
        assert sorted(kinds) == ["budget_note", "budget_note", "campaign_closed", "lessons_receipt"]
    history = json.dumps(response_json(bot.command("history #1"))["blocks"], ensure_ascii=False)
    assert "added lessons to the review" in history and "what worked: 直播带货" in history
    assert "planned the budget lines" in history and f"materials: {money(20000)} → {money(25000)}" in history
    assert f"channel promotion: {money(50000)} →" in history  # the lines left empty are no longer planned
    assert "closed the campaign" in history and "Evaluating → Closed" in history
