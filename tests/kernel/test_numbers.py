from decimal import Decimal

import pytest

from bot.kernel.numbers import NotANumber, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12000", "12000"),
        ("12,000", "12000"),
        ("1,234,567.89", "1234567.89"),
        ("1.2万", "12000"),
        ("0.1万", "1000"),
        ("1.2345万", "12345"),
        ("3.5k", "3500"),
        ("3.5K", "3500"),
        ("2亿", "200000000"),
        ("1.5w", "15000"),
        ("2m", "2000000"),
        ("3千", "3000"),
        ("1百万", "1000000"),
        ("¥1,000", "1000"),
        ("￥5万", "50000"),
        ("$20", "20"),
        ("300元", "300"),
        ("１２３", "123"),  # full-width digits from a Chinese input method
        ("１２，０００", "12000"),  # full-width comma too
        ("+5", "5"),
        ("-5", "-5"),
        (".5", "0.5"),
        ("0.01", "0.01"),
        ("  12000  ", "12000"),
        ("3.5 万", "35000"),
        ("¥ 1,000", "1000"),
        ("1,000万", "10000000"),
        # Traditional Chinese, as a Taiwan or Hong Kong team types it.
        ("1.2萬", "12000"),
        ("3億", "300000000"),
        ("１.２萬", "12000"),
        ("1,000萬", "10000000"),
        ("2.5億", "250000000"),
        ("3百萬", "3000000"),
        ("1.2k", "1200"),
    ],
)
def test_parses_the_ways_people_type_amounts(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "1,2",  # a typo, not 12
        "12,34,567",  # Indian grouping is not what anyone here means
        "1,234,5678",  # trailing group of four
        "1,000,",
        "12,345.6,7",
        ",500",
        "abc",
        "",
        "   ",
        "1.2.3",
        "万",
        "k",
        "1.",
        "12k万",
        "1e5",
        "nan",
        "--5",
        "5-",
    ],
)
def test_rejects_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(NotANumber) as raised:
        parse_amount(text)
    assert str(raised.value) == text  # the error carries what the user typed, for the message


def test_results_are_exact_decimals_not_floats() -> None:
    assert parse_amount("0.1万") == Decimal("1000")
    assert parse_amount("0.1") + parse_amount("0.2") == Decimal("0.3")
    assert parse_amount("1,234,567.89") * 100 == Decimal("123456789")
    assert parse_amount("12345678901.23") == Decimal("12345678901.23")


def test_not_a_number_is_a_value_error() -> None:
    assert issubclass(NotANumber, ValueError)
