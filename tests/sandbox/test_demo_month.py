"""benchmarks/demo_month.py: its counting on a hand-made record, and its core played for a few days past the demo.

The figures themselves are not judged here yet (the bot is not quiet yet); only that they are counted right.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from benchmarks import demo_month
from benchmarks.demo_month import FlagWords, Sent
from sandbox import demo
from sandbox.runner import SandboxProcess
from sandbox.workspace import MAYA, PEOPLE, SAM, TOM, WANG

SHANGHAI, NEW_YORK, TAIPEI = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Taipei")
SOURCES = {WANG.id: "微信 WeChat", TOM.id: "抖音 Douyin", SAM.id: "天猫 Tmall"}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def dm(person: str, at: str, text: str = "hi", key: str = "") -> Sent:
    return Sent(at=utc(at), channel="D" + person[1:], text=text, to=frozenset({person}), where="dm", key=key)


def test_a_message_counts_on_the_local_day_of_each_recipient() -> None:
    # 23:30 UTC on May 10 is 07:30 on May 11 in Shanghai and Taipei, 19:30 on May 10 in New York.
    late = Sent(at=utc("2026-05-10 23:30"), channel="C1", text="x", to=frozenset({MAYA.id, SAM.id}), where="channel")
    assert demo_month.local_day(late.at, SHANGHAI) == date(2026, 5, 11)
    assert demo_month.local_day(late.at, NEW_YORK) == date(2026, 5, 10)
    assert demo_month.local_day(late.at, TAIPEI) == date(2026, 5, 11)
    days = [date(2026, 5, 10), date(2026, 5, 11)]
    assert demo_month.per_day(demo_month.received([late], MAYA.id), SHANGHAI, days) == {days[0]: 0, days[1]: 1}
    assert demo_month.per_day(demo_month.received([late], SAM.id), NEW_YORK, days) == {days[0]: 1, days[1]: 0}
    assert demo_month.received([late], WANG.id) == []
    # The period's local days: midnight to midnight in Shanghai is two part-days in New York.
    begin, end = datetime(2026, 5, 10, tzinfo=SHANGHAI), datetime(2026, 5, 12, tzinfo=SHANGHAI)
    assert demo_month.local_days(begin, end, SHANGHAI) == days
    assert demo_month.local_days(begin, end, NEW_YORK) == [date(2026, 5, 9), *days]


def test_day_stats_count_quiet_days_and_the_worst() -> None:
    stats = demo_month.day_stats({date(2026, 5, d): n for d, n in zip(range(1, 6), [0, 3, 4, 9, 1], strict=True)})
    assert (stats.days, stats.median, stats.maximum, stats.over) == (5, 3, 9, 2)
    assert stats.quiet_share == pytest.approx(0.6)
    assert stats.distribution == {0: 1, 1: 1, 3: 1, 4: 1, 9: 1}


def test_the_night_is_22_to_8_in_the_recipients_zone_and_named_by_its_evening() -> None:
    assert demo_month.is_night(datetime(2026, 5, 10, 22, 0, tzinfo=SHANGHAI), SHANGHAI)
    assert demo_month.is_night(datetime(2026, 5, 11, 7, 59, tzinfo=SHANGHAI), SHANGHAI)
    assert not demo_month.is_night(datetime(2026, 5, 11, 8, 0, tzinfo=SHANGHAI), SHANGHAI)
    assert not demo_month.is_night(datetime(2026, 5, 10, 21, 59, tzinfo=SHANGHAI), SHANGHAI)
    # 21:00 in Shanghai is 09:00 in New York (EDT): night for nobody; 03:00 in Shanghai is 15:00 in New York.
    three_am = datetime(2026, 5, 12, 3, 0, tzinfo=SHANGHAI)
    assert demo_month.is_night(three_am, SHANGHAI) and not demo_month.is_night(three_am, NEW_YORK)
    assert demo_month.night_of(three_am, SHANGHAI) == date(2026, 5, 11)
    record = [dm(MAYA.id, "2026-05-10 14:00"), dm(MAYA.id, "2026-05-10 19:00"), dm(MAYA.id, "2026-05-11 01:00"),
              dm(MAYA.id, "2026-05-11 02:00")]  # 22:00, 03:00 next day, 09:00 and 10:00 in Shanghai
    found = demo_month.nights(record, SHANGHAI)
    assert {night: len(messages) for night, messages in found.items()} == {date(2026, 5, 10): 2}


def test_identical_consecutive_posts_are_found_per_conversation() -> None:
    same = "⏰ I haven't seen your report yet."
    record = [
        dm(WANG.id, "2026-05-10 11:00", same), dm(WANG.id, "2026-05-10 11:05", same),  # a repeat
        dm(TOM.id, "2026-05-10 11:06", same),  # another DM: no repeat of Wang's
        dm(WANG.id, "2026-05-10 12:00", "something else"), dm(WANG.id, "2026-05-10 13:00", same),  # not in a row
        Sent(at=utc("2026-05-10 13:00"), channel="C1", text="note", to=frozenset(), where="channel", thread="1.0"),
        Sent(at=utc("2026-05-10 13:01"), channel="C1", text="note", to=frozenset(), where="channel", thread="2.0"),
        Sent(at=utc("2026-05-10 13:02"), channel="C1", text="note", to=frozenset(), where="channel", thread="2.0"),
        dm(TOM.id, "2026-05-10 14:00", ""), dm(TOM.id, "2026-05-10 14:01", ""),  # no text (a file): not compared
    ]
    pairs = demo_month.repeats(record)
    assert [(first.at.hour, first.at.minute, second.at.minute) for first, second in pairs] == [(11, 0, 5), (13, 1, 2)]
    assert pairs[1][0].thread == "2.0"


def test_mentions_are_found_in_text_and_blocks() -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "owner <@U01MAYA>"}},
              {"type": "rich_text", "elements": [{"type": "user", "user_id": "U06TOM"}]}]
    assert demo_month.mentioned("<@U03WANG|wang> and <@U03WANG>", blocks) == {"U01MAYA", "U03WANG", "U06TOM"}
    assert demo_month.mentioned("no one, <!channel> aside") == frozenset()


def test_not_reported_flags_are_early_before_the_reporters_own_midnight() -> None:
    words = FlagWords(missing=("Not yet reported:",), silent=("No report:",))
    zones = {WANG.id: SHANGHAI, TOM.id: SHANGHAI, SAM.id: NEW_YORK}
    record = [
        # Tom's 19:00 nudge for May 10: early (his window closes at 23:59 Shanghai).
        dm(TOM.id, "2026-05-10 11:00", key=f"report:1:{TOM.id}:2026-05-10:nudge"),
        # The owner's 21:00 note names Sam and Tom: Sam's May 10 is not over in New York until 11:59 Shanghai next day.
        dm(MAYA.id, "2026-05-10 13:00", f"📋 Not reported: <@{SAM.id}>, <@{TOM.id}>.",
           key="summary:1:2026-05-10:missing"),
        # The 21:00 summary's line, naming sources.
        Sent(at=utc("2026-05-10 13:00"), channel="C1", text="Daily report\nNot yet reported: 天猫 Tmall",
             to=frozenset(), where="channel", key="summary:1:2026-05-10"),
        # The incident's line repeated the next afternoon: about May 10 (the 21:00 check before it), so late.
        Sent(at=utc("2026-05-11 09:50"), channel="C1", text="🔁 updated\n> No report: 抖音 Douyin (1 day).",
             to=frozenset(), where="channel", thread="1.0", key="incident:1:updated:abc"),
        dm(WANG.id, "2026-05-10 09:00", "📊 Time for today's report", key=f"report:1:{WANG.id}:2026-05-10:prompt"),
    ]
    flags = demo_month.not_reported_flags(record, reporter_zones=zones, source_reporters={v: k for k, v in
                                                                                         SOURCES.items()},
                                          campaign_zone=SHANGHAI, words=words)
    found = [(flag.how, flag.reporter, flag.day, flag.early) for flag in flags]
    may10 = date(2026, 5, 10)
    assert found == [("nudge", TOM.id, may10, True), ("owner note", SAM.id, may10, True),
                     ("owner note", TOM.id, may10, True), ("summary line", SAM.id, may10, True),
                     ("incident line", TOM.id, may10, False)]
    assert flags[1].closes == datetime(2026, 5, 10, 23, 59, tzinfo=NEW_YORK)
    # The catalogue's own words: the summary line in English and Chinese, the incident line likewise.
    catalogue = FlagWords.from_catalogue()
    assert "Not yet reported:" in catalogue.missing and "尚未上报：" in catalogue.missing
    assert "No report:" in catalogue.silent


def test_a_message_right_after_a_persons_own_gesture_answers_it() -> None:
    receipt = dm(SAM.id, "2026-05-10 11:31", "✅ Saved your report")  # 07:31 in New York: night
    assert demo_month.is_answer(receipt, SAM.id, {SAM.id: [utc("2026-05-10 11:30")]})
    assert not demo_month.is_answer(receipt, SAM.id, {SAM.id: [utc("2026-05-10 11:20")]})
    assert not demo_month.is_answer(receipt, SAM.id, {SAM.id: [utc("2026-05-10 11:32")]})
    assert not demo_month.is_answer(receipt, SAM.id, {WANG.id: [utc("2026-05-10 11:30")]})
    result = demo_month.measure([receipt, dm(SAM.id, "2026-05-10 20:00")], begin=utc("2026-05-10 04:00"),
                                end=utc("2026-05-11 04:00"), people=[SAM], reporter_sources=SOURCES,
                                gestures={SAM.id: [utc("2026-05-10 11:30")]},
                                words=FlagWords(missing=(), silent=()))
    [sam] = result.people
    assert (sam.answers, sum(sam.counts.values()), sam.night_total, sam.night_answers) == (1, 2, 1, 1)
    assert sam.counts == {date(2026, 5, 10): 2}  # 04:00 to 04:00 UTC is midnight to midnight in New York
    assert sam.unasked is not None and sam.unasked.maximum == 1


def test_three_days_past_the_demo_are_played_and_counted(sandbox_process: SandboxProcess, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the short month runs on SQLite; the demo itself is played on both backends by test_demo")
    result, played = demo_month.run(sandbox_process, days=demo.DAY + 3)
    today = sandbox_process.clock.now().astimezone(SHANGHAI).date()
    assert played.start == today - timedelta(days=demo.DAY + 3)  # the clock stops at midnight after day 13
    assert played.done["reports"] == 2 + 3 * 3 and not played.misses  # day 10's Tom and Sam, then three full days
    assert [figures.person for figures in result.people] == list(PEOPLE)
    maya = result.people[0]
    assert maya.days.days == demo_month.PREP_DAYS + demo.DAY + 3 and sum(maya.counts.values()) > 0
    assert result.total >= sum(result.channel_posts.values()) > 0
    text = demo_month.render(result, played)
    assert "Maya" in text and "night" in text and "run time" in text
