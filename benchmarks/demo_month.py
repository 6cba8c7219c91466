"""How much the bot speaks to each person over the whole demo month (issue "Quiet": the measurement).

    python benchmarks/demo_month.py [--database-url URL] [--days 30] [--after 4] [--today YYYY-MM-DD]

The demo campaign 春季新品上市 is seeded as today (sandbox.demo.seed: its first 10 days), then a scripted team lives
the rest of it day by day through the sandbox, with the scheduler run at every moment that matters (sandbox.stepper):

* each reporter reports their own source every campaign day at the demo's times (sandbox.demo.REPORTING: Wang 17:50
  and Tom 18:15 Shanghai, Sam 20:30 Shanghai = his New York morning), with the demo's figures (Douyin lagging);
* the owner Maya presses Acknowledge on every open incident at 10:00 Shanghai on China's working days (and, on the
  seeded day 10, as soon as the script takes over at 16:30);
* every open task due from day 10 on is marked done by its owner on its due day at 15:00 in the owner's own zone;
  what the demo left behind (a task overdue since day 8, one blocked) stays as the demo left it;
* after the last day, `--after` more days pass (the review, the satisfaction question); nobody answers them.

Then it counts, from the stand-in's record of what the bot sent (every message the campaignbot user posted, deleted
ones included; Slackbot's notices are not the bot's): a DM reaches its person, an ephemeral message its viewer, a
channel post every person it @-mentions (text and blocks). Per person, per LOCAL day in the person's own zone
(sandbox.workspace): (a) messages per day, its distribution, days over 3, the maximum; (b) messages delivered
between 22:00 and 08:00 in the recipient's zone, and the worst single night; (c) identical consecutive posts of the
bot in one conversation (a DM, a channel's top level or a thread); (d) "not reported" flags (the 2-hour nudge,
the owner's 21:00 note naming who has not reported, the summary's "Not yet reported" line, an incident's
"No report" line) sent before that reporter's own window closed: 23:59 of the campaign day in the reporter's zone
(the code defines no other close). Channel posts are also counted per campaign day (Shanghai).

The counting lives in small plain functions (tests/sandbox/test_demo_month.py tests them on a hand-made record).
Exit status 0; the figures are not judged yet (the bot is not quiet yet).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from bot.campaigns.rules import holidays
from bot.campaigns.rules.reminders import ReminderSettings
from bot.kernel.config import Settings, normalise_database_url
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from sandbox import demo
from sandbox.driver import DriverError, Person
from sandbox.runner import SandboxProcess, confine
from sandbox.store import SandboxStore
from sandbox.workspace import MAYA, PEOPLE, SANDBOX_WORKSPACE, SPRING_LAUNCH, SandboxPerson
from storage.migrate import upgrade
from storage.models import Campaign, DailyReport, Incident, Task
from storage.session import make_engine, make_session_factory
from tests.support.databases import migrated_engine

log = logging.getLogger("demo_month")

ZONE = demo.ZONE  # the campaign's zone
QUIET_DAY = 3  # the bar: at most this many messages a day
NIGHT_FROM, NIGHT_UNTIL = 22, 8  # the recipient's local night
AFTER_DAYS = 4  # days played after the last campaign day: the review (10:00 the day after) and satisfaction question
ACK_AT = clock_time(10, 0)  # Maya acknowledges open incidents then, on working days (Shanghai)
WORK_UNTIL = clock_time(18, 0)
TASK_DONE_AT = clock_time(15, 0)  # owners mark a task done on its due day, in their own zone
LOCALES = ("en-US", "zh-CN", "zh-TW")
SUMMARY_HOUR = ReminderSettings().summary_hour  # the evening summary and its anomaly check, campaign time
ANSWER_WINDOW = timedelta(minutes=2)  # a message this soon after a person's own gesture answers it
PREP_DAYS = 4  # sandbox.demo.seed plans the campaign this many days before its first day: the count starts there


# --- the record --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sent:
    """One message the bot sent, as the stand-in recorded it."""

    at: datetime  # when it was posted (aware)
    channel: str
    text: str
    to: frozenset[str]  # who it reached: the DM's person, the ephemeral's viewer, the people a channel post @-mentions
    where: str = "dm"  # "dm", "ephemeral" or "channel"
    thread: str | None = None  # the root ts of the thread it was posted in; None at the top level
    key: str = ""  # the outbox key the bot put in its metadata ("" when it put none, e.g. an answer to an action)
    ts: str = ""


MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned(text: str, blocks: Any = None) -> frozenset[str]:
    """The people a message @-mentions, in its text or anywhere in its blocks (mrkdwn `<@U…>`, rich-text users)."""
    found = set(MENTION.findall(text or ""))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "user" and isinstance(node.get("user_id"), str):
                found.add(node["user_id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.update(MENTION.findall(node))

    walk(blocks)
    return frozenset(found)


def read_record(store: SandboxStore, bot_user: str = SANDBOX_WORKSPACE.bot_user_id) -> list[Sent]:
    """Everything `bot_user` posted, in the order it was posted (deleted messages too: they were delivered)."""
    with store.transaction() as db:
        channels = {row["id"]: row["im_user"] for row in db.execute("SELECT id, im_user FROM channels")}
        rows = db.execute("SELECT * FROM messages WHERE user = ? ORDER BY id", (bot_user,)).fetchall()
    sent = []
    for row in rows:
        blocks = json.loads(row["blocks"]) if row["blocks"] else None
        metadata = json.loads(row["metadata"]) if row["metadata"] else {}
        im_user = channels.get(row["channel"])
        if row["visible_to"]:
            where, to = "ephemeral", frozenset({row["visible_to"]})
        elif im_user:
            where, to = "dm", frozenset({im_user})
        else:
            where, to = "channel", mentioned(row["text"], blocks) - {bot_user}
        thread = row["thread_ts"] if row["thread_ts"] and row["thread_ts"] != row["ts"] else None
        sent.append(Sent(at=datetime.fromisoformat(row["posted_at"]).astimezone(UTC), channel=row["channel"],
                         text=_all_text(row["text"], blocks), to=to, where=where, thread=thread, ts=row["ts"],
                         key=str((metadata.get("event_payload") or {}).get("key") or "")))
    return sent


def _all_text(text: str, blocks: Any) -> str:
    """The fallback text, then every text of the blocks (what a person reads), one per line."""
    parts = [text or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            else:
                for value in node.values():
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(part for part in parts if part)


class Gestures:
    """The people's gestures as they reach the bot (who, at what demo time), wrapped around the stand-in's link to
    the bot: a message soon after its person's own gesture answers it (a receipt, a confirmation)."""

    def __init__(self, link: Any, now: Callable[[], datetime]) -> None:
        self._link = link
        self._now = now
        self.at: dict[str, list[datetime]] = defaultdict(list)

    @classmethod
    def install(cls, process: SandboxProcess) -> Gestures:
        gestures = cls(process.client.link, process.clock.now)
        process.client.link = gestures  # type: ignore[assignment]
        return gestures

    def command(self, fields: dict[str, str]) -> Any:
        self._note(fields.get("user_id"))
        return self._link.command(fields)

    def interaction(self, payload: dict[str, Any]) -> Any:
        self._note((payload.get("user") or {}).get("id"))
        return self._link.interaction(payload)

    def event(self, envelope: dict[str, Any]) -> Any:
        event = envelope.get("event") or {}
        self._note(event.get("user") or event.get("user_id"))
        return self._link.event(envelope)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._link, name)

    def _note(self, user: object) -> None:
        if isinstance(user, str):
            self.at[user].append(self._now())


def is_answer(message: Sent, person: str, gestures: Mapping[str, Sequence[datetime]],
              window: timedelta = ANSWER_WINDOW) -> bool:
    """Whether `person` made a gesture at most `window` before `message` (which then answers it)."""
    return any(timedelta(0) <= message.at - at <= window for at in gestures.get(person, ()))


# --- (a) per local day -------------------------------------------------------------------------------------------

def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def local_days(begin: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    """The local days in `zone` that the period [begin, end) touches."""
    first, last = local_day(begin, zone), local_day(end - timedelta(microseconds=1), zone)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def received(sent: Iterable[Sent], person: str) -> list[Sent]:
    return [message for message in sent if person in message.to]


def per_day(sent: Iterable[Sent], zone: ZoneInfo, days: Sequence[date]) -> dict[date, int]:
    """How many of `sent` fall on each of `days` (local to `zone`); days without any count 0."""
    counts = dict.fromkeys(days, 0)
    for message in sent:
        day = local_day(message.at, zone)
        if day in counts:
            counts[day] += 1
    return counts


@dataclass(frozen=True)
class DayStats:
    days: int
    median: float
    maximum: int
    over: int  # days with more than QUIET_DAY
    distribution: dict[int, int]  # messages in a day -> how many days

    @property
    def quiet_share(self) -> float:
        return (self.days - self.over) / self.days if self.days else 1.0


def day_stats(counts: Mapping[date, int], quiet: int = QUIET_DAY) -> DayStats:
    values = list(counts.values())
    return DayStats(days=len(values), median=statistics.median(values) if values else 0,
                    maximum=max(values, default=0), over=sum(value > quiet for value in values),
                    distribution=dict(sorted(Counter(values).items())))


# --- (b) night ---------------------------------------------------------------------------------------------------

def is_night(at: datetime, zone: ZoneInfo, start: int = NIGHT_FROM, until: int = NIGHT_UNTIL) -> bool:
    """Between `start`:00 and `until`:00 local time (22:00 included, 08:00 not)."""
    hour = at.astimezone(zone).hour
    return hour >= start or hour < until


def night_of(at: datetime, zone: ZoneInfo, until: int = NIGHT_UNTIL) -> date:
    """The night a moment belongs to, named by the evening it began: 03:00 on the 5th is the night of the 4th."""
    local = at.astimezone(zone)
    return local.date() - timedelta(days=1) if local.hour < until else local.date()


def nights(sent: Iterable[Sent], zone: ZoneInfo) -> dict[date, list[Sent]]:
    """The messages delivered at night in `zone`, by night."""
    found: dict[date, list[Sent]] = defaultdict(list)
    for message in sent:
        if is_night(message.at, zone):
            found[night_of(message.at, zone)].append(message)
    return dict(found)


# --- (c) identical consecutive posts ----------------------------------------------------------------------------

def conversation(message: Sent) -> tuple[str, str | None, str | None]:
    """Where a message sits: its channel, its thread (None at the top level) and, for an ephemeral one, its viewer."""
    viewer = next(iter(message.to)) if message.where == "ephemeral" else None
    return message.channel, message.thread, viewer


def repeats(sent: Iterable[Sent]) -> list[tuple[Sent, Sent]]:
    """Pairs of the bot's posts that follow each other in one conversation (a DM, a channel's top level, a thread)
    with the same non-empty text."""
    last: dict[tuple[str, str | None, str | None], Sent] = {}
    pairs = []
    for message in sorted(sent, key=lambda m: m.at):
        where = conversation(message)
        before = last.get(where)
        if before is not None and message.text and before.text == message.text:
            pairs.append((before, message))
        last[where] = message
    return pairs


# --- (d) "not reported" flags -----------------------------------------------------------------------------------

NUDGE_KEY = re.compile(r"^report:\d+:(?P<user>[^:]+):(?P<day>\d{4}-\d{2}-\d{2}):(?:nudge|catch-up)$")
OWNER_NOTE_KEY = re.compile(r"^summary:\d+:(?P<day>\d{4}-\d{2}-\d{2}):missing$")
SUMMARY_KEY = re.compile(r"^summary:\d+:(?P<day>\d{4}-\d{2}-\d{2})$")


def window_closes(day: date, zone: ZoneInfo) -> datetime:
    """The end of a reporter's window for a campaign day: 23:59 of that day in their own zone."""
    return datetime.combine(day, clock_time(23, 59), tzinfo=zone)


@dataclass(frozen=True)
class Flag:
    sent: Sent
    reporter: str
    day: date  # the campaign day it says they have not reported
    closes: datetime  # when that reporter's window for the day closes
    how: str  # "nudge", "owner note", "summary line", "incident line"

    @property
    def early(self) -> bool:
        return self.sent.at < self.closes


@dataclass(frozen=True)
class FlagWords:
    """How the bot words the lines that name missing sources, in every language (the part before the names)."""

    missing: tuple[str, ...]  # the summary's "Not yet reported: {sources}"
    silent: tuple[str, ...]  # an incident's "No report: {sources}."

    @classmethod
    def from_catalogue(cls, locales: Sequence[str] = LOCALES) -> FlagWords:
        def prefixes(*keys: str) -> tuple[str, ...]:
            return tuple(sorted({t(key, locale, sources="\x00").split("\x00")[0].strip() for key in keys
                                 for locale in locales}))

        return cls(missing=prefixes("summary.sources.missing", "pace.signals.sources.missing"),
                   silent=prefixes("pace.anomaly.day.silent"))


def named_sources(text: str, prefixes: Sequence[str], sources: Iterable[str]) -> set[str]:
    """The sources named after one of `prefixes` on the same line of `text`."""
    named = set()
    for line in text.splitlines():
        for prefix in prefixes:
            index = line.find(prefix)
            if index >= 0:
                rest = line[index + len(prefix):]
                named |= {source for source in sources if source in rest}
    return named


def checked_day(at: datetime, zone: ZoneInfo, check_hour: int = SUMMARY_HOUR) -> date:
    """The campaign day of the latest evening check (the 21:00 summary's anomaly check) at or before `at`: an incident
    line saying a source sent no report, posted or repeated later, is about that day."""
    return (at.astimezone(zone) - timedelta(hours=check_hour)).date()


def not_reported_flags(sent: Iterable[Sent], *, reporter_zones: Mapping[str, ZoneInfo],
                       source_reporters: Mapping[str, str], campaign_zone: ZoneInfo,
                       words: FlagWords) -> list[Flag]:
    """Every message telling (or telling about) a reporter that they have not reported a campaign day: the day from
    the outbox key where it names one, else the day of the evening check before it (an incident's line, on its card,
    in its DMs and in the notes of its thread). One flag per reporter named."""
    flags = []
    for message in sent:
        found: list[tuple[str, date, str]] = []
        if match := NUDGE_KEY.match(message.key):
            found.append((match["user"], date.fromisoformat(match["day"]), "nudge"))
        elif match := OWNER_NOTE_KEY.match(message.key):
            day = date.fromisoformat(match["day"])
            found += [(user, day, "owner note") for user in sorted(mentioned(message.text) & set(reporter_zones))]
        elif match := SUMMARY_KEY.match(message.key):
            day = date.fromisoformat(match["day"])
            found += [(source_reporters[source], day, "summary line")
                      for source in sorted(named_sources(message.text, words.missing, source_reporters))]
        else:
            day = checked_day(message.at, campaign_zone)
            found += [(source_reporters[source], day, "incident line")
                      for source in sorted(named_sources(message.text, words.silent, source_reporters))]
        for reporter, day, how in found:
            if reporter in reporter_zones:
                flags.append(Flag(message, reporter, day, window_closes(day, reporter_zones[reporter]), how))
    return flags


# --- the whole measurement -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonFigures:
    person: SandboxPerson
    days: DayStats
    counts: dict[date, int]
    night: dict[date, list[Sent]]
    by_where: dict[str, int]
    by_kind: dict[str, int] = field(default_factory=dict)  # what they got (kind_of), most first
    answers: int = 0  # of the messages, those that answered the person's own gesture
    unasked: DayStats | None = None  # the days counted without those answers
    night_answers: int = 0

    @property
    def night_total(self) -> int:
        return sum(len(found) for found in self.night.values())

    @property
    def worst_night(self) -> tuple[date | None, int]:
        if not self.night:
            return None, 0
        day = max(self.night, key=lambda d: (len(self.night[d]), d))
        return day, len(self.night[day])


@dataclass
class Measurement:
    begin: datetime
    end: datetime
    people: list[PersonFigures]
    channel_posts: dict[date, int]  # per campaign day (campaign zone)
    channel_kinds: dict[str, int]  # what they were (kind_of), most first
    repeated: list[tuple[Sent, Sent]]
    flags: list[Flag]
    total: int
    by_where: dict[str, int] = field(default_factory=dict)


def measure(sent: Sequence[Sent], *, begin: datetime, end: datetime, people: Sequence[SandboxPerson],
            reporter_sources: Mapping[str, str], campaign_zone: ZoneInfo = ZONE,
            gestures: Mapping[str, Sequence[datetime]] | None = None, words: FlagWords | None = None) -> Measurement:
    """`reporter_sources`: each reporter's source (user id -> source name); `gestures`: when each person acted."""
    sent = [message for message in sent if begin <= message.at < end]
    figures = []
    for person in people:
        zone = ZoneInfo(person.tz)
        days = local_days(begin, end, zone)
        mine = received(sent, person.id)
        asked = {message for message in mine if is_answer(message, person.id, gestures or {})}
        unasked = per_day([message for message in mine if message not in asked], zone, days)
        counts = per_day(mine, zone, days)
        night = nights(mine, zone)
        figures.append(PersonFigures(
            person=person, days=day_stats(counts), counts=counts, night=night,
            by_where=dict(Counter(message.where for message in mine)),
            by_kind=dict(Counter(kind_of(message) for message in mine).most_common()), answers=len(asked),
            unasked=day_stats(unasked), night_answers=sum(m in asked for found in night.values() for m in found)))
    zones = {person.id: ZoneInfo(person.tz) for person in people if person.id in reporter_sources}
    flags = not_reported_flags(sent, reporter_zones=zones,
                               source_reporters={source: user for user, source in reporter_sources.items()},
                               campaign_zone=campaign_zone, words=words or FlagWords.from_catalogue())
    in_channels = [message for message in sent if message.where == "channel"]
    posts = per_day(in_channels, campaign_zone, local_days(begin, end, campaign_zone))
    return Measurement(begin=begin, end=end, people=figures, channel_posts=posts,
                       channel_kinds=dict(Counter(kind_of(message) for message in in_channels).most_common()),
                       repeated=repeats(sent),
                       flags=flags, total=len(sent), by_where=dict(Counter(message.where for message in sent)))


# --- the scripted team -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Played:
    start: date  # the campaign's first day
    begin: datetime  # the first moment played (the demo's planning day, at midnight Shanghai)
    end: datetime  # the last
    seed_seconds: float
    play_seconds: float
    misses: list[str]  # what a team member could not do (a button not found)
    done: Counter[str]  # what the script's team did after the seed: reports, tasks done, acknowledgements


@dataclass(order=True)
class _Step:
    at: datetime
    order: int
    what: str = field(compare=False)
    act: Callable[[], None] = field(compare=False)


def play_month(process: SandboxProcess, *, days: int = demo.LENGTH, after: int = AFTER_DAYS,
               progress: Callable[[str], None] = lambda line: None) -> Played:
    """Seed the demo as today, then live the campaign through its day `days` (and, when that is its last day,
    `after` more days) as the scripted team. The clock ends at midnight Shanghai after the last day played."""
    began = time.monotonic()
    demo.seed(process)
    seeded = time.monotonic() - began
    today = process.clock.now().astimezone(ZONE).date()
    start = today - timedelta(days=demo.DAY - 1)
    last = start + timedelta(days=max(days, demo.DAY) - 1)
    if days >= demo.LENGTH:
        last += timedelta(days=after)
    team = _Team(process, start)
    steps = sorted(team.steps(today, last))
    for number, step in enumerate(steps):
        process.stepper.run_until(step.at)
        step.act()
        if number + 1 == len(steps) or steps[number + 1].at.astimezone(ZONE).date() != step.at.astimezone(ZONE).date():
            progress(f"{step.at.astimezone(ZONE):%Y-%m-%d} played ({time.monotonic() - began:.0f} s)")
    end = datetime.combine(last + timedelta(days=1), clock_time(0), tzinfo=ZONE)
    process.stepper.run_until(end)
    return Played(start=start, begin=datetime.combine(start - timedelta(days=PREP_DAYS), clock_time(0), tzinfo=ZONE),
                  end=end, seed_seconds=seeded, play_seconds=time.monotonic() - began - seeded, misses=team.misses,
                  done=team.done)


class _Team:
    def __init__(self, process: SandboxProcess, start: date) -> None:
        self.process = process
        self.start = start
        self.people = {person.id: process.person(person.id) for person in PEOPLE}
        self.misses: list[str] = []
        self.done: Counter[str] = Counter()
        with process.services.unit_of_work() as session:
            campaign = session.scalars(select(Campaign).where(Campaign.name == demo.DEMO_NAME)).one()
            self.campaign_id = campaign.pk
            self.end = campaign.end_date

    def steps(self, today: date, last: date) -> Iterator[_Step]:
        now = self.process.clock.now()
        day = today
        while day <= last:
            if not holidays.is_day_off("CN", day, skip_weekends=True):
                at = datetime.combine(day, ACK_AT, tzinfo=ZONE)
                if at < now and now.astimezone(ZONE).time() < WORK_UNTIL:
                    at = now  # the script takes over in her working hours: she looks at once
                if at >= now:
                    yield _Step(at, 0, f"acknowledge {day}", self.acknowledge)
            offset = (day - self.start).days
            if day <= self.end:
                for who, source, hour, minute in demo.REPORTING:
                    at = datetime.combine(day, clock_time(hour, minute), tzinfo=ZONE)
                    if at >= now:
                        yield _Step(at, 2, f"{source} {day}", self._reporter(who.id, source, day, offset))
            day += timedelta(days=1)
        yield from self._task_steps(today, last, now)

    def _task_steps(self, today: date, last: date, now: datetime) -> Iterator[_Step]:
        with self.process.services.unit_of_work() as session:
            tasks = session.scalars(select(Task).where(Task.campaign_id == self.campaign_id, Task.status == "open")
                                    .order_by(Task.due_at, Task.id)).all()
            found = [(task.pk, task.title, task.owner_id, task.due_at) for task in tasks]
        zones = {person.id: ZoneInfo(person.tz) for person in PEOPLE}
        for task_id, title, owner, due_at in found:
            if owner not in self.people:
                continue
            zone = zones[owner]
            due_day = due_at.astimezone(zone).date()
            at = max(datetime.combine(due_day, TASK_DONE_AT, tzinfo=zone), now)
            if today <= due_at.astimezone(ZONE).date() <= last and at.astimezone(zone).date() == due_day:
                yield _Step(at, 1, f"done {title}", self._done(task_id, title, owner))

    def acknowledge(self) -> None:
        maya = self.people[MAYA.id]
        with self.process.services.unit_of_work() as session:
            open_ids = list(session.scalars(select(Incident.id).where(
                Incident.campaign_id == self.campaign_id, Incident.status == "open").order_by(Incident.id)))
        for incident_id in open_ids:
            if _press_action(maya, SPRING_LAUNCH.id, f"incident-{incident_id}", Action.INCIDENT_ACKNOWLEDGE):
                self.done["incidents acknowledged"] += 1
            else:
                self.misses.append(f"{self.process.clock.now():%Y-%m-%d %H:%M}Z Maya: no Acknowledge on incident "
                                   f"#{incident_id}")

    def _reporter(self, user: str, source: str, day: date, offset: int) -> Callable[[], None]:
        def report() -> None:
            figures = demo._figures(source, offset)
            if figures is None or self._reported(source, day):
                return
            demo._submit_report(self.people[user], day, source, figures, demo.FEEDBACK.get((source, offset)))
            self.done["reports"] += 1

        return report

    def _reported(self, source: str, day: date) -> bool:
        with self.process.services.unit_of_work() as session:
            return session.scalar(select(DailyReport.id).where(
                DailyReport.campaign_id == self.campaign_id, DailyReport.day == day, DailyReport.source == source
            ).limit(1)) is not None

    def _done(self, task_id: int, title: str, owner: str) -> Callable[[], None]:
        def done() -> None:
            with self.process.services.unit_of_work() as session:
                task = session.get(Task, task_id)
                if task is None or task.status != "open":
                    return
            person = self.people[owner]
            try:
                if person.press(person.dm, t("tasks.button.done", person.locale), near=title).ok:
                    self.done["tasks done"] += 1
            except DriverError as error:
                self.misses.append(f"{self.process.clock.now():%Y-%m-%d %H:%M}Z {owner}: {error}")

        return done


def _press_action(person: Person, channel: str, block_id: str, action_id: str) -> bool:
    """Press the button `action_id` of the newest message in `channel` with the block `block_id`."""
    for message in reversed(person.store.messages(channel, viewer=person.user, limit=5_000)):
        for block in message.blocks or []:
            if block.get("block_id") != block_id:
                continue
            for element in block.get("elements") or []:
                if isinstance(element, dict) and element.get("action_id") == action_id:
                    outcome = person.client.act_in_message(person.user, channel, message.ts, block_id, action_id)
                    person.settle()
                    return outcome.ok
    return False


# --- the report ---------------------------------------------------------------------------------------------------

def kind_of(message: Sent) -> str:
    """What a message is, for grouping: its outbox key with ids, days and people left out."""
    if not message.key:
        return f"({message.where}, no key)"
    key = re.sub(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:+.Z-]*)?", "", message.key)
    parts = [part for part in key.split(":")
             if part and not re.fullmatch(r"\d+|[UW][A-Z0-9]{4,}|[0-9a-f]{32}|\d{8}T\d{4}", part)]
    return ":".join(parts) or message.key


def render(result: Measurement, played: Played | None = None, *, details: bool = False) -> str:
    lines = []
    if played is not None:
        lines.append(f"campaign {demo.DEMO_NAME}: {played.start} .. {played.start + timedelta(days=demo.LENGTH - 1)}"
                     f" (Shanghai); played {result.begin.astimezone(ZONE):%Y-%m-%d %H:%M} .. "
                     f"{result.end.astimezone(ZONE):%Y-%m-%d %H:%M} Shanghai")
    where = ", ".join(f"{count} {name}" for name, count in sorted(result.by_where.items()))
    lines.append(f"the bot sent {result.total} messages ({where})")
    lines.append("")
    header = (f"{'person':<6} {'zone':<16} {'days':>4} {'msgs':>5} {'dm/eph/chan':>11} {'answ':>4} {'median':>6} "
              f"{'max':>4} {'>3':>3} {'<=3':>4} {'>3 unasked':>10} {'night':>5} {'(answ)':>6} {'worst night':>12}")
    lines += [header, "-" * len(header)]
    for figures in result.people:
        stats = figures.days
        worst_day, worst = figures.worst_night
        by = figures.by_where
        lines.append(
            f"{_name(figures.person):<6} {figures.person.tz:<16} {stats.days:>4} {sum(figures.counts.values()):>5} "
            f"{by.get('dm', 0):>3}/{by.get('ephemeral', 0)}/{by.get('channel', 0):<3} {figures.answers:>4} "
            f"{stats.median:>6g} {stats.maximum:>4} {stats.over:>3} {stats.quiet_share:>4.0%} "
            f"{figures.unasked.over if figures.unasked else 0:>10} {figures.night_total:>5} "
            f"{f'({figures.night_answers})':>6} {f'{worst} ({worst_day:%m-%d})' if worst_day else '-':>12}")
    total_days = sum(f.days.days for f in result.people)
    over = sum(f.days.over for f in result.people)
    lines.append("-" * len(header))
    lines.append(
        f"{'all':<6} {'':<16} {total_days:>4} {sum(sum(f.counts.values()) for f in result.people):>5} {'':>11} "
        f"{sum(f.answers for f in result.people):>4} {'':>6} {max(f.days.maximum for f in result.people):>4} "
        f"{over:>3} {(total_days - over) / max(total_days, 1):>4.0%} "
        f"{sum(f.unasked.over if f.unasked else 0 for f in result.people):>10} "
        f"{sum(f.night_total for f in result.people):>5} {f'({sum(f.night_answers for f in result.people)})':>6}")
    lines.append(f"(a channel post counts for each person it @-mentions; answ = within {ANSWER_WINDOW.seconds // 60} "
                 f"min after the person's own gesture; night = {NIGHT_FROM}:00-{NIGHT_UNTIL:02d}:00 their time, "
                 "a night named by its evening)")
    lines.append("")
    lines.append("messages a day -> days (per person, local days):")
    for figures in result.people:
        spread = " ".join(f"{count}:{days}" for count, days in figures.days.distribution.items())
        lines.append(f"  {_name(figures.person):<8} {spread}")
        if details:
            lines.append("           " + " ".join(f"{day:%m-%d}:{count}" for day, count in figures.counts.items()))
    lines.append("")
    lines.append("what each person got, by kind (the outbox key without ids and days), most first:")
    for figures in result.people:
        kinds = list(figures.by_kind.items())
        shown = ", ".join(f"{kind} {count}" for kind, count in (kinds if details else kinds[:8]))
        lines.append(f"  {_name(figures.person):<8} {shown}{' …' if len(kinds) > 8 and not details else ''}")
    lines.append("")
    lines.append("night messages (22:00-08:00 the recipient's time), by kind:")
    for figures in result.people:
        if not figures.night_total:
            continue
        kinds = Counter(kind_of(m) for found in figures.night.values() for m in found)
        top = ", ".join(f"{kind} {count}" for kind, count in kinds.most_common(6))
        first = min(m.at for found in figures.night.values() for m in found).astimezone(ZoneInfo(figures.person.tz))
        lines.append(f"  {_name(figures.person):<8} {figures.night_total}: {top}"
                     f"{' …' if len(kinds) > 6 else ''} (first {first:%m-%d %H:%M})")
        if details:
            for night in sorted(figures.night):
                for m in figures.night[night]:
                    local = m.at.astimezone(ZoneInfo(figures.person.tz))
                    lines.append(f"      {local:%m-%d %H:%M} {m.where:<9} {kind_of(m):<40} {_line(m.text)}")
    lines.append("")
    posts = result.channel_posts
    lines.append(f"channel posts per campaign day (Shanghai): total {sum(posts.values())}, "
                 f"median {statistics.median(posts.values()) if posts else 0:g}, max {max(posts.values(), default=0)}")
    days = sorted(posts)
    for row in range(0, len(days), 10):
        lines.append("  " + "  ".join(f"{day:%m-%d} {posts[day]:>2}" for day in days[row:row + 10]))
    lines.append("  by kind: " + ", ".join(f"{kind} {count}" for kind, count in result.channel_kinds.items()))
    lines.append("")
    lines.append(f"identical consecutive posts in one conversation: {len(result.repeated)}")
    grouped = Counter((_place(first), _line(first.text, 70)) for first, _ in result.repeated)
    for (place, text), count in grouped.most_common(None if details else 8):
        lines.append(f"  {count}× {place}: {text}")
    early = [flag for flag in result.flags if flag.early]
    lines.append("")
    lines.append(f'"not reported" flags: {len(result.flags)}, before the reporter\'s window closed (23:59 their '
                 f"time): {len(early)}")
    for how, count in sorted(Counter(flag.how for flag in early).items()):
        lines.append(f"  early {how}: {count}")
    for flag in early if details else early[:12]:
        zone = flag.closes.tzinfo
        lines.append(f"  {flag.how:<13} about {flag.reporter} on {flag.day:%m-%d}: sent "
                     f"{flag.sent.at.astimezone(zone):%m-%d %H:%M} their time, window closes "
                     f"{flag.closes:%m-%d %H:%M} ({_place(flag.sent)})")
    if not details and len(early) > 12:
        lines.append(f"  … {len(early) - 12} more (--details lists them)")
    if played is not None:
        lines.append("")
        lines.append("the script's team after the seed: " + ", ".join(f"{count} {what}" for what, count in
                                                                        sorted(played.done.items())))
        for miss in played.misses:
            lines.append(f"could not: {miss}")
        lines.append(f"run time: seed {played.seed_seconds:.0f} s + the rest {played.play_seconds:.0f} s = "
                     f"{played.seed_seconds + played.play_seconds:.0f} s")
    return "\n".join(lines)


def _name(person: SandboxPerson) -> str:
    return person.handle.split(".")[0].title()


def _place(message: Sent) -> str:
    person = next(iter(message.to), "?")
    if message.where == "dm":
        return f"DM {person}"
    if message.where == "ephemeral":
        return f"ephemeral to {person} in {message.channel}"
    return f"{message.channel} thread {message.thread}" if message.thread else f"{message.channel}"


def _line(text: str, width: int = 90) -> str:
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= width else first[:width - 1] + "…"


# --- running it --------------------------------------------------------------------------------------------------

REPORTER_SOURCES = {who.id: source for who, source, _, _ in demo.REPORTING}


def run(process: SandboxProcess, *, days: int = demo.LENGTH, after: int = AFTER_DAYS,
        progress: Callable[[str], None] = lambda line: None) -> tuple[Measurement, Played]:
    """The core: play the month on a started sandbox, then count what the bot sent."""
    gestures = Gestures.install(process)
    played = play_month(process, days=days, after=after, progress=progress)
    result = measure(read_record(process.store), begin=played.begin, end=played.end, people=PEOPLE,
                     reporter_sources=REPORTER_SOURCES, gestures=gestures.at)
    return result, played


@contextmanager
def database(url: str | None, workdir: Path) -> Iterator[Engine]:
    """A migrated, empty database: a fresh SQLite file by default; a SQLite URL as it is (it must hold no campaign);
    a PostgreSQL URL in a schema of its own, dropped after."""
    if url is None:
        with migrated_engine("sqlite", workdir) as engine:
            yield engine
        return
    url = normalise_database_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = make_engine(url)
        upgrade(engine)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    with migrated_engine("postgresql", workdir, base=url) as engine:
        yield engine


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file; PostgreSQL in a schema of its own")
    parser.add_argument("--days", type=int, default=demo.LENGTH,
                        help=f"play the campaign through this day ({demo.DAY}..{demo.LENGTH}; default the whole month)")
    parser.add_argument("--after", type=int, default=AFTER_DAYS,
                        help="days played after the last campaign day, when the whole month is played")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the seeded demo's day 10 (default: today in Shanghai)")
    parser.add_argument("--details", action="store_true", help="list every night message, repeat and early flag")
    parser.add_argument("--verbose", action="store_true", help="the bot's own log lines too")
    args = parser.parse_args(argv)
    if not demo.DAY <= args.days <= demo.LENGTH:
        parser.error(f"--days takes {demo.DAY}..{demo.LENGTH}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s %(message)s")
    today = args.today or datetime.now(ZONE).date()
    clock_start = datetime.combine(today, clock_time(16, 0), tzinfo=ZONE)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="demo-month-") as directory, \
            database(args.database_url, Path(directory)) as engine:
        settings = Settings(database_url=engine.url.render_as_string(hide_password=False),
                            default_timezone=ZONE.key)
        confine(settings)
        process = SandboxProcess(settings, sandbox_port=0, bot_port=0, state=Path(directory) / "sandbox.db",
                                 session_factory=make_session_factory(engine), clock_start=clock_start)
        process.start()
        try:
            if not demo.database_is_empty(process):
                print("demo_month: the database already holds campaigns; give an empty one", file=sys.stderr)
                return 2
            print(f"demo_month: {engine.dialect.name}, day 10 = {today}, playing through day {args.days}"
                  f"{f' and {args.after} days after' if args.days == demo.LENGTH else ''}…", file=sys.stderr,
                  flush=True)
            result, played = run(process, days=args.days, after=args.after,
                                 progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True))
        finally:
            process.stop_serving()
            process.finish()
    print(render(result, played, details=args.details))
    print(f"total wall time {time.monotonic() - started:.0f} s on {engine.dialect.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
