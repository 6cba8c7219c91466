"""Each message's `lang`, so a browser draws Chinese in Chinese forms; and the CJK faces the page serves."""

from __future__ import annotations

import pytest

from sandbox.render.lang import blocks_text, locale_lang, text_lang
from sandbox.server import cjk_face, cjk_font_path


@pytest.mark.parametrize(("locale", "lang"), [
    ("zh-CN", "zh-Hans"), ("zh_SG", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"),
    ("zh-Hant-TW", "zh-Hant"), ("en-US", "en"), (None, "en"),
])
def test_a_locale_names_its_script(locale: str | None, lang: str) -> None:
    assert locale_lang(locale) == lang


@pytest.mark.parametrize(("text", "lang"), [
    ("✅ 已保存 *春季新品上市* 2026年5月3日 的日报（渠道：微信 WeChat）。", "zh-Hans"),
    ("這個活動的報告已經提交", "zh-Hant"),
    # English sentences that name a Chinese campaign or task stay English.
    ("⏰ *抖音信息流投放* (春季新品上市) is due in 3 day(s), May 11, 2026.", "en"),
    ("Campaign 春季新品上市: Approved", "en"),
    ("Public-opinion crisis (舆情危机) → <@U03WANG>", "en"),
    ("Tasks", "en"),
    ("", "en"),
])
def test_a_text_is_judged_by_its_characters(text: str, lang: str) -> None:
    assert text_lang(text) == lang


def test_a_chinese_speakers_region_decides_the_script_of_what_they_write() -> None:
    assert text_lang("活动报告已提交", hint="zh-TW") == "zh-Hant"
    assert text_lang("活动报告已提交", hint="en-US") == "zh-Hans"


def test_blocks_show_their_texts_not_their_ids() -> None:
    blocks = [{"type": "header", "block_id": "英文", "text": {"type": "plain_text", "text": "日报"}},
              {"type": "actions", "elements": [{"type": "button", "action_id": "x", "value": "值",
                                                "text": {"type": "plain_text", "text": "提交"}}]}]
    assert blocks_text(blocks).split("\n") == ["日报", "提交"]


@pytest.mark.skipif(cjk_font_path() is None, reason="no CJK font installed (pip install noto-cjk-sans-otc)")
@pytest.mark.parametrize("region", ["SC", "TC"])
def test_the_page_gets_one_chinese_face_not_the_collection(region: str) -> None:
    from io import BytesIO

    from fontTools.ttLib import TTFont

    face = cjk_face(region)
    assert face is not None and not face.startswith(b"ttcf")
    assert TTFont(BytesIO(face))["name"].getDebugName(1) == f"Noto Sans CJK {region}"
