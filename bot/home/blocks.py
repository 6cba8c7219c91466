"""The App Home tab: the person's open tasks (with Done), their campaigns with KPI progress, incidents to act
on, and the New campaign / Submit report buttons. Always within Slack's 100 blocks for a view."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View as SlackView

from bot.home.rules import HomeCampaign, HomeData, HomeIncident, HomeLimits
from bot.kernel import formatting
from bot.kernel.blockkit.text import PLAIN_TEXT_LIMIT, SECTION_TEXT_LIMIT, channel_link, escape, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from bot.pace.blocks.marks import pace_word
from bot.pace.blocks.target_lines import goal_lines
from bot.plan.blocks.emergency_plan import kind_label, severity_label
from bot.review.blocks.lines import mark, metric_name, pct, value
from bot.tasks.blocks.lines import status_label
from bot.tasks.rules.item import TaskItem
from bot.tasks.rules.tasks import is_overdue

VIEW_BLOCK_LIMIT = 100
# Fixed blocks: header, intro, buttons, and per part a divider, a title and a "…and N more" line.
LIMITS = HomeLimits(tasks=40, campaigns=20, incidents=20)
TITLE_SHOWN = 300
DESCRIPTION_SHOWN = 300


def home_view(data: HomeData, locale: str | None, now: datetime) -> SlackView:
    blocks: list[Block] = [
        HeaderBlock(text=truncate(t("home.title", locale), PLAIN_TEXT_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=t("home.intro", locale))]),
        ActionsBlock(block_id="home-actions", elements=[
            ButtonElement(text=t("home.button.new", locale), action_id=Action.HOME_NEW_CAMPAIGN, value="new",
                          style="primary"),
            ButtonElement(text=t("home.button.report", locale), action_id=Action.HOME_SUBMIT_REPORT, value="report"),
        ]),
    ]
    blocks += _part(t("home.tasks.title", locale, count=data.task_total),
                    [_task(item, locale, now) for item in data.tasks[:LIMITS.tasks]], data.task_total,
                    t("home.tasks.none", locale), locale)
    blocks += _part(t("home.campaigns.title", locale, count=data.campaign_total),
                    [_campaign(campaign, locale) for campaign in data.campaigns[:LIMITS.campaigns]],
                    data.campaign_total, t("home.campaigns.none", locale), locale)
    blocks += _part(t("home.incidents.title", locale, count=data.incident_total),
                    [_incident(incident, locale) for incident in data.incidents[:LIMITS.incidents]],
                    data.incident_total, t("home.incidents.none", locale), locale)
    assert len(blocks) <= VIEW_BLOCK_LIMIT
    return SlackView(type="home", callback_id="home", blocks=blocks)


def _part(title: str, items: list[SectionBlock], total: int, empty: str, locale: str | None) -> list[Block]:
    blocks: list[Block] = [DividerBlock(), SectionBlock(text=MarkdownTextObject(text=f"*{title}*"))]
    if not items:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=empty)]))
        return blocks
    blocks += items
    if total > len(items):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=t("home.more", locale, count=formatting.number(total - len(items), locale)))]))
    return blocks


def _section(text: str, button: ButtonElement | None, block_id: str) -> SectionBlock:
    return SectionBlock(block_id=block_id, text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)),
                        accessory=button)


def _task(item: TaskItem, locale: str | None, now: datetime) -> SectionBlock:
    title = f"*{truncate(escape(item.title), TITLE_SHOWN)}*"
    if is_overdue(item.status, item.due_at, now):
        title += f"  {t('tasks.overdue', locale)}"
    if not item.owner_id:  # on the campaign owner's Home until someone owns it
        title += f"  _{t('tasks.unassigned', locale)}_"
    text = "\n".join([title, t("tasks.line.due", locale, due=formatting.due(item.due_at, item.timezone, locale),
                                campaign=truncate(escape(item.campaign_name), PLAIN_TEXT_LIMIT),
                                status=status_label(item.status, locale))])
    done = ButtonElement(text=t("tasks.button.done", locale), action_id=Action.TASK_DONE, value=str(item.id),
                         style="primary")
    return _section(text, done, f"home-task-{item.id}")


def _campaign(campaign: HomeCampaign, locale: str | None) -> SectionBlock:
    head = t("home.campaign.line", locale, name=escape(campaign.name), status=t(f"campaigns.status.{campaign.status}",
                                                                                locale),
             dates=formatting.day_range(campaign.start, campaign.end, locale),
             channel=channel_link(campaign.channel_id))
    progress = [t("home.campaign.kpi.pace" if kpi.standing.of_pace is not None and not kpi.standing.final
                  else "home.campaign.kpi", locale, mark=mark(kpi.standing), metric=metric_name(kpi.metric, locale),
                  attained=pct(kpi.attained, locale), actual=value(kpi.metric, kpi.actual, locale),
                  target=value(kpi.metric, kpi.target, locale), pace=pct(kpi.standing.of_pace, locale),
                  status=pace_word(kpi.standing, locale, short=True))
                for kpi in campaign.progress] or ([] if campaign.goals else [t("home.campaign.no_kpis", locale)])
    progress += goal_lines(campaign.goals, locale)  # rates and lifts (bot.pace.blocks.target_lines)
    if campaign.readiness is not None:
        progress.append(t("readiness.checklist.ready", locale, done=campaign.readiness[0], total=campaign.readiness[1]))
    button = (ButtonElement(text=t("home.button.report_this", locale), action_id=Action.OPEN_REPORT,
                            value=str(campaign.id)) if campaign.may_report else None)
    return _section("\n".join([head, *progress]), button, f"home-campaign-{campaign.id}")


def _incident(incident: HomeIncident, locale: str | None) -> SectionBlock:
    text = t("home.incident.line", locale, id=incident.id, kind=kind_label(incident.kind, locale),
             severity=severity_label(incident.severity, locale), campaign=escape(incident.campaign_name),
             opened=formatting.moment(incident.created_at, incident.timezone, locale),
             status=t(f"home.incident.status.{incident.status}", locale),
             description=truncate(escape(" ".join(incident.description.split())), DESCRIPTION_SHOWN))
    if incident.status == "open":
        button = ButtonElement(text=t("incidents.button.acknowledge", locale), action_id=Action.INCIDENT_ACKNOWLEDGE,
                               value=str(incident.id), style="primary")
    else:
        button = ButtonElement(text=t("incidents.button.resolve", locale), action_id=Action.INCIDENT_RESOLVE,
                               value=str(incident.id))
    return _section(text, button, f"home-incident-{incident.id}")


def no_report_modal_text(locale: str | None) -> str:
    return t("home.report.none", locale)
