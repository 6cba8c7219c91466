"""Chinese catalogue strings use full-width punctuation (，：（）！？；), as a Chinese team writes.

ASCII is right where it is not prose: placeholders, Slack mrkdwn (links, mentions, emoji codes, code spans),
numbers and times (12,000 · 21:00), and runs of Latin text (CSV, KPI, `/campaign new`)."""

from __future__ import annotations

import re

import pytest

from bot.kernel.i18n import catalogue

NOT_PROSE = re.compile(
    r"\{[^{}]*\}"  # placeholders
    r"|<[^<>]*>"  # links and mentions
    r"|:[a-z0-9_+-]+:"  # emoji codes
    r"|`[^`]*`"  # code spans
    r"|https?://\S+"
    r"|\d[\d,.:]*\d"  # 12,000 · 21:00 · 1.5
    r"|[A-Za-z][\w./-]*(?:[ ,:()!?]+[A-Za-z][\w./-]*)*"  # Latin runs, with their own punctuation
)
HALF_WIDTH = re.compile(r"[,:()!?;]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("key", "text"), sorted([*catalogue("zh_Hans").items(), *catalogue("zh_Hant").items()]))
def test_chinese_strings_use_full_width_punctuation(key: str, text: str) -> None:
    if not CHINESE.search(text):
        return  # e.g. a string that is only a placeholder or an emoji
    prose = NOT_PROSE.sub("", text)
    assert not HALF_WIDTH.search(prose), f"{key}: half-width punctuation in {text!r}; use ，：（）！？；"


def test_the_check_catches_half_width_punctuation() -> None:
    for text in ("提醒: 明天", "活动(预热期)", "完成!", "好吗?", "甲, 乙"):
        assert HALF_WIDTH.search(NOT_PROSE.sub("", text)), text
    for text in ("在 {channel} 里", "用 `/campaign new` 新建", "21:00 发送", "12,000 或 1.2万", "上传 CSV 文件"):
        assert not HALF_WIDTH.search(NOT_PROSE.sub("", text)), text
