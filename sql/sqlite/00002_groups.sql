-- Groups, conversation lists that sync by version, mentions and read
-- receipts. A group is a conversation ("g:<id>") whose group fields live on
-- its conversations row; the other kinds leave them at their defaults.
-- Booleans are INTEGER 0 or 1, as STRICT tables have no BOOLEAN.

-- +goose Up

-- The group fields. owner_id and member_count are kept by the store from
-- the members rows in the transaction that changes them, so that a group's
-- header and a receipt count never need a scan of a large membership.
-- member_count counts current members (left_seq 0) of every kind of
-- conversation. attributes is a JSON object of strings, as on users.
-- dissolved never goes back to 0: a dissolved group keeps its history.
--
-- version is the store version (see store_version) of the newest change to
-- the conversation itself: a message, a group change, a member change, and
-- in a direct conversation a read mark (the peer's entry shows it). It is
-- shared by every member's entry, so a message to a group of any size
-- moves one row, not one per member.
ALTER TABLE conversations ADD COLUMN name         TEXT    NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN avatar_url   TEXT    NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN attributes   TEXT    NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN join_policy  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN muted        INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN dissolved    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN owner_id     TEXT    NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN version      INTEGER NOT NULL DEFAULT 0;

-- A member leaves by getting a left_seq (0 = current member): the row stays,
-- so a former member still reads history up to it and still lists the
-- conversation, and rejoining reuses the row (with a new joined_seq).
-- left_at_ms is the conversation's activity time when they left, which
-- orders the entry in their list from then on: a group's later messages
-- are not theirs to see, so they must not move it up.
-- role is a chorus.v1.GroupRole (1, MEMBER, outside groups).
-- pinned and muted are the user's own settings of their entry.
-- version is the store version of the newest change to this row that the
-- conversation's version does not already cover (a read mark, settings,
-- being mentioned, a membership change). An entry's version is
-- MAX(conversations.version, members.version).
ALTER TABLE members ADD COLUMN role           INTEGER NOT NULL DEFAULT 1;
ALTER TABLE members ADD COLUMN muted_until_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN left_seq       INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN left_at_ms     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN pinned         INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN muted          INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN version        INTEGER NOT NULL DEFAULT 0;

-- Read receipts count, per seq, the current members who joined before it
-- and those whose positions reached it. Positions only grow and
-- delivered_seq >= read_seq >= joined_seq, so each count is one range of
-- one of these indexes (see CountReceipts), never a scan of the whole
-- membership. Partial: former members are never counted, and their rows
-- cost the indexes nothing.
CREATE INDEX members_current_joined    ON members (conversation_id, joined_seq)    WHERE left_seq = 0;
CREATE INDEX members_current_read      ON members (conversation_id, read_seq)      WHERE left_seq = 0;
CREATE INDEX members_current_delivered ON members (conversation_id, delivered_seq) WHERE left_seq = 0;

-- A message's mentions as it was sent, for history: mention_user_ids is a
-- JSON array of user ids, NULL when there are none.
ALTER TABLE messages ADD COLUMN mention_user_ids TEXT;
ALTER TABLE messages ADD COLUMN mention_all      INTEGER NOT NULL DEFAULT 0;

-- The same mentions, one row per mentioned user ('*' for everyone; a
-- message that mentions everyone has only that row), so that a user's
-- mention count is two short ranges of the primary key: their own rows and
-- the '*' rows after their read position. Written in the transaction that
-- stores the message; no foreign key, as nothing else writes here.
-- user_id is whatever the sender named: a mention of a non-member is a row
-- nobody counts.
CREATE TABLE mentions (
    conversation_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id, seq)
) STRICT, WITHOUT ROWID;

-- The store's version: a counter that write transactions take new values
-- from (and write back once, at their end), so versions grow in commit
-- order and are never reused. One row.
CREATE TABLE store_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;

-- Existing conversations get distinct versions 1..n and the counter starts
-- after them, so a first sync (since version 0) sees every entry and can
-- page through them by version. member_count starts from the rows.
UPDATE conversations SET version = r.n
    FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM conversations) AS r
    WHERE r.id = conversations.id;
UPDATE conversations SET member_count =
    (SELECT COUNT(*) FROM members WHERE members.conversation_id = conversations.id);
INSERT INTO store_version (id, version) VALUES (1, (SELECT COUNT(*) FROM conversations));

-- +goose Down

DROP TABLE store_version;
DROP TABLE mentions;
ALTER TABLE messages DROP COLUMN mention_all;
ALTER TABLE messages DROP COLUMN mention_user_ids;
DROP INDEX members_current_delivered;
DROP INDEX members_current_read;
DROP INDEX members_current_joined;
-- The first schema has no former members: whoever left is no member.
DELETE FROM members WHERE left_seq > 0;
ALTER TABLE members DROP COLUMN version;
ALTER TABLE members DROP COLUMN muted;
ALTER TABLE members DROP COLUMN pinned;
ALTER TABLE members DROP COLUMN left_at_ms;
ALTER TABLE members DROP COLUMN left_seq;
ALTER TABLE members DROP COLUMN muted_until_ms;
ALTER TABLE members DROP COLUMN role;
ALTER TABLE conversations DROP COLUMN version;
ALTER TABLE conversations DROP COLUMN member_count;
ALTER TABLE conversations DROP COLUMN owner_id;
ALTER TABLE conversations DROP COLUMN dissolved;
ALTER TABLE conversations DROP COLUMN muted;
ALTER TABLE conversations DROP COLUMN join_policy;
ALTER TABLE conversations DROP COLUMN attributes;
ALTER TABLE conversations DROP COLUMN avatar_url;
ALTER TABLE conversations DROP COLUMN name;
