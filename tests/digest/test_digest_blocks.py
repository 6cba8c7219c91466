"""The morning digest's blocks: every held message in the words it was written in, within Slack's limits."""

from __future__ import annotations

from slack_sdk.models.blocks import SectionBlock

from bot.digest.blocks import SHOWN, TEXT_SHOWN, digest_blocks, digest_fallback


def _texts(blocks: list) -> list[str]:  # type: ignore[type-arg]
    return [block.text.text for block in blocks if isinstance(block, SectionBlock)]


def test_each_held_message_is_a_section_under_the_count() -> None:
    blocks = digest_blocks(["Task *A* is due today", "Incident #2 …"], "en")
    assert _texts(blocks) == ["Good morning. 2 messages waited out your night:", "Task *A* is due today",
                              "Incident #2 …"]
    assert digest_fallback(1, "en") == "Good morning. 1 message waited out your night:"


def test_a_long_night_stays_within_fifty_blocks_and_says_how_many_more() -> None:
    blocks = digest_blocks([f"message {n}" for n in range(60)], "zh-CN")
    assert len(blocks) <= 50 and len(_texts(blocks)) == SHOWN + 1
    assert blocks[-1].to_dict()["elements"][0]["text"] == "……另有 20 条"
    assert blocks[0].to_dict()["text"]["text"] == "早上好。为免夜间打扰，有 60 条消息等到了现在："


def test_a_long_message_is_cut_to_a_glance() -> None:
    [_, section] = digest_blocks(["x" * 5000], "en")
    assert len(section.text.text) <= TEXT_SHOWN
