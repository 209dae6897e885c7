// Package webui serves the built-in web client: the page and its assets
// embedded from web/dist (see package web), the client's settings
// (/web/config.json) and, for development and demos, a sign-up endpoint
// (/dev/signup) that creates a user and issues a token without a business
// back end.
//
// It must not speak the client protocol itself: the page connects to /ws
// like any other client. It holds no state beyond the embedded files.
package webui
