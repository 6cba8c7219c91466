"""The sandbox workspace's SQLite tables (sandbox/store.py); a newer file than this code is refused."""

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS channels (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, is_im INTEGER NOT NULL, im_user TEXT, is_private INTEGER NOT NULL,
    topic TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS members (channel TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (channel, user));
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, ts TEXT NOT NULL, thread_ts TEXT,
    user TEXT NOT NULL, bot INTEGER NOT NULL, text TEXT NOT NULL, blocks TEXT, files TEXT, visible_to TEXT,
    edited INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, posted_at TEXT NOT NULL,
    metadata TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_messages_ts ON messages (channel, ts);
CREATE TABLE IF NOT EXISTS views (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL,
    hash TEXT NOT NULL, errors TEXT NOT NULL DEFAULT '{}', root_id TEXT, previous_id TEXT,
    open INTEGER NOT NULL DEFAULT 1, revision INTEGER NOT NULL DEFAULT 1, notice TEXT
);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL, mimetype TEXT NOT NULL, size INTEGER NOT NULL,
    content BLOB, user TEXT NOT NULL, channel TEXT, complete INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS triggers (id TEXT PRIMARY KEY, user TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS responses (token TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reads (user TEXT NOT NULL, channel TEXT NOT NULL, message_id INTEGER NOT NULL,
                                  PRIMARY KEY (user, channel));
"""
