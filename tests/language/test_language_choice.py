import pytest

from bot.kernel.errors import InvalidInput
from bot.language.flows import locale_of_language, parse_choice


@pytest.mark.parametrize(("typed", "language"), [
    ("zh-Hant", "zh_Hant"), ("zh-hant", "zh_Hant"), ("zh_TW", "zh_Hant"), ("zh-HK", "zh_Hant"),
    ("zh-Hans", "zh_Hans"), ("zh-CN", "zh_Hans"), ("zh", "zh_Hans"), ("en", "en"), ("EN-gb", "en"),
    ("auto", None), (" AUTO ", None),
])
def test_a_choice_is_read_in_any_common_spelling(typed: str, language: str | None) -> None:
    assert parse_choice(typed) == language


@pytest.mark.parametrize("typed", ["fr", "klingon", "", "zh-Latn-xx-yy-zz-1"])
def test_other_languages_are_refused_with_the_choices(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_choice(typed)
    assert refused.value.key == "language.unknown" and "zh-Hant" in refused.value.params["choices"]


def test_a_traditional_choice_reads_with_taiwan_wording() -> None:
    assert locale_of_language("zh_Hant") == "zh-TW"
    assert locale_of_language("zh_Hans") == "zh-CN"
    assert locale_of_language(None) is None
