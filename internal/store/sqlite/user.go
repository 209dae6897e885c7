package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	sqlite3 "modernc.org/sqlite/lib"
)

// CreateUser implements im.Store. Attributes with an empty value are not
// stored, as UserUpdate treats an empty value as "no such key".
func (s *Store) CreateUser(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error) {
	if u == nil {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "no user")
	}
	out := proto.CloneOf(u)
	out.Attributes = withoutEmpty(u.Attributes)
	attrs, err := encodeAttributes(out.Attributes)
	if err != nil {
		return nil, fmt.Errorf("sqlite: create user: %w", err)
	}
	out.CreatedAtMs = nowMs()
	out.UpdatedAtMs = out.CreatedAtMs
	_, err = s.write.ExecContext(ctx, `INSERT INTO users
		(id, name, avatar_url, attributes, created_at_ms, updated_at_ms)
		VALUES (?, ?, ?, ?, ?, ?)`,
		out.Id, out.Name, out.AvatarUrl, attrs, out.CreatedAtMs, out.UpdatedAtMs)
	if isConstraint(err, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) || isConstraint(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE) {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_USER_ALREADY_EXISTS, "user %q already exists", clip(u.Id))
	}
	if err != nil {
		return nil, s.fail(ctx, "create user", err)
	}
	return out, nil
}

// UpdateUser implements im.Store. The read and the write are one
// transaction on the writer, so concurrent merges of attributes never lose
// each other's keys.
func (s *Store) UpdateUser(ctx context.Context, userID string, upd im.UserUpdate) (*chorusv1.User, error) {
	u, err := s.updateUser(ctx, userID, upd)
	if err != nil {
		return nil, s.fail(ctx, "update user", err)
	}
	return u, nil
}

func (s *Store) updateUser(ctx context.Context, userID string, upd im.UserUpdate) (*chorusv1.User, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
	if err != nil {
		return nil, err
	}
	if upd.Name != nil {
		u.Name = *upd.Name
	}
	if upd.AvatarURL != nil {
		u.AvatarUrl = *upd.AvatarURL
	}
	u.Attributes = mergeAttributes(u.Attributes, upd.Attributes, upd.ReplaceAttributes)
	attrs, err := encodeAttributes(u.Attributes)
	if err != nil {
		return nil, err
	}
	// Never back in time, even if the clock is.
	u.UpdatedAtMs = max(u.UpdatedAtMs, nowMs())
	if _, err := tx.ExecContext(ctx, `UPDATE users
		SET name = ?, avatar_url = ?, attributes = ?, updated_at_ms = ?
		WHERE id = ?`,
		u.Name, u.AvatarUrl, attrs, u.UpdatedAtMs, userID); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return u, nil
}

// GetUser implements im.Store.
func (s *Store) GetUser(ctx context.Context, userID string) (*chorusv1.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
	if err != nil {
		return nil, s.fail(ctx, "get user", err)
	}
	return u, nil
}

// userColumns are the columns scanUser reads, in its order.
const userColumns = `id, name, avatar_url, attributes, created_at_ms, updated_at_ms`

// scanUser reads a row of userColumns; no row is USER_NOT_FOUND.
func scanUser(row *sql.Row) (*chorusv1.User, error) {
	var u chorusv1.User
	var attrs string
	err := row.Scan(&u.Id, &u.Name, &u.AvatarUrl, &attrs, &u.CreatedAtMs, &u.UpdatedAtMs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND, "no such user")
	}
	if err != nil {
		return nil, err
	}
	if u.Attributes, err = decodeAttributes(attrs); err != nil {
		return nil, fmt.Errorf("user %q: %w", u.Id, err)
	}
	return &u, nil
}

// encodeAttributes is the stored form of attributes: a JSON object, "{}"
// when there are none, so the column is always valid JSON for SQL queries.
func encodeAttributes(m map[string]string) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode attributes: %w", err)
	}
	return string(b), nil
}

// decodeAttributes reads what encodeAttributes wrote; none is a nil map.
func decodeAttributes(s string) (map[string]string, error) {
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("decode attributes: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

// mergeAttributes applies an update of attributes to cur, as UserUpdate
// and GroupUpdate define it: upd replaces cur when replace is set, else
// it is merged into it, an empty value deleting its key. cur may be
// changed; the result is nil when no attribute is left.
func mergeAttributes(cur, upd map[string]string, replace bool) map[string]string {
	if replace {
		return withoutEmpty(upd)
	}
	if len(upd) == 0 {
		return cur
	}
	if cur == nil {
		cur = make(map[string]string, len(upd))
	}
	for k, v := range upd {
		if v == "" {
			delete(cur, k)
		} else {
			cur[k] = v
		}
	}
	if len(cur) == 0 {
		return nil
	}
	return cur
}

// withoutEmpty copies m without its empty values, or returns nil.
func withoutEmpty(m map[string]string) map[string]string {
	var out map[string]string
	for k, v := range m {
		if v == "" {
			continue
		}
		if out == nil {
			out = make(map[string]string, len(m))
		}
		out[k] = v
	}
	return out
}
