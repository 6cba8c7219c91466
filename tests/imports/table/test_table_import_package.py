import ast
import re
from pathlib import Path

import bot.imports.rules
from bot.imports.rules.codes import Code

PACKAGE = Path(bot.imports.rules.__file__).parent
SOURCES = {path.name: path.read_text(encoding="utf-8") for path in PACKAGE.glob("*.py")}


def test_every_code_has_a_params_comment_for_the_translator() -> None:
    lines = SOURCES["codes.py"].splitlines()
    for code in Code:
        line = next(line for line in lines if f'= "{code.value}"' in line)
        assert "#" in line, f"{code.name} has no params comment"


def test_every_code_is_emitted_somewhere_and_nothing_else_is() -> None:
    used = {
        name
        for file, text in SOURCES.items()
        if file != "codes.py"
        for name in re.findall(r"\bCode\.([A-Z_]+)\b", text)
    }
    assert used == {code.name for code in Code}


def test_package_imports_neither_slack_nor_storage() -> None:
    forbidden = ("slack_bolt", "slack_sdk", "sqlalchemy", "sqlmodel", "storage", "handlers", "psycopg")
    for file, text in SOURCES.items():
        for node in ast.walk(ast.parse(text)):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{file} imports {name}"
                # pure neighbours only: the campaign's phases, the tasks a re-import maps onto, the kernel's text
                # folding
                outside = name.startswith("bot.") and not name.startswith(
                    ("bot.imports.rules", "bot.campaigns.rules", "bot.tasks.rules", "bot.kernel.matching"))
                assert not outside, f"{file} imports {name}"
