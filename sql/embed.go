// Package schema holds the versioned database migrations of Chorus, embedded
// in the binary so that a store brings its schema up to date when it opens,
// with no files to install beside the server.
//
// Each dialect has its own directory of goose migrations
// (github.com/pressly/goose/v3): numbered files NNNNN_name.sql, each with a
// "-- +goose Up" and a "-- +goose Down" section. A migration, once released,
// is never edited: a schema change is a new file with the next number, so
// that every database, whatever version it is at, reaches the same schema.
//
//	sqlite/  the embedded store (internal/store/sqlite)
//	mysql/   the clustered store (internal/store/mysql), not built yet; its
//	         migrations will sit beside the SQLite ones and follow the same
//	         numbering, so one version means one schema in both dialects.
//
// The package only embeds files: applying them is the store's job, through a
// goose Provider (no goose global state).
package schema

import (
	"embed"
	"io/fs"
)

//go:embed sqlite/*.sql
var sqliteFiles embed.FS

// SQLite is the SQLite migrations, rooted at the sqlite directory so that
// goose sees the .sql files at its top level.
var SQLite fs.FS = mustSub(sqliteFiles, "sqlite")

// mustSub is fs.Sub for a directory that go:embed guarantees exists.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic("schema: " + err.Error())
	}
	return sub
}
