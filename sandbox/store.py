"""The sandbox workspace, kept in one SQLite file so a restart keeps the conversation.

Everything Slack would remember lives here: people, channels and who is in them, messages (ephemeral ones
with the one person who may see them), the modal stack and App Home of each person, uploaded files,
trigger ids, response URLs and the demo clock. Tests keep it in memory. One connection, one lock: the
sandbox serves one person at a keyboard and the bot's calls, not a crowd.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sandbox.records import (  # re-exported: the web API, the page and the tests import them from here
    Channel,
    Message,
    StoredFile,
    ViewRecord,
    _utc,
    mimetype_of,
)
from sandbox.store_schema import SCHEMA, SCHEMA_VERSION


class SandboxStore:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(messages)")}
        if "metadata" not in columns:  # a workspace saved before messages kept their metadata
            self._db.execute("ALTER TABLE messages ADD COLUMN metadata TEXT")
        found = self.meta("schema_version")
        if found is not None and int(found) > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer campaignbot sandbox (schema {found})")
        self.set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- plumbing ------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing, and nested calls join the outer one; the page's version moves once per change."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._db
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    def _changed(self, db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES ('version', '1') "
                   "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)")

    def version(self) -> int:
        return int(self.meta("version") or 0)

    def meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def new_id(self, prefix: str) -> str:
        """Slack-shaped ids (`V0A1B2C3D4`), unique per workspace."""
        return prefix + secrets.token_hex(5).upper()

    def wipe(self, *, keep_users: bool = False, keep_channels: bool = False) -> None:
        """Forget the conversation (and, unless kept, the people and channels)."""
        tables = ["messages", "views", "files", "triggers", "responses", "reads"]
        if not keep_users:
            tables.append("users")
        if not keep_channels:
            tables += ["channels", "members"]
        with self.transaction() as db:
            for table in tables:
                db.execute(f"DELETE FROM {table}")
            self._changed(db)

    # --- people ----------------------------------------------------------------------------------------
    def put_user(self, user: dict[str, Any]) -> None:
        with self.transaction() as db:
            row = db.execute("SELECT position FROM users WHERE id = ?", (user["id"],)).fetchone()
            position = row["position"] if row else self._next_position(db, "users")
            db.execute("INSERT INTO users (id, position, data) VALUES (?, ?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                       (user["id"], position, json.dumps(user, ensure_ascii=False)))
            self._changed(db)

    def user(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM users WHERE id = ?", (user_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def users(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT data FROM users ORDER BY position").fetchall()
        return [json.loads(row["data"]) for row in rows]

    def delete_users(self) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM users")
            self._changed(db)

    # --- channels ----------------------------------------------------------------------------------------
    def put_channel(self, channel: Channel, members: Sequence[str] = ()) -> Channel:
        with self.transaction() as db:
            row = db.execute("SELECT position FROM channels WHERE id = ?", (channel.id,)).fetchone()
            position = row["position"] if row else self._next_position(db, "channels")
            db.execute(
                "INSERT INTO channels (id, name, is_im, im_user, is_private, topic, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, topic = excluded.topic, "
                "is_private = excluded.is_private",
                (channel.id, channel.name, int(channel.is_im), channel.im_user, int(channel.is_private), channel.topic,
                 position),
            )
            for member in members:
                db.execute("INSERT OR IGNORE INTO members (channel, user) VALUES (?, ?)", (channel.id, member))
            self._changed(db)
        return channel

    def channel(self, channel_id: str) -> Channel | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM channels WHERE id = ?", (channel_id,)).fetchone()
        return self._channel(row) if row else None

    def channels(self, *, include_ims: bool = False) -> list[Channel]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM channels WHERE is_im = 0 OR ? ORDER BY position", (int(include_ims),)
            ).fetchall()
        return [self._channel(row) for row in rows]

    def im_for(self, user_id: str) -> Channel:
        """The bot's direct-message channel with `user_id` (D + the rest of the user id), made on first use."""
        channel_id = "D" + user_id[1:]
        existing = self.channel(channel_id)
        if existing:
            return existing
        return self.put_channel(Channel(id=channel_id, name=user_id, is_im=True, im_user=user_id, is_private=True),
                                [user_id])

    def add_member(self, channel_id: str, user_id: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO members (channel, user) VALUES (?, ?)", (channel_id, user_id))
            self._changed(db)

    def members(self, channel_id: str) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT user FROM members WHERE channel = ? ORDER BY user",
                                    (channel_id,)).fetchall()
        return [row["user"] for row in rows]

    def is_member(self, channel_id: str, user_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM members WHERE channel = ? AND user = ?",
                                    (channel_id, user_id)).fetchone() is not None

    @staticmethod
    def _channel(row: sqlite3.Row) -> Channel:
        return Channel(id=row["id"], name=row["name"], is_im=bool(row["is_im"]), im_user=row["im_user"],
                       is_private=bool(row["is_private"]), topic=row["topic"])

    # --- messages ----------------------------------------------------------------------------------------
    def add_message(
        self, *, channel: str, ts: str, user: str, bot: bool, text: str, posted_at: datetime,
        blocks: list[dict[str, Any]] | None = None, files: list[dict[str, Any]] | None = None,
        visible_to: str | None = None, thread_ts: str | None = None, metadata: dict[str, Any] | None = None,
    ) -> Message:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO messages (channel, ts, thread_ts, user, bot, text, blocks, files, visible_to, posted_at, "
                "metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (channel, ts, thread_ts, user, int(bot), text,
                 json.dumps(blocks, ensure_ascii=False) if blocks else None,
                 json.dumps(files or [], ensure_ascii=False), visible_to, posted_at.astimezone(UTC).isoformat(),
                 json.dumps(metadata, ensure_ascii=False) if metadata else None),
            )
            self._changed(db)
            message_id = cursor.lastrowid
        found = self._message_by_id(message_id or 0)
        assert found is not None
        return found

    def message(self, channel: str, ts: str) -> Message | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM messages WHERE channel = ? AND ts = ? AND deleted = 0",
                                   (channel, ts)).fetchone()
        return self._message(row) if row else None

    def _message_by_id(self, message_id: int) -> Message | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        return self._message(row) if row else None

    def update_message(self, channel: str, ts: str, *, text: str, blocks: list[dict[str, Any]] | None) -> bool:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE messages SET text = ?, blocks = ?, edited = 1 WHERE channel = ? AND ts = ? AND deleted = 0",
                (text, json.dumps(blocks, ensure_ascii=False) if blocks else None, channel, ts),
            )
            self._changed(db)
            return cursor.rowcount > 0

    def delete_message(self, channel: str, ts: str) -> bool:
        with self.transaction() as db:
            cursor = db.execute("UPDATE messages SET deleted = 1 WHERE channel = ? AND ts = ? AND deleted = 0",
                                (channel, ts))
            self._changed(db)
            return cursor.rowcount > 0

    def messages(self, channel: str, *, viewer: str | None, limit: int = 200, top_level: bool = False) -> list[Message]:
        """The newest `limit` messages `viewer` may see, oldest first (ephemeral ones only to their person); with
        `top_level`, thread replies left out, as Slack's conversations.history does."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM (SELECT * FROM messages WHERE channel = ? AND deleted = 0 "
                "AND (visible_to IS NULL OR visible_to = ?) "
                "AND (? = 0 OR thread_ts IS NULL OR thread_ts = ts) ORDER BY id DESC LIMIT ?) ORDER BY id",
                (channel, viewer, int(top_level), limit),
            ).fetchall()
        return [self._message(row) for row in rows]

    def thread(self, channel: str, ts: str, *, limit: int = 1000) -> list[Message]:
        """The thread `ts` belongs to (its parent or one of its replies), parent first, then the oldest `limit` - 1
        replies; empty when there is no such message. Ephemeral messages are nobody's thread."""
        found = self.message(channel, ts)
        if found is None:
            return []
        parent = found.thread_ts or found.ts
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM messages WHERE channel = ? AND deleted = 0 AND visible_to IS NULL "
                "AND (ts = ? OR thread_ts = ?) ORDER BY ts = ? DESC, id LIMIT ?",
                (channel, parent, parent, parent, limit),
            ).fetchall()
        return [self._message(row) for row in rows]

    def last_ts(self) -> str | None:
        return self.meta("last_ts")

    def mark_read(self, user: str, channel: str) -> None:
        with self.transaction() as db:
            row = db.execute("SELECT MAX(id) AS id FROM messages WHERE channel = ?", (channel,)).fetchone()
            db.execute("INSERT INTO reads (user, channel, message_id) VALUES (?, ?, ?) "
                       "ON CONFLICT (user, channel) DO UPDATE SET message_id = excluded.message_id",
                       (user, channel, row["id"] or 0))

    def unread(self, user: str) -> dict[str, int]:
        """Per channel, how many messages `user` may see arrived since they last looked."""
        with self._lock:
            rows = self._db.execute(
                "SELECT m.channel AS channel, COUNT(*) AS n FROM messages m "
                "LEFT JOIN reads r ON r.user = ? AND r.channel = m.channel "
                "WHERE m.deleted = 0 AND (m.visible_to IS NULL OR m.visible_to = ?) AND m.user != ? "
                "AND m.id > COALESCE(r.message_id, 0) GROUP BY m.channel",
                (user, user, user),
            ).fetchall()
        return {row["channel"]: row["n"] for row in rows}

    @staticmethod
    def _message(row: sqlite3.Row) -> Message:
        return Message(
            id=row["id"], channel=row["channel"], ts=row["ts"], user=row["user"], bot=bool(row["bot"]),
            text=row["text"], blocks=json.loads(row["blocks"]) if row["blocks"] else None,
            files=json.loads(row["files"] or "[]"), visible_to=row["visible_to"], thread_ts=row["thread_ts"],
            edited=bool(row["edited"]), deleted=bool(row["deleted"]), posted_at=_utc(row["posted_at"]),
            metadata=json.loads(row["metadata"]) if row["metadata"] else None,
        )

    # --- views -------------------------------------------------------------------------------------------
    def modal_stack(self, user: str) -> list[ViewRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM views WHERE user = ? AND kind = 'modal' AND open = 1 ORDER BY position", (user,)
            ).fetchall()
        return [self._view(row) for row in rows]

    def view(self, view_id: str) -> ViewRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM views WHERE id = ?", (view_id,)).fetchone()
        return self._view(row) if row else None

    def view_by_external_id(self, external_id: str) -> ViewRecord | None:
        with self._lock:
            rows = self._db.execute("SELECT * FROM views WHERE open = 1").fetchall()
        for row in rows:
            record = self._view(row)
            if record.data.get("external_id") == external_id:
                return record
        return None

    def home(self, user: str) -> ViewRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM views WHERE user = ? AND kind = 'home'", (user,)).fetchone()
        return self._view(row) if row else None

    def open_modal(self, user: str, data: dict[str, Any], *, replace: bool) -> ViewRecord:
        """A new modal on top of `user`'s stack; `replace` closes what was open first (views.open)."""
        with self.transaction() as db:
            stack = self.modal_stack(user)
            if replace and stack:
                db.execute("UPDATE views SET open = 0 WHERE user = ? AND kind = 'modal'", (user,))
                stack = []
            record = ViewRecord(
                id=self.new_id("V"), user=user, kind="modal", position=len(stack), data=data, hash=self._hash(),
                root_id=stack[0].id if stack else None, previous_id=stack[-1].id if stack else None,
            )
            self._insert_view(db, record)
            self._changed(db)
        return record

    def replace_view(self, view_id: str, data: dict[str, Any]) -> ViewRecord | None:
        """views.update and `response_action: update`: same id, same place in the stack, new content."""
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE views SET data = ?, hash = ?, errors = '{}', revision = revision + 1, notice = NULL "
                "WHERE id = ? AND open = 1",
                (json.dumps(data, ensure_ascii=False), self._hash(), view_id),
            )
            self._changed(db)
            if not cursor.rowcount:
                return None
        return self.view(view_id)

    def publish_home(self, user: str, data: dict[str, Any]) -> ViewRecord:
        with self.transaction() as db:
            existing = self.home(user)
            if existing:
                db.execute("UPDATE views SET data = ?, hash = ?, revision = revision + 1 WHERE id = ?",
                           (json.dumps(data, ensure_ascii=False), self._hash(), existing.id))
                self._changed(db)
                record = self.view(existing.id)
                assert record is not None
                return record
            record = ViewRecord(id=self.new_id("V"), user=user, kind="home", position=0, data=data, hash=self._hash())
            self._insert_view(db, record)
            self._changed(db)
            return record

    def set_view_errors(self, view_id: str, errors: dict[str, str]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE views SET errors = ?, revision = revision + 1, notice = NULL WHERE id = ?",
                       (json.dumps(errors, ensure_ascii=False), view_id))
            self._changed(db)

    def set_view_notice(self, view_id: str, notice: str | None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE views SET notice = ?, revision = revision + 1 WHERE id = ?", (notice, view_id))
            self._changed(db)

    def close_view(self, view_id: str) -> None:
        """Closes this view and any pushed above it."""
        with self.transaction() as db:
            record = self.view(view_id)
            if record is None:
                return
            db.execute("UPDATE views SET open = 0 WHERE user = ? AND kind = 'modal' AND position >= ?",
                       (record.user, record.position))
            self._changed(db)

    def close_modals(self, user: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE views SET open = 0 WHERE user = ? AND kind = 'modal'", (user,))
            self._changed(db)

    def _insert_view(self, db: sqlite3.Connection, record: ViewRecord) -> None:
        db.execute(
            "INSERT INTO views (id, user, kind, position, data, hash, errors, root_id, previous_id, open, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, 1, 1)",
            (record.id, record.user, record.kind, record.position, json.dumps(record.data, ensure_ascii=False),
             record.hash, record.root_id, record.previous_id),
        )

    @staticmethod
    def _hash() -> str:
        return f"{int(datetime.now(UTC).timestamp())}.{secrets.token_hex(4)}"

    @staticmethod
    def _view(row: sqlite3.Row) -> ViewRecord:
        return ViewRecord(
            id=row["id"], user=row["user"], kind=row["kind"], position=row["position"], data=json.loads(row["data"]),
            hash=row["hash"], errors=json.loads(row["errors"] or "{}"), root_id=row["root_id"],
            previous_id=row["previous_id"], open=bool(row["open"]), revision=row["revision"], notice=row["notice"],
        )

    # --- files -------------------------------------------------------------------------------------------
    def reserve_file(self, *, file_id: str, name: str, size: int, user: str, now: datetime) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO files (id, name, title, mimetype, size, content, user, channel, complete, created_at) "
                "VALUES (?, ?, ?, ?, ?, NULL, ?, NULL, 0, ?)",
                (file_id, name, name, mimetype_of(name), size, user, now.astimezone(UTC).isoformat()),
            )

    def put_file_content(self, file_id: str, content: bytes) -> bool:
        with self.transaction() as db:
            cursor = db.execute("UPDATE files SET content = ?, size = ? WHERE id = ?", (content, len(content), file_id))
            return cursor.rowcount > 0

    def complete_file(self, file_id: str, *, title: str | None, channel: str | None) -> StoredFile | None:
        with self.transaction() as db:
            db.execute("UPDATE files SET complete = 1, title = COALESCE(?, title), channel = ? WHERE id = ?",
                       (title, channel, file_id))
            self._changed(db)
        return self.file(file_id)

    def add_file(self, *, file_id: str, name: str, content: bytes, user: str, now: datetime,
                 size: int | None = None, channel: str | None = None) -> StoredFile:
        """A file that is complete at once (a person's upload, or a test's fixture)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO files (id, name, title, mimetype, size, content, user, channel, complete, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                "content = excluded.content, size = excluded.size",
                (file_id, name, name, mimetype_of(name), len(content) if size is None else size, content, user,
                 channel, now.astimezone(UTC).isoformat()),
            )
            self._changed(db)
        found = self.file(file_id)
        assert found is not None
        return found

    def file(self, file_id: str) -> StoredFile | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
        if row is None:
            return None
        return StoredFile(id=row["id"], name=row["name"], title=row["title"], mimetype=row["mimetype"],
                          size=row["size"], content=row["content"], user=row["user"], channel=row["channel"],
                          complete=bool(row["complete"]))

    def files(self) -> list[StoredFile]:
        with self._lock:
            ids = [row["id"] for row in self._db.execute("SELECT id FROM files ORDER BY created_at, id").fetchall()]
        return [found for file_id in ids if (found := self.file(file_id))]

    # --- triggers and response URLs ------------------------------------------------------------------------
    def new_trigger(self, user: str) -> str:
        trigger_id = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        with self.transaction() as db:
            db.execute("INSERT INTO triggers (id, user) VALUES (?, ?)", (trigger_id, user))
        return trigger_id

    def use_trigger(self, trigger_id: str) -> tuple[str | None, bool]:
        """(the person the trigger belongs to, whether it was already used); marks it used."""
        with self.transaction() as db:
            row = db.execute("SELECT user, used FROM triggers WHERE id = ?", (trigger_id,)).fetchone()
            if row is None:
                return None, False
            db.execute("UPDATE triggers SET used = 1 WHERE id = ?", (trigger_id,))
            return row["user"], bool(row["used"])

    def new_response_token(self, context: dict[str, Any]) -> str:
        token = secrets.token_urlsafe(18)
        with self.transaction() as db:
            db.execute("INSERT INTO responses (token, data) VALUES (?, ?)", (token, json.dumps(context)))
        return token

    def response_context(self, token: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM responses WHERE token = ?", (token,)).fetchone()
        return json.loads(row["data"]) if row else None

    @staticmethod
    def _next_position(db: sqlite3.Connection, table: str) -> int:
        row = db.execute(f"SELECT COALESCE(MAX(position), -1) + 1 AS p FROM {table}").fetchone()
        return int(row["p"])
