"""Sub-commands typed in Chinese: `/campaign 日报` or `/campaign 日報` is `/campaign report`.

The words are listed once, in Simplified; what a person types is brought to Simplified with OpenCC first, so the
Traditional forms (日報, 任務, 狀態, 幫助) need no second list.
"""

from __future__ import annotations

from bot.kernel.i18n.chinese import to_simplified

CHINESE_SUBCOMMANDS = {
    "新建": "new",
    "日报": "report",
    "任务": "tasks",
    "状态": "status",
    "帮助": "help",
    "语言": "language",
    "目标": "targets",
    "风险": "risks",
    "风险预案": "risks",
    "反馈": "feedback",
    "回馈": "feedback",  # 回饋, the Taiwan word, as OpenCC brings it to Simplified
    "投诉": "feedback",
    "客诉": "feedback",  # 客訴, the Taiwan word for a complaint
    "清单": "checklist",
    "准备清单": "checklist",
}


def canonical_subcommand(word: str) -> str:
    """The English sub-command for a Chinese word in either script; any other word as it is."""
    return CHINESE_SUBCOMMANDS.get(to_simplified(word), word)
