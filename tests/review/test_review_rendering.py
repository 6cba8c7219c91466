"""The review's message, chart and PDF: within Slack's limits however big the campaign, user text escaped in the
message, drawn in Chinese when a CJK font exists and in English labels when not, never as missing-glyph boxes."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.kernel.blockkit.text import MESSAGE_BLOCK_LIMIT, SECTION_TEXT_LIMIT
from bot.plan.rules.budget_lines import BudgetLine
from bot.reports.rules.figures import DailyRow, Feedback, FeedbackKind, Figures
from bot.review.blocks.message import budget_modal, closed_message, lessons_modal, review_blocks
from bot.review.render.chart import render_review_chart
from bot.review.render.content import wrap
from bot.review.render.pdf import render_review_pdf
from bot.review.rules import LessonFact, ReviewInput, ReviewPackage, ReviewSubject, TaskFact, build_review
from bot.review.service.posting import chart_labels, number_formats, render_files
from bot.summary.render.pace import ChartFonts
from tests.review.test_review_rules import AS_OF, BUDGET_PLAN, FEEDBACK, INCIDENTS, LESSONS, PLAN, ROWS, TASKS, at
from tests.summary.test_chart import fresh_warnings  # noqa: F401 (autouse: no missing glyphs, fresh log-once)

PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF-"
D = __import__("decimal").Decimal
CJK_AVAILABLE = ChartFonts.detect("zh-CN").has_cjk


def subject(name: str = "Spring Sale", status: str = "evaluating") -> ReviewSubject:
    return ReviewSubject(1, name, "Blossom deals", "sales", status, date(2026, 5, 1), date(2026, 5, 10),
                         "Asia/Shanghai", "U_OWNER", "C1", ("U_A", "U_B"), ("U_R",))


def package(**changes: object) -> ReviewPackage:
    data = ReviewInput(plan=PLAN, rows=ROWS, through=date(2026, 5, 10), as_of=AS_OF, feedback=FEEDBACK,
                       budget_plan=BUDGET_PLAN, tasks=TASKS, incidents=INCIDENTS, lessons=LESSONS, final=True)
    return ReviewPackage(subject(), build_review(replace(data, **changes)))  # type: ignore[arg-type]


def huge() -> ReviewPackage:
    """Far more than fits: 300 overdue tasks with long titles, 20 sources, 40 people's long lessons."""
    long = "很长的任务名称 <!channel> " * 40
    tasks = [TaskFact(f"{long} {n}", f"U{n}", "open", at(2)) for n in range(300)]
    rows = [DailyRow(date(2026, 5, 1), f"渠道 <b>{n}</b> " + "x" * 60, Figures(sales=D(n + 1), spend=D(1)))
            for n in range(20)]
    feedback = [Feedback(date(2026, 5, 1), "All", kind, "投诉 " * 200 + str(n), seq=n)
                for n in range(10) for kind in FeedbackKind]
    lessons = [LessonFact(f"U{n}", worked="做得好 " * 700, fell_short="不足 " * 700, next_time="下次 " * 700)
               for n in range(40)]
    return package(tasks=tasks, rows=rows, feedback=feedback, lessons=lessons)


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_the_message_stays_within_slack_limits_however_big(locale: str) -> None:
    blocks = [block.to_dict() for block in review_blocks(huge(), locale)]  # to_dict validates Slack's limits
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    texts = [block["text"]["text"] for block in blocks if block["type"] == "section"]
    assert all(len(text) <= SECTION_TEXT_LIMIT for text in texts)
    tasks = next(text for text in texts if "直播" in text or "很长的任务名称" in text)
    assert re.search(r"(…and \d+ more|另有 \d+ 条)", tasks)
    everything = "\n".join(texts)
    assert "<!channel>" not in everything and "<b>" not in everything
    assert "&lt;!channel&gt;" in everything and "&lt;b&gt;" in everything


def test_closed_message_replaces_only_the_buttons() -> None:
    blocks = [block.to_dict() for block in review_blocks(package(), "en")]
    rebuilt = [block.to_dict() for block in closed_message(blocks, 1, actor_id="U_OWNER", locale="en") or []]
    assert len(rebuilt) == len(blocks) and rebuilt[:-1] == blocks[:-1]
    assert rebuilt[-1] == {"type": "context", "block_id": "review-actions-1",
                           "elements": [{"type": "mrkdwn", "text": "✅ Closed by <@U_OWNER>."}]}
    assert closed_message(blocks, 2, actor_id="U_OWNER", locale="en") is None  # not this campaign's review


def test_the_modals_validate() -> None:
    modal = budget_modal(name="Spring <!here>", budget=D(100000), reserve=D(10000), planned={}, metadata="{}",
                         locale="en").to_dict()
    initial = [b["element"].get("initial_value") for b in modal["blocks"] if b["type"] == "input"]
    assert initial == [None, None, None, None, "10000"]  # the reserve is the contingency line's default
    assert "&lt;!here&gt;" in modal["blocks"][0]["elements"][0]["text"]
    planned = budget_modal(name="x", budget=D(100000), reserve=D(10000), planned={BudgetLine.VENUE: D("2500.50")},
                           metadata="{}", locale="zh-CN").to_dict()
    assert [b["element"].get("initial_value") for b in planned["blocks"] if b["type"] == "input"] == [
        None, None, None, "2500.5", None]
    lessons = lessons_modal(name="x", initial={"worked": "a"}, metadata="{}", locale="en").to_dict()
    assert [b["label"]["text"] for b in lessons["blocks"] if b["type"] == "input"] == [
        "What worked", "What fell short", "Next time"]


def test_the_chart_is_a_png_in_english_without_any_fallback(caplog: pytest.LogCaptureFixture) -> None:
    item = package()
    with caplog.at_level(logging.WARNING, logger="bot.summary.render.pace"):
        png = render_review_chart(item.review, chart_labels(item, "en"), number_formats("en"), locale="en")
    assert png.startswith(PNG) and len(png) > 10_000
    assert caplog.records == []


@pytest.mark.skipif(not CJK_AVAILABLE, reason="no CJK font installed (pip install noto-cjk-sans-otc)")
def test_chinese_chart_and_pdf_embed_the_cjk_font(caplog: pytest.LogCaptureFixture) -> None:
    item = replace(package(), subject=subject("春季促销"))
    with caplog.at_level(logging.WARNING, logger="bot.summary.render.pace"):
        png, pdf = render_files(item, locale="zh-CN", now=AS_OF, name_of=lambda user: {"U_A": "王芳"}.get(user, user))
    assert caplog.records == []  # every Chinese label was drawn as itself
    assert png.startswith(PNG)
    assert pdf.startswith(PDF) and pdf.rstrip().endswith(b"%%EOF")
    assert b"NotoSansCJK" in pdf  # the subset is embedded, so it opens the same everywhere
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 3  # the chart page and two pages of text
    assert b"/Title (\xfe\xff" + "活动".encode("utf-16-be") in pdf  # the document's title, in UTF-16


def test_without_a_cjk_font_the_files_use_english_labels_and_no_boxes(caplog: pytest.LogCaptureFixture) -> None:
    item = package()
    fonts = ChartFonts.latin_only()
    labels = chart_labels(item, "zh-CN")
    with caplog.at_level(logging.WARNING, logger="bot.summary.render.pace"):
        png = render_review_chart(item.review, labels, number_formats("zh-CN"), fonts=fonts)
    assert png.startswith(PNG)
    assert fonts.text(labels.kpis_title) == "KPI attainment (% of target)"
    assert any("fallback" in record.getMessage() for record in caplog.records)


def test_the_pdf_of_a_huge_review_paginates(caplog: pytest.LogCaptureFixture) -> None:
    from bot.review.render.content import DocumentSection, ReviewDocument

    item = huge()
    sections = [DocumentSection(f"Section {n}", [f"line {n}.{m} " + "word " * 40 for m in range(30)])
                for n in range(6)]
    document = ReviewDocument(title="Review", subtitle="so far", sections=sections, footer="x", created=AS_OF)
    pdf = render_review_pdf(document, item.review, chart_labels(item, "en"), number_formats("en"), locale="en")
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    assert pages >= 1 + 6 * 30 * 3 // 60  # 540 wrapped lines at about 60 a page, after the chart page


def test_wrap_breaks_latin_at_spaces_and_cjk_anywhere() -> None:
    assert wrap("one two three four", 9) == ["one two", "  three", "  four"]
    assert wrap("活动复盘渠道贡献", 6) == ["活动复", "  盘渠", "  道贡", "  献"]
    assert wrap("", 10) == [""]
    assert all(len(line) <= 40 for line in wrap("x" * 200, 40))


def test_an_empty_review_still_draws(caplog: pytest.LogCaptureFixture) -> None:
    item = package(rows=[], feedback=[], tasks=[], incidents=[], lessons=[], budget_plan={})
    png = render_review_chart(item.review, chart_labels(item, "en"), number_formats("en"), locale="en")
    assert png.startswith(PNG)
    text = "\n".join(block.to_dict().get("text", {}).get("text", "") for block in review_blocks(item, "en"))
    assert "No tasks were imported." in text and "No incidents." in text and "No figures reported yet." in text
    assert "No budget lines planned yet" in text


def test_mtta_of_a_day_and_more_reads_in_days() -> None:
    slow = [replace(INCIDENTS[0], acknowledged_at=INCIDENTS[0].opened_at + timedelta(days=1, hours=3))]
    text = "\n".join(block.to_dict().get("text", {}).get("text", "") for block in
                     review_blocks(package(incidents=slow), "en"))
    assert "MTTA (time to acknowledge) 1 day 3 hr" in text


def test_the_pdf_shows_a_long_section_in_part_and_says_how_much_is_left() -> None:
    from bot.review.service.posting import PDF_SECTION_ROWS, _capped

    lines = tuple(f"• task {n} — someone, due May {n % 30 + 1}" for n in range(200))
    capped = _capped(lines, "en")
    assert len(capped) == PDF_SECTION_ROWS
    assert capped[-1] == f"…and {200 - PDF_SECTION_ROWS + 1} more: the workbook (`/campaign export`) has every one"
    assert _capped(lines[:5], "en") == lines[:5]
    wide = tuple("很长的一行" * 28 for _ in range(20))  # 280 columns: three printed rows each
    assert len(_capped(wide, "zh-CN")) == PDF_SECTION_ROWS // 3  # seven lines of three rows, and the note
