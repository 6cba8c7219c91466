"""Counted messages follow Babel's plural rules for the reader's language, never a "(s)": one key whose text holds
an ICU plural, chosen through the ordinary `t` (the catalogue's one plural mechanism)."""

from __future__ import annotations

from bot.kernel.i18n import t


def test_sources_reported_english_one_and_other_chinese_always_other() -> None:
    assert t("pace.signals.sources.reported", "en", count=1, reported=1) == "1 of 1 source reported"
    assert t("pace.signals.sources.reported", "en-US", count=3, reported=1) == "1 of 3 sources reported"
    assert t("pace.signals.sources.reported", "zh-CN", count=1, reported=1) == "1 个渠道中已有 1 个上报"
    assert t("pace.signals.sources.reported", "zh-CN", count=3, reported=0) == "3 个渠道中已有 0 个上报"
