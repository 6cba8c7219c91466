"""A CSV or XLSX shared in a campaign channel whose header reads like a division-of-labour table: the channel is
offered an Import button.

The offer goes through the outbox (key `import-offer:<channel>:<file>`), in the campaign owner's language like
every channel notice: said once however often Slack repeats the event, and sent later when Slack is down."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import PurePath

from slack_sdk.errors import SlackApiError

from bot.imports.blocks import offer_blocks
from bot.imports.rules import MAX_FILE_BYTES, TableImportError, map_headers, read_file
from bot.kernel.blockkit.text import escape, mention
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from storage.repositories import campaigns as repo

log = logging.getLogger(__name__)
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class SharedFile:
    team_id: str
    channel_id: str
    user_id: str
    file_id: str


def offer_import(services: Services, shared: SharedFile) -> bool:
    """True when the offer was written (and delivered, unless Slack is down: then the delivery pass sends it)."""
    if not shared.channel_id or not shared.file_id:
        return False
    with services.unit_of_work() as session:
        campaigns = repo.live_campaigns_in_channel(session=session, team_id=shared.team_id,
                                                   channel_id=shared.channel_id)
        if len(campaigns) != 1:  # none, or several: which one the table is for is not ours to guess
            return False
        campaign = campaigns[0]
        name, campaign_id, owner_id = campaign.name, campaign.id, campaign.owner_id
    try:
        info = services.slack.file_info(shared.file_id)
        if PurePath(info.name.lower()).suffix not in TABLE_SUFFIXES or info.size > MAX_FILE_BYTES:
            return False
        grid = read_file(info.name, services.slack.download(info, max_bytes=MAX_FILE_BYTES))
        map_headers(grid.rows[0])
    except (SlackApiError, TableImportError, IndexError) as error:
        log.info("shared file %s is not an importable table: %s", shared.file_id, error)
        return False
    locale = services.locale_for(owner_id)
    value = json.dumps({"file": shared.file_id, "campaign": campaign_id})
    blocks = offer_blocks(user_id=shared.user_id, file_name=info.name, campaign_name=name, value=value,
                          locale=locale)
    text = t("imports.offer", locale, user=mention(shared.user_id), file=escape(info.name), name=escape(name))
    key = f"import-offer:{shared.channel_id}:{shared.file_id}"
    with services.unit_of_work() as session:
        written = outbox.enqueue(session, key=key, kind="import_offer", channel=shared.channel_id, text=text,
                                 blocks=blocks, now=services.clock.now(), campaign_id=campaign_id)
    if written:
        outbox.deliver(services, [key])
    return written
