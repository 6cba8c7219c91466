"""What the review says of the follow-through after the plan: which registered risks came true, and the team's
satisfaction."""

from __future__ import annotations

from bot.feedback.blocks.satisfaction import TITLE_SHOWN, Safe, satisfaction_text
from bot.kernel.blockkit.text import truncate
from bot.kernel.i18n import t
from bot.plan.blocks.emergency_plan import kind_label
from bot.review.rules.subject import ReviewPackage


def follow_through_sections(package: ReviewPackage, locale: str | None, *, safe: Safe
                            ) -> list[tuple[str, str, tuple[str, ...]]]:
    """(key, title, lines) of the review's "Risks" and "Satisfaction" sections."""
    risks = package.follow_through.risks
    lines = []
    for outcome in risks:
        title = safe(truncate(outcome.title, TITLE_SHOWN))
        if outcome.came_true and outcome.incident_kind:
            lines.append(t("review.risks.came_true", locale, title=title, count=outcome.incidents,
                           kind=kind_label(outcome.incident_kind, locale)))
        else:
            lines.append(t("review.risks.never", locale, title=title))
    return [
        ("risks", t("review.section.risks", locale), tuple(lines) or (t("review.risks.none", locale),)),
        ("satisfaction", t("review.section.satisfaction", locale),
         (satisfaction_text(package.follow_through.satisfaction, locale),)),
    ]
