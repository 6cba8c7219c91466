import pytest

from bot.kernel.blockkit.text import ELLIPSIS, channel_link, escape, mention, truncate


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<!here> now", "&lt;!here&gt; now"),
        ("<@U1>", "&lt;@U1&gt;"),
        ("<#C1|general>", "&lt;#C1|general&gt;"),
        ("R&D", "R&amp;D"),
        ("&amp;", "&amp;amp;"),  # already-escaped-looking text is kept as typed
        ("双11 *bold* _x_", "双11 *bold* _x_"),
        ("", ""),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_escaped_text_cannot_ping_anyone() -> None:
    assert "<" not in escape("<!channel> <@U1> <!subteam^S1>")
    assert ">" not in escape("<!channel> <@U1> <!subteam^S1>")


def test_short_text_is_kept() -> None:
    assert truncate("hello", 5) == "hello"
    assert truncate("", 3) == ""


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert truncate("hello world", 8) == "hello w" + ELLIPSIS
    assert len(truncate("hello world", 8)) == 8


@pytest.mark.parametrize("limit", range(1, 40))
def test_never_exceeds_the_limit(limit: int) -> None:
    for text in ("a" * 50, escape("<!channel> & <@U1> & friends") * 3, "双十一" * 20):
        result = truncate(text, limit)
        assert len(result) <= limit
        assert result.endswith(ELLIPSIS)


def test_limit_zero_gives_empty_text() -> None:
    assert truncate("hello", 0) == ""


@pytest.mark.parametrize("limit", range(1, 60))
def test_never_cuts_an_escape_in_half(limit: int) -> None:
    text = escape("R&D <team> & Q&A <@U1>")  # R&amp;D &lt;team&gt; &amp; Q&amp;A &lt;@U1&gt;
    result = truncate(text, limit)
    kept = result.removesuffix(ELLIPSIS)
    assert text.startswith(kept)
    # Every & that is kept starts a complete escape.
    for position, char in enumerate(kept):
        if char == "&":
            assert kept[position:].startswith(("&amp;", "&lt;", "&gt;")), (limit, result)


def test_cut_escape_is_dropped_entirely() -> None:
    assert truncate("ab&amp;cdef", 6) == "ab" + ELLIPSIS
    assert truncate("ab&amp;cdef", 8) == "ab&amp;" + ELLIPSIS


def test_a_raw_ampersand_far_back_does_not_swallow_the_text_after_it() -> None:
    # Plain-text fields (headers, fallback text) are not escaped; "Q&A ..." must not shrink to "Q…".
    result = truncate("Q&A session about the spring campaign plans", 20)
    assert result == "Q&A session about t" + ELLIPSIS


def test_mention_and_channel_link() -> None:
    assert mention("U123") == "<@U123>"
    assert channel_link("C123") == "<#C123>"
