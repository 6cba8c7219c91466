"""Read as people write, the review: a quoted remark shows its words, not the markup typed around them,
and its PDF drops the emoji no bundled font can draw instead of printing "?"."""

from __future__ import annotations

from bot.review.render.content import DocumentSection, ReviewDocument
from bot.review.render.pdf import paginate
from bot.review.rules.comments import plain_quote
from bot.summary.render.pace import ChartFonts
from tests.review.test_review import _report, _run_review, _section, ended  # noqa: F401  (the fixture)
from tests.support.harness import BotHarness

TYPED = "*发货* 太慢了 :rage: <https://t.cn/x|看截图> ~真的~"


def test_a_quote_in_the_review_strips_the_markup_typed_into_feedback(ended: BotHarness) -> None:  # noqa: F811
    _report(ended, 4, "WeChat", feedback=TYPED, feedback_type="complaint")
    review = _run_review(ended)
    feedback = _section(review, "feedback")
    assert "Complaint (投诉): “发货 太慢了 看截图 真的” — WeChat, May 4, 2026" in feedback
    assert "*发货*" not in feedback and ":rage:" not in feedback and "t.cn" not in feedback


def test_plain_quote_keeps_what_is_not_markup() -> None:
    assert plain_quote("snake_case_name costs 2*3*4") == "snake_case_name costs 2*3*4"
    assert plain_quote("发货太慢 <!channel>") == "发货太慢 <!channel>"  # escaped where shown, never a ping


def test_the_pdf_drops_emoji_its_fonts_cannot_draw() -> None:
    fonts = ChartFonts.latin_only()
    document = ReviewDocument(title="Review", subtitle="", footer="", sections=[
        DocumentSection("Feedback", ["Complaint: “too slow 👍🏽 really” — WeChat"]),
    ])
    lines = [line for page in paginate(document, fonts) for run in page for line in run.lines]
    assert "Complaint: “too slow really” — WeChat" in lines
    assert not any("?" in line for line in lines)
