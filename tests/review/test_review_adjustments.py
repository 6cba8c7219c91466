"""The review's Adjustments section, as the Slack message and the PDF both say it: each adjustment with its cause,
owner, date, budget moved and effect at the end (from the review's own KPI judgement), user text escaped in Slack
and as typed in the PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from bot.adjustments.rules import AdjustmentFact
from bot.kernel.blockkit.text import escape, mention
from bot.pace.rules.subjects import Subject
from bot.review.blocks.lines import review_sections
from bot.review.blocks.message import review_blocks
from bot.review.service.posting import render_files
from tests.review.test_review_rendering import AS_OF, package

FACT = AdjustmentFact(id=1, incident_id=3, cause="creative", happened="CTR fell", adjustment="New copy <!channel>",
                      owner_id="U_A", due=date(2026, 5, 8), recorded_on=date(2026, 5, 6),
                      subjects=(Subject("clicks"), Subject("exposure", "Douyin")), extra=Decimal("5000"),
                      line="materials")


def test_each_adjustment_is_listed_with_its_effect_at_the_end() -> None:
    reviewed = replace(package(), adjustments=(FACT,))
    standings = {kpi.metric: kpi.standing.status.value for kpi in reviewed.review.kpis}
    assert standings["clicks"] == "behind" and standings["exposure"] != "behind"  # 90% and 112.5% of target
    [section] = [s for s in review_sections(reviewed, "en", person=mention, safe=escape) if s.key == "adjustments"]
    assert section.title == "Adjustments"
    assert section.lines == (
        "May 6, 2026 · incident #3 · Creative or copy: New copy &lt;!channel&gt; — <@U_A>, due May 8, 2026; ¥5,000 "
        "moved to Materials (物料). Effect: Clicks still behind and Exposure on Douyin back on pace",)
    blocks = [block.to_dict() for block in review_blocks(reviewed, "zh-CN")]
    [text] = [b["text"]["text"] for b in blocks if b.get("block_id") == "review-adjustments"]
    assert text.startswith("*调整措施*") and "点击量：仍落后" in text and "曝光量 · Douyin：回到进度" in text


def test_the_pdf_path_names_people_and_keeps_text_as_typed() -> None:
    reviewed = replace(package(), adjustments=(FACT,))
    [section] = [s for s in review_sections(reviewed, "en", person=lambda user: f"Name of {user}", safe=lambda x: x)
                 if s.key == "adjustments"]
    assert "New copy <!channel> — Name of U_A" in section.lines[0]
    chart, pdf = render_files(reviewed, locale="en", now=AS_OF, name_of=lambda user: user)
    assert pdf.startswith(b"%PDF-") and chart


def test_without_adjustments_the_review_has_no_such_section() -> None:
    assert all(s.key != "adjustments" for s in review_sections(package(), "en", person=mention, safe=escape))
