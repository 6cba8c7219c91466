"""`/campaign budget` and the Budget lines button: what the modal shows, and saving the plan with a channel note."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from sqlmodel import Session

from bot.campaigns.service import campaigns as campaign_service
from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import Mrkdwn, join, mention, safe_text
from bot.kernel.flow import once_per_submission
from bot.kernel.forms import FormRejected
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.plan.rules.budget_lines import BudgetLine, check_budget_plan
from bot.plan.service import budget as budget_service
from bot.plan.service.budget import BudgetContext
from bot.review.blocks.lines import line_name

Answer = Callable[[], object]


def context_named(services: Services, *, reference: str, channel_id: str | None,
                  actor: policy.Actor) -> BudgetContext:
    """The plan of the campaign named (or the channel's), for someone who may plan it."""
    team_id = actor.team_id or ""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=team_id, reference=reference,
                                                     channel_id=channel_id, sub="budget")
        return budget_service.budget_context(session=session, campaign_id=campaign.pk, team_id=team_id,
                                             actor=actor)


def context_of(services: Services, *, campaign_id: int, actor: policy.Actor) -> BudgetContext:
    with services.unit_of_work() as session:
        return budget_service.budget_context(session=session, campaign_id=campaign_id, team_id=actor.team_id or "",
                                             actor=actor)


def save_plan(services: Services, *, campaign_id: int, texts: Mapping[BudgetLine, str], submission: str,
              actor: policy.Actor, locale: str, answer: Answer) -> None:
    """Check and save the planned amounts as typed (once per submission), with a note in the channel."""
    team_id = actor.team_id or ""

    def save(session: Session, now: datetime) -> list[str]:
        context = budget_service.budget_context(session=session, campaign_id=campaign_id, team_id=team_id,
                                                actor=actor)
        plan, errors = check_budget_plan(texts, budget=context.budget)
        if plan is None:
            raise FormRejected(errors)
        campaign = budget_service.set_budget_plan(session=session, campaign_id=campaign_id, team_id=team_id,
                                                  plan=plan, actor=actor, now=now)
        lines = join(", ", (safe_text("plan.budget.saved.line", locale, line=line_name(line, locale),
                                      amount=formatting.money(amount, locale)) for line, amount in plan.items()))
        note = outbox.one_off_key("budget_note")
        outbox.enqueue(session, key=note, kind="budget_note", channel=campaign.channel_id, now=now,
                       campaign_id=campaign.id,
                       text=safe_text("plan.budget.saved", locale, actor=mention(actor.user_id), name=campaign.name,
                                      lines=lines or Mrkdwn(t("plan.budget.saved.none", locale))))
        return [note]

    once_per_submission(services, submission=submission, answer=answer, work=save)
