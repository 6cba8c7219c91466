"""Counted messages follow Babel's plural rules for the reader's language, never a "(s)"."""

from __future__ import annotations

from bot.i18n.plural import tn


def test_english_one_and_other_chinese_always_other() -> None:
    assert tn("signals.sources.reported", 1, "en", reported=1) == "1 of 1 source reported"
    assert tn("signals.sources.reported", 3, "en-US", reported=1) == "1 of 3 sources reported"
    assert tn("signals.sources.reported", 1, "zh-CN", reported=1) == "1 个渠道中已有 1 个上报"
    assert tn("signals.sources.reported", 3, "zh-CN", reported=0) == "3 个渠道中已有 0 个上报"
