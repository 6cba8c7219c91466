"""Slack mrkdwn on the sandbox page: formatting, links, mentions, dates, and escaping of everything typed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sandbox.render.mrkdwn import TextContext, format_slack_date, mrkdwn, plain

NAMES = {"U1": "Maya Chen", "U2": "王芳"}
CHANNELS = {"C1": "spring-launch"}
NOW = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)  # 16:00 in Shanghai, 04:00 in New York


def ctx(tz: str = "Asia/Shanghai") -> TextContext:
    return TextContext(user_name=NAMES.get, channel_name=CHANNELS.get, tz=tz, now=NOW)


def html(text: str, tz: str = "Asia/Shanghai") -> str:
    return str(mrkdwn(text, ctx(tz)))


@pytest.mark.parametrize(("source", "expected"), [
    ("*bold*", "<strong>bold</strong>"),
    ("_italic_", "<em>italic</em>"),
    ("~strike~", "<del>strike</del>"),
    ("`code`", "<code>code</code>"),
    ("*_both_*", "<strong><em>both</em></strong>"),
    ("a *b* c", "a <strong>b</strong> c"),
    ("*完成* 了", "<strong>完成</strong> 了"),
])
def test_inline_formatting(source: str, expected: str) -> None:
    assert expected in html(source)


@pytest.mark.parametrize("source", ["2*3*4", "snake_case_name", "a~b~c", "* not bold *", "*unclosed"])
def test_markers_inside_words_or_spaced_stay_literal(source: str) -> None:
    rendered = html(source)
    assert "<strong>" not in rendered and "<em>" not in rendered and "<del>" not in rendered


def test_code_keeps_its_content_unformatted_and_escaped() -> None:
    rendered = html("`*not bold* &lt;b&gt;`")
    assert "<code>*not bold* &lt;b&gt;</code>" in rendered


def test_code_block_spans_lines() -> None:
    rendered = html("before\n```line 1\n*line 2*```\nafter")
    assert '<pre class="code-block"><code>line 1\n*line 2*</code></pre>' in rendered
    assert rendered.index("before") < rendered.index("<pre") < rendered.index("after")


@pytest.mark.parametrize("marker", [">", "&gt;"])
def test_quotes_group_consecutive_lines(marker: str) -> None:
    rendered = html(f"{marker}first\n{marker} *second*\nnot quoted")
    assert "<blockquote>first<br><strong>second</strong></blockquote>" in rendered
    assert "not quoted" in rendered.split("</blockquote>")[1]


def test_bullets_and_numbers_become_lists() -> None:
    assert "<ul><li>one</li><li><em>two</em></li></ul>" in html("• one\n- _two_")
    assert "<ol><li>first</li><li>second</li></ol>" in html("1. first\n2) second")


def test_links_with_and_without_labels() -> None:
    link = '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the report</a>'
    assert link in html("<https://example.com/a?b=1&amp;c=2|the report>")
    assert ">https://example.com</a>" in html("<https://example.com>")
    assert 'href="mailto:maya@example.com"' in html("<mailto:maya@example.com|Maya>")


def test_unsafe_link_schemes_show_their_label_only() -> None:
    rendered = html("<javascript:alert(1)|click me>")
    assert "href" not in rendered and "click me" in rendered


def test_mentions_show_names() -> None:
    assert '@Maya Chen</span>' in html("<@U1>")
    assert "@王芳" in html("<@U2> 你好")
    assert "@U404" in html("<@U404>")  # unknown: the id, never nothing
    assert "#spring-launch" in html("<#C1>")
    assert "#launch-room" in html("<#C9|launch-room>")
    assert "@here" in html("<!here>") and "@channel" in html("<!channel|channel>")
    assert "@design-team" in html("<!subteam^S1|@design-team>")


def test_dates_in_the_readers_time_zone() -> None:
    moment = int(datetime(2026, 5, 12, 13, 0, tzinfo=UTC).timestamp())  # 21:00 Shanghai, 09:00 New York
    source = f"<!date^{moment}^{{date_short}} at {{time}}|May 12>"
    assert "May 12, 2026 at 9:00 PM" in html(source, "Asia/Shanghai")
    assert "May 12, 2026 at 9:00 AM" in html(source, "America/New_York")
    assert "today" in html(f"<!date^{moment}^{{date_pretty}}|x>")
    assert "May 12" in html("<!date^notanumber^{date}|May 12>")  # a broken date shows its fallback


def test_date_tokens() -> None:
    moment = datetime(2026, 5, 1, 1, 2, 3, tzinfo=UTC)
    text = format_slack_date(moment, "{date_num}|{date}|{date_long}|{time_secs}|{ago}", ctx("UTC"))
    assert text == "2026-05-01|May 1st, 2026|Friday, May 1st, 2026|1:02:03 AM|11 days ago"


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", '"><img src=x onerror=alert(1)>',
    "<img src=x onerror=alert(1)|label>", "\ue000\ue001 forged placeholders",
])
def test_nothing_typed_becomes_markup(hostile: str) -> None:
    rendered = html(hostile)
    assert "<script" not in rendered and "<img" not in rendered and "onerror=alert(1)>" not in rendered
    assert "\ue000" not in rendered


def test_escaped_entities_show_as_the_characters_people_typed() -> None:
    assert "&lt;script&gt;" in html("&lt;script&gt;")  # shown as <script>, not run
    assert "Tom &amp; Jerry" in html("Tom &amp; Jerry")


def test_emoji_codes() -> None:
    assert "⚠️ careful" in html(":warning: careful")
    assert ":not_an_emoji:" in html(":not_an_emoji:")
    assert str(plain(":tada: <b>")) == "🎉 &lt;b&gt;"
