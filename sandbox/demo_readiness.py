"""The demo's readiness and follow-through (played by the demo's people, through the bot like the rest): Maya adds
two milestones with owners from the card and ticks three items of the readiness list (准备清单); Sam marks his
milestone done on its day; Tom's passes unmarked, so the next morning it is missed and both are told."""

from __future__ import annotations

from datetime import date, timedelta

from bot.kernel.i18n import t
from sandbox.driver import DriverError, Person
from sandbox.workspace import SAM, SPRING_LAUNCH, TOM

MATERIALS_CONFIRMED = "物料确认"  # hit: Sam marks it done on its day
WARMUP_LIVE = "预热启动"  # missed: nobody marks it
HIT_ON_DAY = 2  # the campaign day (0 = the first) Sam's milestone falls on
READY_ITEMS = ("materials_checked", "registration_tested", "emergency_plan_confirmed")


def _expect(outcome_ok: bool, what: str) -> None:
    if not outcome_ok:
        raise DriverError(f"the demo could not {what}")


def add_milestones(maya: Person, start: date) -> None:
    for name, offset, owner in ((MATERIALS_CONFIRMED, HIT_ON_DAY, SAM.id), (WARMUP_LIVE, 5, TOM.id)):
        _expect(maya.press(SPRING_LAUNCH.id, t("readiness.milestone.button.add", maya.locale)).ok, "open Add milestone")
        _expect(maya.submit({t("readiness.milestone.field.name", maya.locale): name,
                             t("readiness.milestone.field.date", maya.locale): start + timedelta(days=offset),
                             t("readiness.milestone.field.owner", maya.locale): owner}).ok, f"add the milestone {name}")


def tick_checklist(maya: Person) -> None:
    _expect(maya.say(SPRING_LAUNCH.id, "/campaign checklist").ok, "show the checklist")
    for key in READY_ITEMS:
        _expect(maya.press(SPRING_LAUNCH.id, t("readiness.checklist.button.done", maya.locale),
                           near=t(f"readiness.checklist.item.{key}", maya.locale)).ok, f"tick {key}")


def hit_milestone(sam: Person) -> None:
    _expect(sam.press(SPRING_LAUNCH.id, t("readiness.milestone.button.done", sam.locale), near=MATERIALS_CONFIRMED).ok,
            "mark a milestone done")
