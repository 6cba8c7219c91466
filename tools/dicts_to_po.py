"""Fold the old dict catalogues (`bot/kernel/i18n/en/*.py`, `bot/kernel/i18n/zh/*.py`) into the gettext `.po` files.

Re-runnable: every key not yet in a `.po` file is added; keys already there are left as translators edited them.
- English: the text as it is, with "3 task(s)" written as an ICU plural (`{count, plural, one {# task} other …}`);
- Simplified (zh_Hans): the text as it is;
- Traditional (zh_Hant): a first draft by OpenCC `s2twp` (Taiwan characters and phrases), then the reviewed
  Taiwan product terms below; each new draft carries the comment "draft: OpenCC s2twp" for a reviewer.
Drafts still marked so get the reviewed terms again on every run. Then the dict modules are deleted
(`--keep` leaves them), and the packages too once empty.

    python tools/dicts_to_po.py [--keep] [--overwrite]
    python tools/dicts_to_po.py --template   # bot/kernel/i18n/locale/messages.pot for `pybabel update` (make messages)
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.kernel.i18n import DEFAULT_LANGUAGE, SIMPLIFIED, TRADITIONAL, po_path  # noqa: E402
from bot.kernel.i18n.chinese import taiwan_draft  # noqa: E402

I18N = ROOT / "bot" / "kernel" / "i18n"
# Which old package feeds which language.
SOURCES = {DEFAULT_LANGUAGE: "en", SIMPLIFIED: "zh"}
DRAFT_COMMENT = "draft: OpenCC s2twp"
# Taiwan's words for the product's own terms where OpenCC's phrase table says something else or nothing,
# reviewed by hand (after s2twp, so both sides are Traditional). Words, not characters: the characters are OpenCC's.
TAIWAN_TERMS = {
    "渠道": "通路",
    "複盤": "檢討",
    "復盤": "檢討",
    "短信": "簡訊",
    "二維碼": "QR Code",
    "用戶": "使用者",
    "默認": "預設",
    "質量": "品質",
    "保存": "儲存",
    "發送": "傳送",
    "釋出": "發布",
    "新建活動": "建立活動",
    "新建一個": "建立一個",
    "點選量": "點擊量",
    "現場裝置": "現場設備",
    "裝置故障": "設備故障",
    "（裝置、": "（設備、",
    "轉化": "轉換",
    "反饋": "回饋",
    "單元格": "儲存格",
    "投資回報率": "投資報酬率",
    # 项目 is "project" (專案) to OpenCC, but the bot's 项目 are items of a list.
    "各專案標": "各項目標",
    "專案": "項目",
    "催辦": "提醒",
    "添加": "新增",
    "命令": "指令",
    "我不認識": "我不認得",
    # An incident is 通報; figures sent in (spend, a source's numbers) are 回報.
    "上報花費": "回報花費",
    "上報資料": "回報資料",
    "已上報：": "已回報：",
    "尚未上報：": "尚未回報：",
    "上報": "通報",
    "統計口徑": "統計方式",
    "口徑": "方式",
    "運營": "營運",
    "響應": "回應",
    "審批": "核准",
    "私信": "私訊",
    "計劃": "計畫",
    "正在生成": "正在產生",
    "工作簿": "活頁簿",
    # A table's row is 列 and its column 欄 in Taiwan (the mainland's 行 and 列).
    "「編號」列匹配": "「編號」欄比對",
    "「{column}」列": "「{column}」欄",
    "列名": "欄名",
    "完成時間列": "完成時間欄",
    "負責人列": "負責人欄",
    "任務列": "任務欄",
    "有多列都表示": "有多欄都表示",
    "只保留一列": "只保留一欄",
    "第 {row} 行": "第 {row} 列",
    "第 {first_row} 行": "第 {first_row} 列",
    "一行表頭和一行任務": "一列表頭和一列任務",
    "刪除該行": "刪除該列",
    "超過 {max_rows} 行": "超過 {max_rows} 列",
    "2,000 行": "2,000 列",
    "表頭行": "表頭列",
    "每行一個任務": "每列一個任務",
    "{count} 行": "{count} 列",
    # Reviewed with the catalogue: OpenCC's computing words (型別, 許可權, 稽核) are not a marketer's,
    # and Slack calls a workspace 工作空間 in Taiwan.
    "核准通過": "核准",
    "型別": "類型",
    "許可權": "權限",
    "稽核": "審核",
    "當前": "目前",
    "工作區": "工作空間",
    "分管高層": "高層主管",
    "發布宣告": "發布聲明",
    "郵箱": "電子郵件",
    "應急預案": "應變計畫",
    "可通過": "可透過",
    "效果評估": "成效評估",
    "投訴": "客訴",
    "表揚": "好評",
    "法定節假日": "國定假日",
    "調休上班": "補班",
    "門店": "門市",
    "應急備用金": "緊急預備金",
    # Taiwan quotes with corner brackets.
    "“": "「",
    "”": "」",
    "‘": "『",
    "’": "』",
}
# "{count} task(s)", "{count} of {other} incident(s)", "{n} task owner(s)": the count and up to two words before
# the noun that takes the plural.
_PLURAL_S = re.compile(r"\{(\w+)\} ((?:[A-Za-z-]+ ){0,2})([A-Za-z]+)\(s\)")


def english_plurals(text: str) -> str:
    def icu(match: re.Match[str]) -> str:
        name, words, noun = match.groups()
        return f"{{{name}, plural, one {{# {words}{noun}}} other {{# {words}{noun}s}}}}"

    return _PLURAL_S.sub(icu, text)


def taiwan(text: str) -> str:
    return taiwan_terms(taiwan_draft(text))


def taiwan_terms(draft: str) -> str:
    for word, reviewed in TAIWAN_TERMS.items():
        draft = draft.replace(word, reviewed)
    return draft


def dict_modules(package: str) -> list[Path]:
    folder = I18N / package
    return sorted(path for path in folder.glob("*.py") if path.name != "__init__.py") if folder.is_dir() else []


def messages_of(path: Path) -> dict[str, str]:
    """The module's MESSAGES literal, read without importing it (the package may already be gone)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "MESSAGES" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit(f"{path}: no MESSAGES dict")


def load(language: str) -> Catalog:
    path = po_path(language)
    if path.exists():
        with path.open("rb") as source:
            return read_po(source, locale=language)
    return Catalog(locale=language, project="campaignbot", domain="messages")


def save(catalog: Catalog, language: str) -> None:
    catalog.fuzzy = False  # a reviewed catalogue: pybabel compile skips one whose header is fuzzy
    catalog.header_comment = (f"# campaignbot messages, {language}. The msgid is the message key; the msgstr a"
                              "\n# str.format template, plurals ICU-style (bot/kernel/i18n/__init__.py). MIT licence.")
    catalog.project, catalog.version, catalog.msgid_bugs_address = "campaignbot", "0.1.0", ""
    catalog.last_translator = catalog.language_team = "campaignbot contributors"
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        write_po(target, catalog, width=0, sort_output=True, omit_header=False)


def merge(keep: bool = False, overwrite: bool = False) -> dict[str, int]:
    """Add the modules' new keys; with `overwrite`, a key whose text changed in a module takes the module's text
    (and a new Traditional draft). Without it, changed keys are only listed: the .po files may hold reviewed text."""
    catalogs = {language: load(language) for language in (DEFAULT_LANGUAGE, SIMPLIFIED, TRADITIONAL)}
    added = dict.fromkeys(catalogs, 0)
    changed: list[str] = []
    for language, package in SOURCES.items():
        for path in dict_modules(package):
            for key, text in messages_of(path).items():
                wanted = english_plurals(text) if language == DEFAULT_LANGUAGE else text
                existing = catalogs[language].get(key)
                if existing is not None and existing.string != wanted:
                    changed.append(f"{language}: {key}")
                    if not overwrite:
                        continue
                    catalogs[language].delete(key)
                    if language == SIMPLIFIED:
                        catalogs[TRADITIONAL].delete(key)
                if key not in catalogs[language]:
                    # No "from <module>" comment: the module is deleted below, and the key says where it belongs.
                    catalogs[language].add(key, wanted)
                    added[language] += 1
                if language == SIMPLIFIED and key not in catalogs[TRADITIONAL]:
                    catalogs[TRADITIONAL].add(key, taiwan(text), auto_comments=[DRAFT_COMMENT])
                    added[TRADITIONAL] += 1
    if changed:
        print(f"{len(changed)} keys differ from the .po files ({'overwritten' if overwrite else 'kept; --overwrite'}):")
        print("\n".join(f"  {line}" for line in changed))
    # Drafts nobody has reviewed yet (they still carry the comment) get the reviewed terms as the list grows.
    for message in catalogs[TRADITIONAL]:
        if message.id and DRAFT_COMMENT in message.auto_comments:
            message.string = taiwan_terms(message.string)
    for language, catalog in catalogs.items():
        save(catalog, language)
    if not keep:
        for package in SOURCES.values():
            for path in dict_modules(package):
                path.unlink()
            folder = I18N / package
            if folder.is_dir() and not dict_modules(package):
                for leftover in folder.rglob("*"):
                    if leftover.is_file():
                        leftover.unlink()
                for leftover in sorted(folder.rglob("*"), reverse=True):
                    leftover.rmdir()
                folder.rmdir()
    return added


TEMPLATE = I18N / "locale" / "messages.pot"


def write_template() -> Path:
    """The English keys with empty translations and the English text as a comment, for `pybabel update`.

    Updating from the English .po itself would copy English into the Chinese catalogues as if translated."""
    english = load(DEFAULT_LANGUAGE)
    template = Catalog(project="campaignbot", domain="messages")
    for message in english:
        if message.id:
            template.add(message.id, "", auto_comments=[f"en: {message.string}"])
    with TEMPLATE.open("wb") as target:
        write_po(target, template, width=0, sort_output=True)
    return TEMPLATE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the dict modules in place")
    parser.add_argument("--overwrite", action="store_true", help="a key whose text changed takes the module's text")
    parser.add_argument("--template", action="store_true", help="only write messages.pot from the English keys")
    arguments = parser.parse_args()
    if arguments.template:
        print(f"wrote {write_template().relative_to(ROOT)}")
        return
    added = merge(keep=arguments.keep, overwrite=arguments.overwrite)
    print(", ".join(f"{language}: {count} added" for language, count in added.items()))


if __name__ == "__main__":
    main()
