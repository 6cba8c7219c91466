"""Read a table, check it against the campaign and the workspace, and build the preview to confirm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View as SlackView

from bot.campaigns.service.campaigns import live_campaign
from bot.imports.blocks import issue_text, preview_view
from bot.imports.rules import (
    MAX_FILE_BYTES,
    Code,
    Grid,
    TableReadError,
    UserIndex,
    parse_table,
    read_file,
    read_pasted,
)
from bot.imports.service import tables as import_service
from bot.kernel import policy
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.services import Services

# Problems with the table as a whole are answered on the input field; row problems get the preview.
TABLE_LEVEL = frozenset({
    Code.NO_TASK_COLUMN, Code.DUPLICATE_COLUMN, Code.NO_OWNER_COLUMN, Code.NO_DUE_COLUMN, Code.EMPTY_TABLE,
    Code.TOO_MANY_ROWS,
})


@dataclass(frozen=True)
class Preview:
    view: SlackView | None = None
    error: str | None = None  # for the input field, when the table cannot be read at all


def pasted(text: str) -> Callable[[], Grid]:
    return lambda: read_pasted(text)


def shared_file(services: Services, file_id: str) -> tuple[str, Callable[[], Grid]]:
    """The file's name and a reader that refuses big files before downloading them."""
    info = services.slack.file_info(file_id)

    def read() -> Grid:
        if info.size > MAX_FILE_BYTES:
            raise TableReadError(Code.FILE_TOO_LARGE, {"size_bytes": info.size, "max_bytes": MAX_FILE_BYTES})
        return read_file(info.name, services.slack.download(info, max_bytes=MAX_FILE_BYTES))

    return info.name, read


def build_preview(
    services: Services, *, campaign_id: int, actor: policy.Actor, source: str, read: Callable[[], Grid], locale: str
) -> Preview:
    with services.unit_of_work() as session:
        campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        import_service.check_may_import(actor, campaign)
        name, start, end, timezone = campaign.name, campaign.start_date, campaign.end_date, campaign.timezone
    try:
        grid = read()
    except TableReadError as error:
        return Preview(error=issue_text(error.code, dict(error.params), locale))
    members = services.slack.list_users()  # one walk of users.list per import
    users = UserIndex.from_members(members)
    result = parse_table(grid, campaign_start=start, campaign_end=end, tz=ZoneInfo(timezone), users=users,
                         lookup_email=services.slack.lookup_user_by_email)
    table_level = [issue for issue in result.issues if issue.code in TABLE_LEVEL]
    if table_level:
        return Preview(error=" ".join(issue_text(issue.code, dict(issue.params), locale) for issue in table_level))
    plan = None
    metadata = ModalMetadata(campaign_id=campaign_id)
    if result.ok or result.only_unknown_owners:
        # Rows with an unknown owner are kept without one; Confirm imports them only once the box says so.
        owners = {row.owner_id for row in result.tasks}
        zones = {m["id"]: m["tz"] for m in members if m.get("id") in owners and m.get("tz")}
        rows = sorted([*result.tasks, *result.unassigned], key=lambda row: row.row_number)  # in the table's order
        table = import_service.ParsedTable(tasks=rows, milestones=result.milestones, owner_zones=zones)
        with services.unit_of_work() as session:
            plan = import_service.plan_for(session=session, campaign_id=campaign_id, table=table)
            pending = import_service.keep_pending(session=session, campaign_id=campaign_id, table=table,
                                                  source=source, user_id=actor.user_id, now=services.clock.now())
            metadata = ModalMetadata(campaign_id=campaign_id, import_id=pending.id)
    return Preview(view=preview_view(campaign_name=name, timezone=timezone, source=source, result=result, plan=plan,
                                     metadata=metadata.dump(), locale=locale))


def require_one_input(text: str, files: list[dict[str, object]]) -> None:
    if text.strip() and files:
        raise InvalidInput("imports.both_inputs")
    if not text.strip() and not files:
        raise InvalidInput("imports.need_input")
