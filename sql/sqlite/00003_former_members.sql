-- A former member's entry shows the group as it was when they left: its
-- name, avatar and member count right after the change that removed them.
-- Nothing that changes later (a rename, new members, a new avatar) is
-- theirs to see. The store writes these columns in the transaction that
-- removes the member; they are read only while left_seq > 0 (a member who
-- rejoins reads the group's own columns again).

-- +goose Up

ALTER TABLE members ADD COLUMN left_name         TEXT    NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN left_avatar_url   TEXT    NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN left_member_count INTEGER NOT NULL DEFAULT 0;

-- Members who left before this version: the group as it is at the upgrade
-- is the best that is known (the history keeps no older member counts).
UPDATE members SET left_name = c.name, left_avatar_url = c.avatar_url, left_member_count = c.member_count
    FROM conversations AS c
    WHERE c.id = members.conversation_id AND members.left_seq > 0;

-- +goose Down

ALTER TABLE members DROP COLUMN left_member_count;
ALTER TABLE members DROP COLUMN left_avatar_url;
ALTER TABLE members DROP COLUMN left_name;
