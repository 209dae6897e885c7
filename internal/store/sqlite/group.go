package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// CreateGroup implements im.Store. The record's OwnerID, MemberCount and
// LastSeq are ignored: the store derives them (the owner is the first
// member given GROUP_ROLE_OWNER). A member without a role is a plain
// member; one listed twice is stored once, with the first role. Zero
// times default to now, and members join at the creation time.
func (s *Store) CreateGroup(ctx context.Context, g *im.GroupRecord, members []im.MemberSpec, event *chorusv1.Message) (*chorusv1.Message, error) {
	if g == nil || g.ConversationID == "" {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "no group conversation id")
	}
	attrs, err := encodeAttributes(withoutEmpty(g.Attributes))
	if err != nil {
		return nil, fmt.Errorf("sqlite: create group: %w", err)
	}
	ev, err := prepareEvent(g.ConversationID, event)
	if err != nil {
		return nil, fmt.Errorf("sqlite: create group: %w", err)
	}
	stored, err := s.createGroup(ctx, g, attrs, members, ev)
	if err != nil {
		return nil, s.fail(ctx, "create group", err)
	}
	return stored, nil
}

func (s *Store) createGroup(ctx context.Context, g *im.GroupRecord, attrs string, members []im.MemberSpec, event []pendingMessage) (*chorusv1.Message, error) {
	createdAt := g.CreatedAtMs
	if createdAt == 0 {
		createdAt = nowMs()
	}
	updatedAt := max(g.UpdatedAtMs, createdAt)

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	vs := s.newVersions(ctx, tx)
	v, err := vs.of(ctx, g.ConversationID)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO conversations
		(id, kind, last_seq, created_at_ms, updated_at_ms, name, avatar_url, attributes,
		 join_policy, muted, dissolved, version)
		VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		g.ConversationID, int64(chorusv1.ConversationKind_CONVERSATION_KIND_GROUP), createdAt, updatedAt,
		g.Name, g.AvatarURL, attrs, int64(g.JoinPolicy), g.Muted, g.Dissolved, int64(v))
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_ALREADY_EXISTS,
			"conversation %q already exists", clip(g.ConversationID))
	}
	if _, err := s.insertMembers(ctx, tx, g.ConversationID, createdAt, v, members); err != nil {
		return nil, err
	}
	stored, err := s.appendEvent(ctx, tx, vs, event)
	if err != nil {
		return nil, err
	}
	if err := vs.flush(ctx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return stored, nil
}

// GetGroup implements im.Store: a conversation of another kind is not
// found.
func (s *Store) GetGroup(ctx context.Context, conversationID string) (*im.GroupRecord, error) {
	g, err := scanGroup(s.stmts.getGroup.QueryRowContext(ctx, conversationID), conversationID)
	if err != nil {
		return nil, s.fail(ctx, "get group", err)
	}
	return g, nil
}

// UpdateGroup implements im.Store. Every update moves the conversation's
// version, so every member's entry (name, avatar) is synced again. The
// group's activity time moves only with the event, as for any message.
func (s *Store) UpdateGroup(ctx context.Context, conversationID string, upd im.GroupUpdate, event *chorusv1.Message) (*im.GroupRecord, *chorusv1.Message, error) {
	ev, err := prepareEvent(conversationID, event)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: update group: %w", err)
	}
	g, stored, err := s.updateGroup(ctx, conversationID, upd, ev)
	if err != nil {
		return nil, nil, s.fail(ctx, "update group", err)
	}
	return g, stored, nil
}

func (s *Store) updateGroup(ctx context.Context, conversationID string, upd im.GroupUpdate, event []pendingMessage) (*im.GroupRecord, *chorusv1.Message, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	forUpdate := tx.StmtContext(ctx, s.stmts.groupForUpdate)
	g, err := scanGroup(forUpdate.QueryRowContext(ctx, conversationID), conversationID)
	if err != nil {
		return nil, nil, err
	}
	if upd.Name != nil {
		g.Name = *upd.Name
	}
	if upd.AvatarURL != nil {
		g.AvatarURL = *upd.AvatarURL
	}
	g.Attributes = mergeAttributes(g.Attributes, upd.Attributes, upd.ReplaceAttributes)
	if upd.JoinPolicy != nil {
		g.JoinPolicy = *upd.JoinPolicy
	}
	if upd.Muted != nil {
		g.Muted = *upd.Muted
	}
	g.Dissolved = g.Dissolved || upd.Dissolve
	attrs, err := encodeAttributes(g.Attributes)
	if err != nil {
		return nil, nil, err
	}

	vs := s.newVersions(ctx, tx)
	stored, err := s.appendEvent(ctx, tx, vs, event)
	if err != nil {
		return nil, nil, err
	}
	v, err := vs.of(ctx, conversationID)
	if err != nil {
		return nil, nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations
		SET name = ?, avatar_url = ?, attributes = ?, join_policy = ?, muted = ?, dissolved = ?, version = ?
		WHERE id = ?`,
		g.Name, g.AvatarURL, attrs, int64(g.JoinPolicy), g.Muted, g.Dissolved, int64(v), conversationID); err != nil {
		return nil, nil, err
	}
	// Read back what the event moved (last seq, activity time).
	if g, err = scanGroup(forUpdate.QueryRowContext(ctx, conversationID), conversationID); err != nil {
		return nil, nil, err
	}
	if err := vs.flush(ctx); err != nil {
		return nil, nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, err
	}
	return g, stored, nil
}

// scanGroup reads a row of groupColumns; no row is CONVERSATION_NOT_FOUND
// for group id.
func scanGroup(row *sql.Row, id string) (*im.GroupRecord, error) {
	var (
		g                      im.GroupRecord
		attrs                  string
		policy, count, lastSeq int64
	)
	err := row.Scan(&g.ConversationID, &g.Name, &g.AvatarURL, &attrs, &policy, &g.Muted, &g.Dissolved,
		&g.OwnerID, &count, &lastSeq, &g.CreatedAtMs, &g.UpdatedAtMs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_CONVERSATION_NOT_FOUND, "group %q not found", clip(id))
	}
	if err != nil {
		return nil, err
	}
	if g.Attributes, err = decodeAttributes(attrs); err != nil {
		return nil, fmt.Errorf("group %q: %w", g.ConversationID, err)
	}
	g.JoinPolicy = chorusv1.JoinPolicy(policy)
	g.MemberCount = int(count)
	g.LastSeq = uint64(lastSeq)
	return &g, nil
}
