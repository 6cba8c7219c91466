import pytest

from bot.campaigns.rules.command_words import canonical_subcommand


@pytest.mark.parametrize(("typed", "sub"), [
    ("日报", "report"), ("日報", "report"), ("新建", "new"), ("任务", "tasks"), ("任務", "tasks"),
    ("状态", "status"), ("狀態", "status"), ("帮助", "help"), ("幫助", "help"), ("語言", "language"),
    ("status", "status"), ("报表", "报表"),
])
def test_chinese_words_in_either_script_name_the_sub_command(typed: str, sub: str) -> None:
    assert canonical_subcommand(typed) == sub
