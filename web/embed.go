// Package web holds the built web client (dist/, produced by `npm run
// build` in this directory and committed) so the Go build embeds it
// without Node. internal/webui serves it.
//
// It must hold nothing but the embedded files: the sources are in src/,
// the serving logic in internal/webui.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Dist is the built client: index.html, app.js, app.css and
// chorus-client.js (the standalone client library) at its root.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a constant path inside the embed
	}
	return sub
}
