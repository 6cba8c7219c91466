"""Say the review (复盘) in the campaign channel, exactly once per key: the message with its buttons, the chart
(PNG) and the report (PDF), as three outbox rows written in the caller's transaction.

matplotlib is imported where the files are drawn (`render_files`), not with this module: the review is posted from
a listener too, and the serving process loads no drawing library until it draws."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import escape
from bot.kernel.i18n import DEFAULT_LANGUAGE, t
from bot.kernel.slack import outbox
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.emergency_plan import EmergencyPlan
from bot.review.blocks.lines import metric_name, review_sections, subtitle
from bot.review.blocks.message import review_blocks, review_fallback
from bot.review.render.content import WRAP_COLUMNS, DocumentSection, Formats, ReviewChartLabels, ReviewDocument, wrap
from bot.review.rules import ReviewPackage
from bot.summary.render.labels import Label
from storage.models import Campaign, OutboxMessage
from storage.repositories import delivery as outbox_repository
from storage.repositories import reports as report_repository
from storage.repositories import review as review_repository
from storage.repositories import signoff as signoff_repository
from storage.repositories import tasks as task_repository

log = logging.getLogger(__name__)

NameOf = Callable[[str], str]
_UNSAFE_FILENAME = re.compile(r"[^\w\-]+")
PDF_SECTION_ROWS = 24  # printed rows per section in the PDF
# Asked again within this long, the review is not posted again: the asker gets a link to the one just posted.
REPEAT_WINDOW = timedelta(minutes=10)


def people_of(session: Session, campaign: Campaign) -> frozenset[str]:
    """Who may post the review in the channel (bot.kernel.policy.campaign_people): owner, approvers, task owners,
    reporters, and the emergency plan's responders and sponsor."""
    campaign_id = campaign.pk
    plan = EmergencyPlan.load(campaign.emergency_plan)
    return policy.campaign_people(
        owner_id=campaign.owner_id,
        approver_ids=signoff_repository.approvers(session=session, campaign_id=campaign_id),
        task_owner_ids={task.owner_id for task in task_repository.tasks_of_campaign(session=session,
                                                                                     campaign_id=campaign_id)
                        if task.owner_id},
        reporter_ids={reporter.user_id for reporter in report_repository.reporters(session=session,
                                                                                   campaign_id=campaign_id)},
        responder_ids={*plan.responders.values(), *([plan.sponsor_id] if plan.sponsor_id else [])},
    )


def recent_review(session: Session, campaign_id: int, now: datetime) -> OutboxMessage | None:
    """The review message posted (or about to be) within REPEAT_WINDOW, if any."""
    return outbox_repository.latest_of_kind(session=session, campaign_id=campaign_id, kind="review",
                                            since=now - REPEAT_WINDOW)


def posted_meanwhile(session: Session, campaign_id: int, now: datetime) -> bool:
    """In the transaction that would post an asked-for review: whether another request posted one since it was
    checked. The campaign's row is held until the caller commits, so of simultaneous requests one posts."""
    review_repository.hold_campaign(session=session, campaign_id=campaign_id)
    return recent_review(session, campaign_id, now) is not None


def link_to(message: OutboxMessage) -> str:
    """Slack's address of the posted message (https://slack.com/archives/<channel>/p<ts without the dot>); the
    channel's while it is still on its way."""
    base = f"https://slack.com/archives/{message.channel}"
    return f"{base}/p{message.message_ts.replace('.', '')}" if message.message_ts else base


def enqueue_review(session: Session, package: ReviewPackage, *, key: str, locale: str | None, now: datetime,
                   name_of: NameOf) -> int:
    """The message, the chart and the PDF under `key`, `key:chart`, `key:pdf`; how many rows were new."""
    subject = package.subject
    channel, campaign_id = subject.channel_id, subject.campaign_id
    added = int(outbox.enqueue(session, key=key, kind="review", channel=channel, now=now, campaign_id=campaign_id,
                               text=review_fallback(package, locale), blocks=review_blocks(package, locale)))
    stem = f"review-{file_stem(subject.name, campaign_id)}-{package.review.through.isoformat()}"
    chart, document = render_files(package, locale=locale, now=now, name_of=name_of)
    name = escape(subject.name)
    added += int(outbox.enqueue(session, key=f"{key}:chart", kind="review_chart", channel=channel, now=now,
                                campaign_id=campaign_id, text=t("review.chart.comment", locale, name=name),
                                attachment=chart, attachment_name=f"{stem}.png"))
    added += int(outbox.enqueue(session, key=f"{key}:pdf", kind="review_pdf", channel=channel, now=now,
                                campaign_id=campaign_id, text=t("review.pdf.comment", locale, name=name),
                                attachment=document, attachment_name=f"{stem}.pdf"))
    return added


def render_files(package: ReviewPackage, *, locale: str | None, now: datetime, name_of: NameOf
                 ) -> tuple[bytes, bytes]:
    """(chart PNG, report PDF), both in `locale`."""
    from bot.review.render.chart import render_review_chart  # matplotlib: loaded when a review is first drawn
    from bot.review.render.pdf import render_review_pdf

    labels = chart_labels(package, locale)
    formats = number_formats(locale)
    chart = render_review_chart(package.review, labels, formats, locale=locale)
    sections = review_sections(package, locale, person=name_of, safe=lambda text: text)
    document = ReviewDocument(
        title=t("review.title", locale, name=package.subject.name), subtitle=subtitle(package, locale),
        sections=[DocumentSection(section.title, _capped(section.lines, locale)) for section in sections],
        footer=t("review.pdf.footer", locale, name=package.subject.name,
                 moment=formatting.moment(now, package.subject.timezone, locale)),
        created=now, keywords=("复盘", "review"),
    )
    return chart, render_review_pdf(document, package.review, labels, formats, locale=locale)


def _capped(lines: tuple[str, ...], locale: str | None) -> tuple[str, ...]:
    """As many of a section's lines as fill PDF_SECTION_ROWS printed rows, then "…and N more": a long overdue list
    would be pages nobody reads (and seconds to draw); the workbook has every row."""
    shown: list[str] = []
    rows = 0
    for index, line in enumerate(lines):
        rows += len(wrap(line, WRAP_COLUMNS))
        if rows > PDF_SECTION_ROWS - (1 if index < len(lines) - 1 else 0):
            return (*shown, t("review.pdf.more", locale, count=len(lines) - len(shown)))
        shown.append(line)
    return lines


def chart_labels(package: ReviewPackage, locale: str | None) -> ReviewChartLabels:
    def label(key: str, **params: object) -> Label:
        return Label(t(key, locale, **params), t(key, DEFAULT_LANGUAGE, **params))

    def named(text: str, english: str) -> Label:
        return Label(text, english)

    return ReviewChartLabels(
        title=label("review.chart.title", name=package.subject.name),
        kpis_title=label("review.chart.kpis"), budget_title=label("review.chart.budget"),
        sources_title={"sales": label("review.chart.sources.sales"),
                       "conversions": label("review.chart.sources.conversions")},
        planned=label("review.chart.planned"), actual=label("review.chart.actual"),
        over_plan=label("review.chart.over_plan"),
        target=label("review.chart.target"), no_kpis=label("review.kpis.none"),
        no_spend=label("review.chart.no_spend"), no_sources=label("review.sources.none"),
        other=label("review.chart.other"),
        kpi_names={kpi.metric: named(metric_name(kpi.metric, locale), metric_name(kpi.metric, DEFAULT_LANGUAGE))
                   for kpi in package.review.kpis},
        line_names={line: label(f"plan.budget.line.{line.value}") for line in BudgetLine},
    )


def number_formats(locale: str | None) -> Formats:
    return Formats(percent=lambda ratio: formatting.percent(ratio, locale),
                   money=lambda amount: formatting.money(Decimal(amount), locale, whole=True))


def file_stem(name: str, campaign_id: int) -> str:
    return _UNSAFE_FILENAME.sub("-", name).strip("-") or f"campaign-{campaign_id}"
