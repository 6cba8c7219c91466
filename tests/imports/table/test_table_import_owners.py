import pytest

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import OwnerError
from bot.imports.rules.owners import OwnerKind, OwnerRef, split_owner_cell
from bot.imports.rules.user_index import UserIndex

MEMBERS: list[dict[str, object]] = [
    {
        "id": "U01ZHANG",
        "name": "zhangsan",
        "real_name": "Zhang San",
        "profile": {"display_name": "张三", "real_name": "Zhang San", "email": "Zhang.San@Example.com"},
    },
    {
        "id": "U02LI",
        "name": "lisi",
        "profile": {"display_name": "李四", "real_name": "Li Si", "email": "ls@example.com"},
    },
    {"id": "U03WEI", "name": "liwei1", "profile": {"display_name": "", "real_name": "Li Wei"}},
    {"id": "U04WEI", "name": "liwei2", "profile": {"display_name": "Li Wei", "real_name": "李伟"}},
    {"id": "U05WANG", "name": "wanghp", "profile": {"display_name": "王和平", "real_name": "Wang Heping"}},
    {
        "id": "U06GONE",
        "name": "zhaoliu",
        "deleted": True,
        "profile": {"display_name": "赵六", "real_name": "Zhao Liu", "email": "zl@example.com"},
    },
    {"id": "U07BOT", "name": "reportbot", "is_bot": True, "profile": {"display_name": "Report Bot"}},
    {"id": "USLACKBOT", "name": "slackbot", "is_bot": False, "profile": {"display_name": "Slackbot"}},
]
USERS = UserIndex.from_members(MEMBERS)


def one(text: str) -> OwnerRef:
    refs = split_owner_cell(text)
    assert len(refs) == 1
    return refs[0]


def resolve(text: str) -> str:
    return USERS.resolve(one(text))


def resolve_error(text: str) -> OwnerError:
    with pytest.raises(OwnerError) as caught:
        resolve(text)
    return caught.value


def test_mention_without_and_with_label() -> None:
    assert one("<@U01ZHANG>") == OwnerRef(OwnerKind.USER_ID, "U01ZHANG", "<@U01ZHANG>")
    assert one("<@U01ZHANG|zhangsan>").value == "U01ZHANG"
    assert resolve("<@U01ZHANG|zhangsan>") == "U01ZHANG"


def test_email_plain_and_as_slack_renders_it() -> None:
    email = "zhang.san@example.com"
    assert one(email) == OwnerRef(OwnerKind.EMAIL, email, email)
    rendered = one("<mailto:Zhang.San@example.com|Zhang.San@example.com>")
    assert rendered.kind is OwnerKind.EMAIL
    assert rendered.value == "zhang.san@example.com"
    assert resolve("ZHANG.SAN@example.com") == "U01ZHANG"  # case-insensitive


@pytest.mark.parametrize(
    "name",
    [
        "张三",
        "Zhang San",
        "zhang san",
        "ZhangSan",
        "zhangsan",
        "@张三",
        "＠张三",
        " 张三 ",
        "ＺＨＡＮＧ　ＳＡＮ",  # full-width letters and space
    ],
)
def test_names_match_display_real_name_and_handle(name: str) -> None:
    assert one(name).kind is OwnerKind.NAME
    assert resolve(name) == "U01ZHANG"


@pytest.mark.parametrize(
    "cell",
    [
        "张三、李四",
        "张三,李四",
        "张三，李四",
        "张三/李四",
        "张三;李四",
        "张三；李四",
        "张三 and 李四",
        "张三和李四",
        "<@U01ZHANG> <@U02LI>",
        "<@U01ZHANG|张三, 组长>、ls@example.com",
    ],
)
def test_each_separator_splits_owners(cell: str) -> None:
    refs = split_owner_cell(cell)
    assert [USERS.resolve(ref) for ref in refs] == ["U01ZHANG", "U02LI"]


def test_repeated_owner_in_one_cell_is_kept_once() -> None:
    assert split_owner_cell("张三、张三") == [OwnerRef(OwnerKind.NAME, "张三", "张三")]


def test_blank_cell_has_no_owners() -> None:
    assert split_owner_cell("  、 ") == []


def test_ambiguous_name_lists_candidates() -> None:
    error = resolve_error("li wei")
    assert error.code is Code.OWNER_AMBIGUOUS
    assert error.params == {"owner": "li wei", "candidates": ["U03WEI", "U04WEI"]}


def test_unknown_name() -> None:
    error = resolve_error("设计组")
    assert error.code is Code.OWNER_UNKNOWN
    assert error.params == {"owner": "设计组", "reason": "not_found"}


@pytest.mark.parametrize("text", ["赵六", "<@U06GONE>", "zl@example.com"])
def test_deleted_user_never_matches(text: str) -> None:
    error = resolve_error(text)
    assert error.code is Code.OWNER_UNKNOWN
    assert error.params["reason"] == "deactivated"


@pytest.mark.parametrize("text", ["Report Bot", "<@U07BOT>", "slackbot"])
def test_bots_never_match(text: str) -> None:
    error = resolve_error(text)
    assert error.code is Code.OWNER_UNKNOWN
    assert error.params["reason"] == "bot"


def test_mention_of_user_not_in_the_index_is_unknown() -> None:
    assert resolve_error("<@U99NOBODY>").params == {"owner": "<@U99NOBODY>", "reason": "not_found"}


def test_email_not_in_the_index_asks_the_callback() -> None:
    asked: list[str] = []

    def lookup(email: str) -> str | None:
        asked.append(email)
        return "U01ZHANG" if email == "zs.alias@example.com" else None

    assert USERS.resolve(one("ZS.Alias@example.com"), lookup) == "U01ZHANG"
    with pytest.raises(OwnerError) as caught:
        USERS.resolve(one("ghost@example.com"), lookup)
    assert caught.value.params["reason"] == "not_found"
    assert asked == ["zs.alias@example.com", "ghost@example.com"]


def test_email_callback_answer_for_a_deactivated_user_is_refused() -> None:
    with pytest.raises(OwnerError) as caught:
        USERS.resolve(one("old@example.com"), lambda _email: "U06GONE")
    assert caught.value.params["reason"] == "deactivated"


def test_email_not_in_index_without_callback_is_unknown() -> None:
    assert resolve_error("ghost@example.com").code is Code.OWNER_UNKNOWN
