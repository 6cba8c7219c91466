"""Pass: the morning digest. Messages held over a person's quiet hours (bot.campaigns.service.quiet) are gathered,
when their morning comes, into one direct message per person instead of one message each."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from bot.digest.blocks import digest_blocks, digest_fallback
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from storage.repositories import delivery as repo

DIGEST = "digest"  # the outbox kind of the morning digest (quiet hours never hold it)
BATCH = 1000  # held messages per round; a person's messages may span two rounds (two digests), never get lost


def run(services: Services, now: datetime) -> int:
    added = 0
    while not services.stopping.is_set():
        with services.unit_of_work() as session:
            people = sorted({message.channel for message in repo.overnight_due(session=session, now=now,
                                                                                 limit=BATCH)})
        if not people:
            return added
        locales = {person: services.locale_for(person) for person in people}  # asked of Slack before rows are held
        with services.unit_of_work() as session:
            held = repo.overnight_due(session=session, now=now, limit=BATCH)
            for person, messages in groupby(held, key=lambda message: message.channel):
                rows = list(messages)
                locale = locales.get(person) or services.locale_for(person)
                texts = [row.text for row in rows]
                added += outbox.enqueue(session, key=f"digest:{person}:{rows[0].pk}", kind=DIGEST, channel=person,
                                        text=digest_fallback(len(texts), locale), blocks=digest_blocks(texts, locale),
                                        now=now)
                for row in rows:
                    row.status, row.sent_at = repo.DIGESTED, now
        if len(held) < BATCH:
            return added
    return added

