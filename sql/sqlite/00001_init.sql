-- The first schema of the embedded store: users, conversations, members and
-- messages. Times are unix milliseconds; seqs are per-conversation positions
-- starting at 1 (0 means "none"). Tables are STRICT so that a wrong type is
-- an error instead of a silently stored string.

-- +goose Up

-- Users are created by business back ends, which choose the ids.
-- attributes is a JSON object of strings kept for the back end.
CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL DEFAULT '',
    avatar_url    TEXT    NOT NULL DEFAULT '',
    attributes    TEXT    NOT NULL DEFAULT '{}',
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;

-- last_seq is the seq of the newest message; the next message gets
-- last_seq + 1, assigned inside the transaction that stores it.
-- updated_at_ms is the last activity, which orders conversation lists.
-- WITHOUT ROWID: rows are small and always found by id, so the table is its
-- own primary-key index.
CREATE TABLE conversations (
    id            TEXT    NOT NULL PRIMARY KEY,
    kind          INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- One row per user per conversation, holding that user's positions.
-- user_id has no foreign key to users: membership is decided by the
-- messaging core, and system or imported conversations may name users the
-- store has not seen.
CREATE TABLE members (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id),
    user_id         TEXT    NOT NULL,
    joined_seq      INTEGER NOT NULL,
    read_seq        INTEGER NOT NULL,
    delivered_seq   INTEGER NOT NULL,
    joined_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) STRICT, WITHOUT ROWID;

-- Conversation lists start from the user.
CREATE INDEX members_user_id ON members (user_id);

-- A message is stored once, in its conversation, at its seq. The primary
-- key is the last line of defence against two messages at one seq.
-- WITHOUT ROWID clusters a conversation's messages in seq order, which is
-- how they are read (sync and history are seq ranges).
-- client_msg_id is NULL when the sender gave none: NULLs never collide in a
-- UNIQUE index, so such messages are never taken for duplicates.
-- content is a proto-encoded chorus.v1.Content.
CREATE TABLE messages (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    id              INTEGER NOT NULL,
    sender_id       TEXT    NOT NULL,
    client_msg_id   TEXT,
    server_time_ms  INTEGER NOT NULL,
    content         BLOB    NOT NULL,
    PRIMARY KEY (conversation_id, seq)
) STRICT, WITHOUT ROWID;

-- Idempotent sends: one message per (sender, client message id), whatever
-- the conversation. client_msg_id comes first for write locality: clients
-- that use time-ordered ids (UUIDv7, ULID, a counter) append to one end of
-- the index, where (sender_id, ...) would touch one page per active sender
-- in every commit. Lookups give both columns, so either order serves them.
CREATE UNIQUE INDEX messages_client_msg_id ON messages (client_msg_id, sender_id);

-- +goose Down

DROP INDEX messages_client_msg_id;
DROP TABLE messages;
DROP INDEX members_user_id;
DROP TABLE members;
DROP TABLE conversations;
DROP TABLE users;
