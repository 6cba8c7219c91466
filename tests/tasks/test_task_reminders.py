"""Clock-driven passes: each reminder at its minute, once; catch-up after downtime; skip past the grace."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.kernel.ids import Action
from storage.models import Task
from tests.support.scenario_clock import Scenario, at


def test_reminder_at_its_minute_and_never_twice(scenario: Scenario) -> None:
    assert scenario.tick("05-10 08:59").counts["task_reminders"] == 0
    assert scenario.dms() == []
    report = scenario.tick("05-10 09:00")
    [reminder] = scenario.dms()
    assert "*主视觉设计* (Spring Sale) is due in 3 days" in reminder
    assert report.counts["task_reminders"] == 1
    assert scenario.tick("05-10 09:00").sent == 0
    assert scenario.tick("05-10 09:01").sent == 0  # (last night's summary went out at 08:59)
    assert len(scenario.dms()) == 1


def test_reminder_carries_the_task_buttons(scenario: Scenario) -> None:
    scenario.tick("05-12 09:00")
    post = next(p for p in scenario.bot.standin.calls_to("chat.postMessage") if p["channel"] == "U_WANG")
    actions = [e["action_id"] for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert Action.TASK_DONE in actions and Action.TASK_BLOCKED in actions


def test_every_stage_in_order_with_the_owner_told_once(scenario: Scenario) -> None:
    for when in ("05-10 09:00", "05-12 09:00", "05-13 09:00", "05-14 09:00", "05-15 09:00", "05-16 09:00",
                 "05-18 09:00"):
        scenario.tick(when)
    texts = scenario.dms()
    expected = ["due in 3 days", "due in 1 day", "due today", "1 day overdue", "2 days overdue",
                "5 days overdue"]
    assert [phrase in text for phrase, text in zip(expected, texts, strict=True)] == [True] * 6
    assert len(texts) == 6  # nothing on Saturday
    # (the milestone 上线日, still open the morning after its day, is the owner's other note: it was missed)
    [told] = [text for text in scenario.dms("U_OWNER") if "上线日" not in text]
    assert "Wang" not in told and "<@U_WANG>'s task *主视觉设计*" in told and "2 days overdue" in told


def test_catch_up_after_downtime_sends_the_recent_and_skips_the_stale(scenario: Scenario) -> None:
    report = scenario.tick("05-12 10:30")  # the 05-10 reminder is 49 h late, the 05-12 one 1.5 h
    texts = scenario.dms()
    assert len(texts) == 1 and "due in 1 day" in texts[0]
    assert report.counts["task_reminders"] == 1
    stored = {row.idempotency_key.rsplit(":", 1)[-1]: row.status for row in scenario.outbox() if "task" in row.kind}
    assert stored == {"due-3d": "skipped", "due-1d": "sent"}
    assert scenario.tick("05-12 10:31").counts["task_reminders"] == 0


def test_done_task_is_not_reminded_and_reopened_task_is(scenario: Scenario) -> None:
    bot = scenario.bot
    with bot.session() as session:
        task_id = session.scalars(select(Task.id)).one()
    bot.clock.set(at("05-09 12:00"))
    bot.click(Action.TASK_DONE, str(task_id), user="U_WANG")
    scenario.tick("05-10 09:00")
    scenario.tick("05-14 09:00")
    assert scenario.dms() == []
    bot.clock.set(at("05-14 10:00"))
    bot.click(Action.TASK_OPEN, str(task_id), user="U_WANG")
    scenario.tick("05-15 09:00")
    [nudge] = scenario.dms()
    assert "2 days overdue" in nudge


def test_moved_due_date_is_reminded_afresh(scenario: Scenario) -> None:
    scenario.tick("05-12 09:00")
    with scenario.bot.session() as session:
        task = session.scalars(select(Task)).one()
        task.due_at = at("05-20 23:59")
        from bot.tasks.service.scheduling import schedule_task
        from storage.models import Campaign

        schedule_task(task, session.get(Campaign, task.campaign_id), at("05-12 10:00"))  # type: ignore[arg-type]
    scenario.tick("05-13 09:00")
    assert len(scenario.dms()) == 1  # the old due day passes silently
    scenario.tick("05-17 09:00")
    assert "due in 3 days" in scenario.dms()[-1]


def test_changed_settings_move_the_next_reminder(scenario: Scenario) -> None:
    from bot.campaigns.rules.reminders import ReminderSettings
    from bot.kernel.policy import Actor
    from bot.reminders.service import update_reminder_settings

    with scenario.bot.session() as session:
        update_reminder_settings(session=session, campaign_id=1, settings=ReminderSettings(reminder_hour=14,
                                 days_before_due=(2,)), actor=Actor("U_OWNER"), now=at("05-01 00:00"))
    scenario.tick("05-10 09:00")
    assert scenario.dms() == []
    scenario.tick("05-11 14:00")
    [reminder] = scenario.dms()
    assert "due in 2 days" in reminder


def test_overdue_nudges_stop_when_the_campaign_ends_and_the_review_lists_what_was_left(scenario: Scenario) -> None:
    scenario.tick("05-29 09:00")  # Friday, the last working day of the campaign (May 1–31)
    [nudge] = scenario.dms()
    assert "16 days overdue" in nudge
    for when in ("06-01 09:00", "06-02 09:00", "06-03 09:00"):
        scenario.tick(when)
    assert len(scenario.dms()) == 1  # ended: no more nudges
    with scenario.bot.session() as session:
        assert session.scalars(select(Task.next_reminder_at)).one() is None
    review = " ".join(text for text in scenario.channel() if "review" in text.lower())
    posts = [post for post in scenario.bot.standin.calls_to("chat.postMessage") if post.get("blocks")
             and "review" in post["text"].lower()]
    assert review and posts
    assert any("主视觉设计" in json.dumps(post["blocks"], ensure_ascii=False) for post in posts)
