"""Changing tasks from Slack: Done / Blocked / Open (a newly blocked task tells the campaign's owner) and adding a
milestone (with a note in the campaign's channel). Each change commits with its messages in the outbox, then
`answer()`, then what must reach Slack: the messages, the clicked task list, the campaign card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock
from sqlmodel import Session

from bot.campaigns.service import campaigns as campaign_service
from bot.card.service import refresh_card
from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, mention, truncate
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.tasks.blocks.lines import TaskItem, task_items
from bot.tasks.rules.tasks import TaskStatus
from bot.tasks.service import tasks as task_service
from bot.tasks.service.messages import TaskMessage, refresh_task_message
from storage.repositories import campaigns as repo

Answer = Callable[[], object]


def change_status(services: Services, *, task_id: int, to: TaskStatus, actor: policy.Actor, message: TaskMessage,
                  locale: str) -> None:
    """Done or Open: save, then show the new state in the clicked message."""
    with services.unit_of_work() as session:
        task_service.change_task_status(session=session, task_id=task_id, to=to, actor=actor,
                                        now=services.clock.now())
    refresh_task_message(services, message, user_id=actor.user_id, team_id=actor.team_id or "", locale=locale)


def blockable_item(services: Services, *, task_id: int, actor: policy.Actor) -> TaskItem:
    """The task the Blocked-reason modal is about, once `actor` may change it."""
    with services.unit_of_work() as session:
        task, campaign = task_service.changeable_task(session=session, task_id=task_id, actor=actor)
        return TaskItem.of(task, campaign)


def block_task(services: Services, *, task_id: int, reason: str, actor: policy.Actor, message: TaskMessage,
               locale: str, answer: Answer) -> None:
    now = services.clock.now()
    user_id = actor.user_id
    with services.unit_of_work() as session:
        # Locked first, so the status read here is the one the change starts from.
        before, campaign = task_service.changeable_task(session=session, task_id=task_id, actor=actor,
                                                        for_update=True)
        was_blocked = before.status == TaskStatus.BLOCKED
        task = task_service.change_task_status(session=session, task_id=task_id, to=TaskStatus.BLOCKED,
                                               actor=actor, now=now, reason=reason)
        item = TaskItem.of(task, campaign)
        notes = []
        if not was_blocked and campaign.owner_id != user_id:
            notes.append(_tell_campaign_owner(services, session, campaign.owner_id, item, user_id, reason, now))
    answer()
    outbox.deliver(services, notes)
    refresh_task_message(services, message, user_id=user_id, team_id=actor.team_id or "", locale=locale)


def _tell_campaign_owner(
    services: Services, session: Session, owner_id: str, item: TaskItem, actor_id: str, reason: str, now: datetime
) -> str:
    """The owner's DM about a newly blocked task, in the caller's transaction; returns its outbox key."""
    locale = services.locale_for(owner_id)
    text = truncate(t("tasks.blocked.dm", locale, actor=mention(actor_id), campaign=escape(item.campaign_name),
                      title=truncate(escape(item.title), 1000), reason=_quoted(reason)), SECTION_TEXT_LIMIT)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text)), *task_items([item], locale, now)]
    key = outbox.one_off_key(f"task:{item.id}:blocked")
    outbox.enqueue(session, key=key, kind="task_blocked_note", channel=owner_id, text=text, blocks=blocks, now=now)
    return key


def _quoted(text: str) -> str:
    """Escaped, every line kept inside the mrkdwn quote that the message template starts."""
    return escape(text).replace("\n", "\n>")


def milestone_campaign(services: Services, *, campaign_id: int, actor: policy.Actor) -> tuple[int, str]:
    """The campaign a milestone would be added to, once `actor` may: (its id, its channel)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        if not policy.can_manage_tasks(actor, campaign):
            raise NotAllowed("readiness.milestone.add.not_allowed", owner=UserRef(campaign.owner_id),
                             name=campaign.name)
        return campaign.pk, campaign.channel_id


def add_milestone(services: Services, *, campaign_id: int, name: str, on_date: date | None, actor: policy.Actor,
                  locale: str, answer: Answer, owner_id: str | None = None) -> None:
    with services.unit_of_work() as session:
        milestone, outcome = task_service.add_milestone(session=session, campaign_id=campaign_id, name=name,
                                                        on_date=on_date, actor=actor, now=services.clock.now(),
                                                        owner_id=owner_id)
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        assert campaign is not None
        notes: list[str] = []
        if outcome != "unchanged":
            note = t(f"readiness.milestone.{outcome}.note", locale, actor=mention(actor.user_id),
                     name=escape(milestone.name),
                     day=formatting.day(milestone.on_date, locale), campaign=escape(campaign.name))
            notes.append(outbox.one_off_key("milestone_note"))
            outbox.enqueue(session, key=notes[0], kind="milestone_note", channel=campaign.channel_id, text=note,
                           now=services.clock.now(), campaign_id=campaign.id)
    answer()
    outbox.deliver(services, notes)
    refresh_card(services, campaign_id, locale)
