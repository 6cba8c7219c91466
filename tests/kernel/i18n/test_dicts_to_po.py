"""tools/dicts_to_po.py folds dict modules other branches add into the .po files, and can be run again."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

import bot.kernel.i18n as i18n

ROOT = Path(__file__).resolve().parents[3]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dicts_to_po", ROOT / "tools" / "dicts_to_po.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, Path]:
    """A copy of the catalogues with one new topic's dict modules, as a helper's branch adds them."""
    i18n_dir = tmp_path / "i18n"
    shutil.copytree(i18n.LOCALE_DIR, i18n_dir / "locale")
    for package, text in (("en", '"{count} file(s) in *{name}*"'), ("zh", '"*{name}* 里有 {count} 个文件"')):
        (i18n_dir / package).mkdir()
        (i18n_dir / package / "__init__.py").write_text("")
        (i18n_dir / package / "signals.py").write_text(
            f'MESSAGES = {{\n    "signals.files": {text},\n    "modal.new.title": "changed",\n}}\n')
    monkeypatch.setattr(i18n, "LOCALE_DIR", i18n_dir / "locale")
    tool = load_tool()
    monkeypatch.setattr(tool, "I18N", i18n_dir)
    return tool, i18n_dir


def read(language: str) -> dict[str, str]:
    return i18n.catalogue.__wrapped__(language)


def test_new_keys_are_added_in_every_language_and_the_modules_removed(scratch: tuple[ModuleType, Path]) -> None:
    tool, folder = scratch
    added = tool.merge()
    assert added == {"en": 1, "zh_Hans": 1, "zh_Hant": 1}
    assert read("en")["signals.files"] == "{count, plural, one {# file} other {# files}} in *{name}*"
    assert read("zh_Hans")["signals.files"] == "*{name}* 里有 {count} 个文件"
    assert read("zh_Hant")["signals.files"] == "*{name}* 裡有 {count} 個檔案"  # s2twp: Taiwan's word for file
    assert read("en")["modal.new.title"] == "New campaign"  # a changed text is listed, not taken
    assert not (folder / "en").exists() and not (folder / "zh").exists()
    assert tool.merge() == {"en": 0, "zh_Hans": 0, "zh_Hant": 0}  # again: nothing to do
    # No comment names the module a key came from: it is gone now.
    assert [line for language in ("en", "zh_Hans", "zh_Hant")
            for line in i18n.po_path(language).read_text(encoding="utf-8").splitlines()
            if line.startswith("#. from ")] == []


def test_overwrite_takes_the_modules_text(scratch: tuple[ModuleType, Path]) -> None:
    tool, _folder = scratch
    tool.merge(keep=True, overwrite=True)
    assert read("en")["modal.new.title"] == "changed"
    assert read("zh_Hans")["modal.new.title"] == "changed"


def test_the_template_has_every_english_key_and_no_text(scratch: tuple[ModuleType, Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tool, folder = scratch
    monkeypatch.setattr(tool, "TEMPLATE", folder / "locale" / "messages.pot")
    from babel.messages.pofile import read_po

    with tool.write_template().open("rb") as source:
        template = read_po(source)
    ids = {message.id for message in template if message.id}
    assert ids == set(read("en")) and all(not message.string for message in template if message.id)
