package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// ChangeMembers implements im.Store: one write transaction that appends
// the event, applies the change in MemberChange's order and keeps the
// group's member count and owner in step.
//
// The owner id follows the roles: a member added or set to
// GROUP_ROLE_OWNER becomes the owner (the last one, if the change names
// several); an owner who leaves or gets another role stops being it, and
// the group then has no owner until a change names one. Demoting the old
// owner on a transfer is the caller's part of the change.
//
// A removal needs a seq to leave at (the event's, or the conversation's
// last): in a group with no message at all, removing without an event
// fails with INVALID_ARGUMENT, as LeftSeq 0 would mean "still a member".
func (s *Store) ChangeMembers(ctx context.Context, conversationID string, ch im.MemberChange, event *chorusv1.Message) (*chorusv1.Message, error) {
	ev, err := prepareEvent(conversationID, event)
	if err != nil {
		return nil, fmt.Errorf("sqlite: change members: %w", err)
	}
	stored, err := s.changeMembers(ctx, conversationID, ch, ev)
	if err != nil {
		return nil, s.fail(ctx, "change members", err)
	}
	return stored, nil
}

func (s *Store) changeMembers(ctx context.Context, conversationID string, ch im.MemberChange, event []pendingMessage) (*chorusv1.Message, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	g, err := scanGroup(tx.StmtContext(ctx, s.stmts.groupForUpdate).QueryRowContext(ctx, conversationID), conversationID)
	if err != nil {
		return nil, err
	}
	vs := s.newVersions(ctx, tx)
	stored, err := s.appendEvent(ctx, tx, vs, event)
	if err != nil {
		return nil, err
	}
	// Members who join see the event and what follows: their positions
	// start just before it. Members who leave read up to it.
	joinSeq, leftSeq, leftAt := g.LastSeq, g.LastSeq, g.UpdatedAtMs
	if stored != nil {
		leftSeq = stored.Seq
		leftAt = max(leftAt, stored.ServerTimeMs) // as the append moved it
	}
	if len(ch.Remove) > 0 && leftSeq == 0 {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT,
			"cannot remove members of %q without an event: it has no message to leave at", clip(conversationID))
	}
	v, err := vs.of(ctx, conversationID)
	if err != nil {
		return nil, err
	}
	ver := int64(v)
	count, owner := g.MemberCount, g.OwnerID
	var removed []string // who this change removed

	// changed runs a member statement and reports whether it changed a row
	// (a skipped user changes none).
	changed := func(stmt *sql.Stmt, args ...any) (bool, error) {
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n > 0, err
	}
	if len(ch.Add) > 0 {
		add := tx.StmtContext(ctx, s.stmts.addMember)
		now := nowMs()
		for _, m := range ch.Add {
			role := roleOrMember(m.Role)
			ok, err := changed(add, conversationID, m.UserID, int64(joinSeq), now, int64(role), ver)
			if err != nil {
				return nil, err
			}
			if ok {
				count++
				if role == chorusv1.GroupRole_GROUP_ROLE_OWNER {
					owner = m.UserID
				}
			}
		}
	}
	if len(ch.Remove) > 0 {
		remove := tx.StmtContext(ctx, s.stmts.removeMember)
		for _, u := range ch.Remove {
			ok, err := changed(remove, int64(leftSeq), leftAt, ver, conversationID, u)
			if err != nil {
				return nil, err
			}
			if ok {
				count--
				removed = append(removed, u)
				if u == owner {
					owner = ""
				}
			}
		}
	}
	if len(ch.Roles) > 0 {
		setRole := tx.StmtContext(ctx, s.stmts.setRole)
		for _, m := range ch.Roles {
			role := roleOrMember(m.Role)
			ok, err := changed(setRole, int64(role), ver, conversationID, m.UserID)
			if err != nil {
				return nil, err
			}
			switch {
			case !ok:
			case role == chorusv1.GroupRole_GROUP_ROLE_OWNER:
				owner = m.UserID
			case m.UserID == owner:
				owner = ""
			}
		}
	}
	if len(ch.Mutes) > 0 {
		setMute := tx.StmtContext(ctx, s.stmts.setMute)
		for _, m := range ch.Mutes {
			if _, err := changed(setMute, m.MutedUntilMs, ver, conversationID, m.UserID); err != nil {
				return nil, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET member_count = ?, owner_id = ?, version = ? WHERE id = ?`,
		count, owner, ver, conversationID); err != nil {
		return nil, err
	}
	if len(removed) > 0 {
		// The members this change removed keep the group as it is now, right
		// after their removal; their entries show nothing that comes later.
		if _, err := tx.StmtContext(ctx, s.stmts.snapshotLeft).ExecContext(ctx, conversationID, jsonStrings(removed)); err != nil {
			return nil, err
		}
	}
	if err := vs.flush(ctx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return stored, nil
}

// roleOrMember is role, or GROUP_ROLE_MEMBER when none is given.
func roleOrMember(role chorusv1.GroupRole) chorusv1.GroupRole {
	if role == chorusv1.GroupRole_GROUP_ROLE_UNSPECIFIED {
		return chorusv1.GroupRole_GROUP_ROLE_MEMBER
	}
	return role
}
