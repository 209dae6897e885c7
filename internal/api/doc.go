// Package api serves the server API for business back ends
// (chorus.v1.BackendService in service.proto) over gRPC, gRPC-Web and
// HTTP with JSON bodies (the Connect protocol), plus the standard gRPC
// health and reflection services. Every BackendService call needs an API
// key; every call gets a request id that is logged and echoed in the
// X-Request-Id response header. The key, the request id and the limits on
// the request body (api.max_request_bytes, api.body_timeout) are handled
// in HTTP middleware in front of connect (guard.go), so nothing is read
// for a caller the node is going to refuse.
//
// It must stay a thin translation layer: validation and behaviour live in
// the core, so the client protocol and the API cannot drift apart.
package api
