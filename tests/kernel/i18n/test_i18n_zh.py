"""The Simplified Chinese catalogue (`bot/kernel/i18n/locale/zh_Hans`): complete, format-compatible with English, and in
the handbook's own words where the contract names them. (All languages against each other: test_catalogues.py.)
"""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import date
from pathlib import Path

import pytest

import bot.kernel.i18n as i18n
from bot.kernel.i18n import catalogue

ROOT = Path(__file__).resolve().parents[3]
ENGLISH = catalogue("en")
CHINESE = catalogue("zh_Hans")
KEY = r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+"

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Values made only of placeholders, symbols, the product name or Slack markup: nothing to translate.
NO_CJK_ALLOWED = {
    "app.name",  # the product's name
    "card.list.line",
    "imports.preview.issue",
    "plan.saved.responder",
    "summary.complaint",
    "tasks.blocked.modal.intro",
    "tasks.all.group",
    "tasks.all.line",
    "tasks.all.line.blocked",
    "tasks.all.milestone",
    "readiness.milestone.card.line",
    "plan.budget.saved.line",
    "adjustments.subject.source",
    "review.adjustment.effect",
    "home.campaign.line",
    "review.lesson.line",
    "review.source.line",
}


def placeholders(template: str) -> list[str]:
    return sorted(i18n.placeholders(template))


# --- completeness -------------------------------------------------------------------------------------------------


def test_merged_catalogue_matches_english_and_has_no_duplicates() -> None:
    merged = catalogue.__wrapped__("zh_Hans")
    assert merged == CHINESE
    assert merged.keys() == ENGLISH.keys()
    assert len(merged) > 300


def test_chinese_is_not_english_copied() -> None:
    same = sorted(key for key in ENGLISH if CHINESE[key] == ENGLISH[key] and key not in NO_CJK_ALLOWED)
    assert same == []


# --- placeholders and formatting --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(ENGLISH))
def test_placeholders_are_the_english_ones(key: str) -> None:
    english, chinese = placeholders(ENGLISH[key]), placeholders(CHINESE[key])
    assert sorted(set(chinese)) == sorted(set(english))
    for _literal, name, spec, conversion in string.Formatter().parse(CHINESE[key]):
        if name is not None and ", plural," not in CHINESE[key]:
            assert name.isidentifier() and not spec and conversion is None, f"{key}: odd placeholder {{{name}}}"


@pytest.mark.parametrize("key", sorted(ENGLISH))
def test_every_template_formats(key: str) -> None:
    params = {name: "x" for name in placeholders(ENGLISH[key])}
    rendered = i18n.t(key, "zh-CN", **params)
    # Literal braces stay literal exactly where English has them.
    assert rendered.count("{") == i18n.t(key, "en", **params).count("{")
    assert rendered.count("}") == i18n.t(key, "en", **params).count("}")


def test_t_renders_chinese_once_the_language_is_supported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "SUPPORTED_LANGUAGES", (*i18n.SUPPORTED_LANGUAGES, "zh"))
    assert i18n.t("form.error.too_long", "zh-CN", limit=80) == "请控制在 80 个字符以内。"
    assert i18n.t("modal.new.title", "zh_CN") == "新建活动"
    assert i18n.t("modal.new.title", "en-US") == "New campaign"


# --- Slack mrkdwn survives translation --------------------------------------------------------------------------

EMOJI = re.compile(r":[a-z0-9_+-]+:|[\U0001F000-\U0001FAFF\u2600-\u27BF\u23E9-\u23FA]")
COMMAND = re.compile(r"`(/[a-z]+(?: [a-z@]+)*)")


def markup(template: str) -> dict[str, object]:
    text = re.sub(r"\{[a-z_]+\}", "X", template)
    return {
        "backticks": text.count("`"),
        "commands": COMMAND.findall(text),
        "bold": text.count("*"),
        "italic": len(re.findall(r"(?<![A-Za-z0-9])_[^_\n]+_(?![A-Za-z0-9])", text)),
        "newlines": text.count("\n"),
        "quotes": len(re.findall(r"(?m)^>", text)),
        "emoji": sorted(EMOJI.findall(text)),
    }


@pytest.mark.parametrize("key", sorted(ENGLISH))
def test_mrkdwn_commands_and_emoji_are_kept(key: str) -> None:
    assert markup(CHINESE[key]) == markup(ENGLISH[key])


def wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F") and not EMOJI.match(char)


SPANS = re.compile(r"`[^`]+`|\*[^*\n]+\*|(?<![A-Za-z0-9])_[^_\n]+_(?![A-Za-z0-9])")


@pytest.mark.parametrize("key", sorted(ENGLISH))
def test_markup_is_not_glued_to_chinese_text(key: str) -> None:
    """Slack only honours *bold*, _italic_ and `code` at word boundaries; CJK next to a marker breaks them."""
    text = re.sub(r"\{[a-z_]+\}", "X", CHINESE[key])
    for span in SPANS.finditer(text):
        before = text[span.start() - 1] if span.start() > 0 else " "
        after = text[span.end()] if span.end() < len(text) else " "
        assert not wide(before) and not wide(after), f"{key}: {span.group()!r} touches {before!r}/{after!r}"


# --- handbook terms ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(key for key in ENGLISH if CJK.search(ENGLISH[key])))
def test_chinese_terms_written_in_english_are_used_as_is(key: str) -> None:
    """"Exposure (曝光量)" becomes 曝光量, "任务/Task" keeps 任务, "1.2万" keeps 万."""
    for term in CJK_RUN.findall(ENGLISH[key]):
        assert term in CHINESE[key], f"{key}: {term} missing"
    assert not re.search(r"\([^)]*" + CJK.pattern + r"[^)]*\)", CHINESE[key]), "English-style (术语) left in"


@pytest.mark.parametrize("key", sorted(set(ENGLISH) - NO_CJK_ALLOWED))
def test_every_value_is_written_in_chinese(key: str) -> None:
    assert CJK.search(CHINESE[key]), CHINESE[key]


def test_the_allow_list_holds_only_markup_and_placeholders() -> None:
    for key in NO_CJK_ALLOWED - {"app.name"}:
        leftover = re.sub(r"\{[a-z_]+\}|[*_>#()•·—→:：，\s]", "", CHINESE[key])
        assert leftover == "", f"{key}: {leftover!r}"
    assert CHINESE["app.name"] == ENGLISH["app.name"] == "campaignbot"


CONTRACT_LABELS = {
    # new campaign modal (bot/lifecycle/blocks.py)
    "lifecycle.field.name": "名称",
    "lifecycle.field.theme": "主题",
    "lifecycle.field.start": "开始日期",
    "lifecycle.field.end": "结束日期",
    "lifecycle.field.owner": "负责人",
    "lifecycle.field.channel": "频道",
    "lifecycle.field.budget": "预算",
    "lifecycle.field.kpi_exposure": "曝光量",
    "lifecycle.field.kpi_clicks": "点击量",
    "lifecycle.field.kpi_participants": "参与人数",
    "lifecycle.field.kpi_conversions": "转化数",
    "lifecycle.field.kpi_sales": "销售额",
    "lifecycle.field.timezone": "时区",
    # daily report modal (bot/reports/blocks.py)
    "reports.field.day": "日期",
    "reports.field.exposure": "曝光量",
    "reports.field.clicks": "点击量",
    "reports.field.participants": "参与人数",
    "reports.field.conversions": "转化数",
    "reports.field.sales": "销售额",
    "reports.field.spend": "花费",
    "reports.field.feedback": "用户反馈",
    # incident modal (bot/incidents/blocks.py)
    "incidents.field.kind": "类型",
    "incidents.field.severity": "严重程度",
    "incidents.field.description": "描述",
    # import modal (bot/imports/blocks.py): the pasted table
    "imports.field.table": "表",
}


@pytest.mark.parametrize(("key", "word"), sorted(CONTRACT_LABELS.items()))
def test_contract_label_uses_the_chinese_term(key: str, word: str) -> None:
    assert word in CHINESE[key]


def test_the_contract_label_keys_are_the_ones_the_modals_use() -> None:
    sources = "".join((ROOT / "bot" / name).read_text(encoding="utf-8") for name in (
        "lifecycle/blocks.py", "reports/blocks.py", "incidents/blocks.py", "imports/blocks.py"))
    dynamic = {"lifecycle.field.kpi_",
               "reports.field."}  # built as f"lifecycle.field.{field.value}", f"reports.field.{field.value}"
    for key in CONTRACT_LABELS:
        assert f'"{key}"' in sources or any(key.startswith(prefix) for prefix in dynamic), key


@pytest.fixture
def chinese_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "SUPPORTED_LANGUAGES", (*i18n.SUPPORTED_LANGUAGES, "zh"))


def input_labels(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [block["label"]["text"] for block in view.to_dict()["blocks"] if block["type"] == "input"]


def assert_labels_contain(labels: list[str], words: list[str]) -> None:
    for word in words:
        assert any(word in label for label in labels), f"no label contains {word}: {labels}"


@pytest.mark.usefixtures("chinese_enabled")
def test_rendered_new_campaign_modal_has_the_chinese_labels() -> None:
    from bot.campaigns.rules.campaign import CampaignForm
    from bot.kernel.blockkit.metadata import ModalMetadata
    from bot.lifecycle.blocks import campaign_modal

    form = CampaignForm(name="", theme="", objective=None, start=None, end=None, warmup_start=None,
                        burst_start=None, longtail_start=None, owner_id=None, channel_id=None, budget="",
                        contingency="", timezone=None)
    view = campaign_modal(form, ModalMetadata(), "zh-CN", editing=False)
    assert view.to_dict()["title"]["text"] == "新建活动"
    assert_labels_contain(input_labels(view), ["名称", "主题", "开始日期", "结束日期", "负责人", "频道", "预算",
                                               "曝光量", "点击量", "参与人数", "转化数", "销售额", "时区"])


@pytest.mark.usefixtures("chinese_enabled")
def test_rendered_daily_report_modal_has_the_chinese_labels() -> None:
    from bot.reports.blocks import report_modal
    from bot.reports.rules.form import ReportForm

    form = ReportForm(day=date(2026, 5, 10), source="All", figures={})
    view = report_modal(campaign_name="春季大促", sources=["All"], form=form, metadata="", locale="zh-CN")
    assert_labels_contain(input_labels(view), ["日期", "曝光量", "点击量", "参与人数", "转化数", "销售额", "花费",
                                               "用户反馈"])


@pytest.mark.usefixtures("chinese_enabled")
def test_rendered_incident_and_import_modals_have_the_chinese_labels() -> None:
    from bot.imports.blocks import import_modal
    from bot.incidents.blocks import report_modal

    assert_labels_contain(input_labels(report_modal("春季大促", "", "zh-CN")), ["类型", "严重程度", "描述"])
    labels = input_labels(import_modal("春季大促", "", "zh-CN"))
    assert "表" in labels[0]


# --- Slack's length limits --------------------------------------------------------------------------------------


def modal_chrome_keys() -> set[str]:
    """Every key the code passes as a modal's title, submit or close text, plus `modal()`'s defaults."""
    keys = {"modal.submit", "modal.cancel", "modal.new.title", "modal.edit.title", "imports.done.title"}
    pattern = re.compile(rf"""\b(?:title_key|submit_key|close_key)\s*=\s*["']({KEY})["']""")
    for path in (ROOT / "bot").rglob("*.py"):
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def button_keys() -> set[str]:
    keys = {key for key in ENGLISH if ".button" in key or key.endswith((".confirm", ".back", ".next", ".submit"))}
    keys |= {"card.approve", "card.edit", "imports.done.make_reporters"}
    return keys


def test_the_limit_scans_find_the_modals_and_buttons() -> None:
    assert {"reports.modal.title", "incidents.modal.submit", "imports.preview.back"} <= modal_chrome_keys()
    assert {"tasks.button.done", "incidents.button.escalate", "reports.prompt.button"} <= button_keys()
    assert modal_chrome_keys() <= ENGLISH.keys() and button_keys() <= ENGLISH.keys()


@pytest.mark.parametrize("key", sorted(modal_chrome_keys()))
def test_modal_titles_and_buttons_fit_in_24_characters(key: str) -> None:
    assert 0 < len(CHINESE[key]) <= 24, CHINESE[key]


@pytest.mark.parametrize("key", sorted(button_keys()))
def test_button_texts_fit_in_75_characters(key: str) -> None:
    assert 0 < len(CHINESE[key]) <= 75, CHINESE[key]


@pytest.mark.parametrize("key", sorted(key for key in ENGLISH if ".option" in key or key.startswith(
    ("campaigns.objective.", "incidents.kind.", "reports.feedback.", "imports.preview.close_missing"))))
def test_select_and_checkbox_options_fit_in_75_characters(key: str) -> None:
    params = {name: "9999" for name in placeholders(ENGLISH[key])}
    assert len(CHINESE[key].format(**params)) <= 75


# --- the Chinese export re-imports ------------------------------------------------------------------------------


def test_chinese_task_sheet_headers_are_read_back_by_the_importer() -> None:
    from bot.imports.rules.headers import Field, match_header

    expected = {"id": Field.ID, "task": Field.TASK, "owner": Field.OWNER, "collaborators": Field.COLLABORATORS,
                "due": Field.DUE, "deliverable": Field.DELIVERABLE, "phase": Field.PHASE, "notes": Field.NOTES}
    for name, field in expected.items():
        assert match_header(CHINESE[f"export.tasks.{name}"]) == field, name
    assert match_header(CHINESE["export.tasks.status"]) is None
    assert match_header(CHINESE["export.tasks.blocked"]) is None


def test_chinese_report_sheet_is_not_taken_for_the_task_sheet() -> None:
    from bot.imports.rules.headers import match_header

    # The XLSX reader takes the first sheet naming a task column; the reports sheet comes first.
    report_headers = [CHINESE[key] for key in CHINESE if key.startswith("export.reports.")]
    assert [header for header in report_headers if match_header(header) is not None] == []
