"""Set-ups several test files share, built through signed requests like everything else: a campaign made through the
new-campaign modal (`new_campaign`), and one approved with its reporters, brought to its start or to a day of it
(`running`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import run_due
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import APPROVING_ADMIN, BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A reporting evening of the default campaign (May 2026): 18:00 on May 5 in Shanghai.
REPORTING_EVENING = datetime(2026, 5, 5, 18, 0, tzinfo=SHANGHAI)


def new_campaign(bot: BotHarness, *, user: str = "U_OWNER", approve: bool = False, approver: str = APPROVING_ADMIN,
                 reset_calls: bool = False, **values: Any) -> int:
    """A campaign made through the new-campaign modal, filled in as `payloads.campaign_values(**values)` (name,
    dates, phases, owner, channel, budget, time zone, KPIs, approvers, language…) and submitted by `user`; the modal
    must close (an empty ack). With `approve`, signed off by `approver` (by default a workspace admin); with
    `reset_calls`, the stand-in's calls then forgotten. Returns the new campaign's id."""
    response = bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(**values), user=user)
    assert response.status_code == 200 and response.text == "", response.text
    with bot.session() as session:
        campaign_id = session.scalars(select(Campaign.id).order_by(Campaign.id.desc())).first()
    assert campaign_id is not None
    if approve:
        bot.approve(str(campaign_id), user=approver)
    if reset_calls:
        bot.standin.reset_calls()
    return campaign_id


def running(bot: BotHarness, *, reporters: Mapping[str, Mapping[str, Any]] | Sequence[str] = (), sources: str = "",
            user: str = "U_OWNER", started: bool = False, now: datetime | None = REPORTING_EVENING,
            reset_calls: bool = True, **values: Any) -> int:
    """An approved campaign (`new_campaign(bot, user=user, approve=True, **values)`) that reports come in for, in
    this order:
    - `reporters` named in its reporting set-up, reporting from `sources`, submitted by `user` (skipped when there
      are none): a mapping adds each reporter to the stand-in first (user id → its user fields), a list names people
      the test has added itself;
    - `started`: the scheduler run at midnight of its first day in its time zone, the clock set there, which starts
      it;
    - the clock set to `now` (by default 18:00 on May 5, 2026 in Shanghai; None leaves it);
    - the stand-in's calls forgotten, unless `reset_calls` is False.
    Returns the campaign's id."""
    campaign_id = new_campaign(bot, user=user, approve=True, **values)
    if reporters:
        if isinstance(reporters, Mapping):
            for user_id, fields in reporters.items():
                bot.standin.add_user(user_id, **fields)
        response = bot.submit(View.REPORTING_SETUP,
                              payloads.reporting_values(reporters=list(reporters), sources=sources), user=user,
                              private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
        assert response.text == "", response.text
    if started:
        with bot.session() as session:
            campaign = session.get(Campaign, campaign_id)
            assert campaign is not None
            first_midnight = datetime.combine(campaign.start_date, time(), ZoneInfo(campaign.timezone))
        bot.clock.set(first_midnight)
        run_due(bot.services, first_midnight)
    if now is not None:
        bot.clock.set(now)
    if reset_calls:
        bot.standin.reset_calls()
    return campaign_id
