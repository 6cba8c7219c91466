import re
import string
from datetime import date
from pathlib import Path

import pytest

import bot.kernel.i18n as i18n
from bot.campaigns.rules.campaign import CampaignForm, Metric, Objective, Status, validate_campaign_form
from bot.card.blocks.list import HELP_TOPICS
from bot.kernel.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, catalogue, language_of, t
from bot.kernel.listening.forms import field_errors
from bot.lifecycle.blocks import KPI_FIELDS

ROOT = Path(__file__).resolve().parents[3]
SOURCES = sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")])
ENGLISH = catalogue("en")
KEY = r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+"

# Literal keys handed to the translator, to an error that carries a key, or to a FieldError.
KEY_USES = [
    re.compile(rf"""(?<![\w.])t\(\s*["']({KEY})["']"""),
    re.compile(rf"""\b(?:NotAllowed|NotFound|InvalidInput|CampaignBotError)\(\s*["']({KEY})["']"""),
    re.compile(rf"""\bFieldError\(\s*[^,()]+,\s*["']({KEY})["']"""),
]
# Any other string literal shaped like a key of a known area ("card.phase.warmup" in a tuple, a title_key, …).
NAMESPACES = sorted({key.split(".")[0] for key in ENGLISH})
KEY_SHAPED = re.compile(rf"""(?<![\w.])["']((?:{"|".join(NAMESPACES)})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["']""")


def source_keys(pattern: re.Pattern[str]) -> set[tuple[str, str]]:
    found = set()
    for path in SOURCES:
        if "i18n" in path.relative_to(ROOT).parts:
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.add((str(path.relative_to(ROOT)), match.group(1)))
    return found


# --- t and language_of ------------------------------------------------------------------------------------------


def test_t_formats_params() -> None:
    assert t("form.error.too_long", "en", limit=80) == "Please keep this under 80 characters."
    assert t("card.list.more", None, shown=48, total=60).startswith("Showing the newest 48 of 60.")


def test_t_without_params_returns_the_template() -> None:
    assert t("modal.new.title") == "New campaign"


def test_t_with_a_missing_param_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("form.error.too_long", "en")


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("zh-CN", "zh_Hans"),
        ("zh_CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("zh-TW", "zh_Hant"),
        ("zh_HK", "zh_Hant"),
        ("zh-MO", "zh_Hant"),
        ("zh-Hant", "zh_Hant"),
        ("xx-not-a-locale", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN-us", "en"),
        ("en", "en"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_of(locale: str | None, language: str) -> None:
    assert language_of(locale) == language


def test_unsupported_language_falls_back_to_english() -> None:
    assert t("modal.new.title", "ja-JP") == t("modal.new.title", "en") == "New campaign"
    assert t("form.error.too_long", "fr-FR", limit=5) == "Please keep this under 5 characters."


def test_chinese_users_read_chinese_in_their_script() -> None:
    assert t("modal.new.title", "zh-CN") == "新建活动"
    assert t("modal.new.title", "zh-TW") == t("modal.new.title", "zh-HK") == "建立活動"
    assert t("modal.new.title", "zh-CN") != t("modal.new.title", "en")


def test_key_missing_in_a_partial_catalogue_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    partial = {"xx": {"modal.new.title": "Nouvelle campagne"}}

    def fake_catalogue(language: str) -> dict[str, str]:
        return partial.get(language) or ENGLISH

    monkeypatch.setattr(i18n, "language_of", lambda locale: "xx")
    monkeypatch.setattr(i18n, "catalogue", fake_catalogue)
    assert t("modal.new.title", "xx-YY") == "Nouvelle campagne"
    assert t("modal.submit", "xx-YY") == "Save"


def test_unknown_key_raises_rather_than_showing_the_key() -> None:
    with pytest.raises(KeyError):
        t("no.such.key", "en")


# --- the catalogue itself ---------------------------------------------------------------------------------------


def test_english_catalogue_loads() -> None:
    catalogue.cache_clear()
    try:
        merged = catalogue(DEFAULT_LANGUAGE)
    finally:
        catalogue.cache_clear()
    assert merged == ENGLISH
    assert len(merged) > 50
    assert all(isinstance(key, str) and isinstance(value, str) and value for key, value in merged.items())


def test_every_supported_language_loads() -> None:
    for language in SUPPORTED_LANGUAGES:
        assert catalogue(language)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_no_key_is_defined_twice_in_a_po_file(language: str) -> None:
    # Babel keeps one of two entries with the same msgid silently; the file itself must not have them.
    ids = re.findall(r'^msgid "(.+)"$', i18n.po_path(language).read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert sorted({key for key in ids if ids.count(key) > 1}) == []


@pytest.mark.parametrize("key", sorted(ENGLISH))
def test_english_placeholders_are_well_formed(key: str) -> None:
    plural_counts = {name for _start, _end, name, _branches in i18n.plural_branches(ENGLISH[key])}
    template = i18n.choose_plurals(ENGLISH[key], "en", dict.fromkeys(plural_counts, 2))
    fields = [parsed for parsed in string.Formatter().parse(template) if parsed[1] is not None]
    for _literal, name, spec, conversion in fields:
        assert name and name.isidentifier(), f"{key}: positional or odd placeholder {{{name}}}"
        assert not spec and conversion is None, f"{key}: format spec or conversion on {{{name}}}"
    # And it renders with exactly those names.
    rendered = template.format(**{name: "X" for _literal, name, _spec, _conversion in fields})
    assert "{" not in rendered and "}" not in rendered


# --- every key the code uses exists in English --------------------------------------------------------------------


def test_the_scan_finds_the_keys_it_should() -> None:
    used = {key for _path, key in source_keys(KEY_USES[0])}
    assert {"card.announce", "card.list.title", "error.unexpected"} <= used
    errors = {key for _path, key in source_keys(KEY_USES[1])}
    assert {"campaigns.gone", "campaigns.edit.not_allowed"} <= errors
    fields = {key for _path, key in source_keys(KEY_USES[2])}
    assert {"form.error.required", "form.error.name_taken"} <= fields


@pytest.mark.parametrize("pattern", [*KEY_USES, KEY_SHAPED], ids=["t", "errors", "field_error", "key_shaped"])
def test_every_literal_key_in_the_code_exists_in_english(pattern: re.Pattern[str]) -> None:
    missing = sorted(f"{path}: {key}" for path, key in source_keys(pattern) if key not in ENGLISH)
    assert missing == []


def dynamic_keys() -> list[str]:
    return [
        *(f"campaigns.status.{status.value}" for status in Status),
        *(f"campaigns.objective.{objective.value}" for objective in Objective),
        *(f"campaigns.kpi.{metric.value}" for metric in Metric),
        *(f"lifecycle.field.{field.value}" for field in KPI_FIELDS.values()),
        *(f"campaigns.phase.{phase}" for phase in ("warmup_start", "burst_start", "longtail_start")),
        *(f"card.help.{topic}" for topic in HELP_TOPICS),
    ]


@pytest.mark.parametrize("key", dynamic_keys())
def test_every_dynamically_built_key_exists_in_english(key: str) -> None:
    assert key in ENGLISH


def test_every_kpi_metric_has_a_modal_field() -> None:
    assert set(KPI_FIELDS) == set(Metric)


BAD_FORMS = [
    {"name": "", "objective": None, "start": None, "end": None, "owner_id": None, "channel_id": None, "budget": "",
     "timezone": None},
    {"name": "x" * 81, "theme": "x" * 2001, "end": date(2026, 4, 1), "budget": "abc", "contingency": "60",
     "timezone": "Mars/Base"},
    {"name": "123", "budget": "-1", "contingency": "ten", "warmup_start": date(2026, 6, 5)},
    {"budget": "1.001", "warmup_start": date(2026, 5, 9), "burst_start": date(2026, 5, 8),
     "kpi_targets": {Metric.CLICKS: "1.5", Metric.SALES: "0", Metric.EXPOSURE: "1e9", Metric.CONVERSIONS: "-2",
                     Metric.PARTICIPANTS: "99999999亿"}},
    {"budget": "9999999亿"},
]


@pytest.mark.parametrize("changes", BAD_FORMS)
def test_every_validation_error_renders_in_english(changes: dict[str, object]) -> None:
    values: dict[str, object] = {
        "name": "Spring Sale", "theme": "", "objective": "sales", "start": date(2026, 5, 1), "end": date(2026, 5, 31),
        "warmup_start": None, "burst_start": None, "longtail_start": None, "owner_id": "U1", "channel_id": "C1",
        "budget": "100", "contingency": "", "timezone": "UTC", "kpi_targets": {},
    }
    values.update(changes)
    draft, errors = validate_campaign_form(CampaignForm(**values))  # type: ignore[arg-type]
    assert draft is None and errors
    for error in errors:
        assert error.key in ENGLISH
    messages = field_errors(errors, "en")  # what the modal shows, with phase names translated
    assert set(messages) == {error.field for error in errors}
    for message in messages.values():
        assert message and "{" not in message and "form.error" not in message
