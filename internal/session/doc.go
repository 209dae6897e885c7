// Package session turns authenticated client connections into sessions
// (user, device, platform) and serves their requests: it is the
// gateway.Handler of a node. The Hub keeps the online sessions of this
// node by user and implements core.Pusher.
//
// It must not store anything itself or know how frames are framed on the
// wire: persistence is the core's, framing the gateway's.
package session
