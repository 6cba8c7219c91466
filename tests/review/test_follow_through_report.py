"""The review's PDF carries the risks and satisfaction sections the message has (one composition for both)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from bot.feedback.rules.satisfaction import Tally
from bot.plan.rules.risks import RiskOutcome
from bot.review.render import pdf as review_report
from bot.review.rules.follow_through import FollowThrough
from bot.review.service import posting as review_posting
from tests.review.test_review_rendering import package


def test_the_pdf_has_the_risks_and_satisfaction_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[Any] = []
    real = review_report.render_review_pdf

    def capture(document: Any, *args: Any, **kwargs: Any) -> bytes:
        drawn.append(document)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(review_report, "render_review_pdf", capture)  # imported by render_files when it draws
    base = package()
    follow = FollowThrough(risks=(RiskOutcome("Main screen fails", "equipment", 2),),
                           satisfaction=Tally(6, Decimal("4.2")))
    _, pdf = review_posting.render_files(type(base)(base.subject, base.review, follow), locale="en",
                                         now=datetime(2026, 5, 11, 2, tzinfo=UTC), name_of=lambda user: user)
    assert pdf.startswith(b"%PDF-")
    sections = {section.title: section.lines for section in drawn[0].sections}
    assert sections["Risks"] == ("⚠️ Came true: Main screen fails (2 incidents: Equipment / tech failure (设备故障))",)
    assert sections["Satisfaction"] == ("Satisfaction 4.2 / 5 from 6 answers",)
