// Package test holds Chorus's end-to-end tests. They start real nodes (in
// process, on port 0, with a fresh data directory) and talk to them only
// through the public interfaces: the HTTP/JSON server API, raw TCP,
// WebSocket, and the Go client SDK on top of those.
package test
