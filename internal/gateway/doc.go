// Package gateway owns client connections: the TCP listeners, the
// WebSocket upgrade, framing, heartbeats (idle and auth timeouts) and the
// per-connection write queues. It decodes frames, hands every one except
// ping to a Handler, and sends the frames it is given.
//
// It must not know what a frame means beyond ping/pong, errors about
// framing, and disconnects: no authentication, no sessions, no messages, no
// store access. The layer above (internal/session) attaches its state with
// Conn.SetSession and decides everything else.
//
// # Why nbio
//
// The budget for an idle connection is no goroutine, no read buffer and at
// most about 2 KiB of Go memory including the layers above. A goroutine per
// connection (net/http, coder/websocket) costs 8 KiB of stack alone, so the
// gateway runs every connection on a few epoll event loops from
// github.com/lesismal/nbio: the pollers read into one shared buffer each
// and call back with the bytes, so an idle connection is an nbio.Conn, our
// conn and, for WebSocket, an nbio websocket.Conn (about 1 KiB in all; see
// BenchmarkIdleConnMemory).
//
// # Wire formats
//
// TCP: each frame is a 4-byte big-endian unsigned length followed by that
// many bytes of a protobuf chorus.v1.Frame, in both directions.
//   - A length above the node's max_frame_size (default 65536) is answered
//     with an Error frame (code ERROR_CODE_FRAME_TOO_LARGE, id 0), then a
//     Disconnect frame (DISCONNECT_CODE_BAD_FRAME, reconnect false), and the
//     connection is closed. Nothing is allocated for such a frame.
//   - Bytes that do not decode as a Frame are answered with an Error frame
//     (ERROR_CODE_BAD_FRAME, id 0); the connection stays open, since the
//     length prefix kept the framing intact.
//   - A frame may arrive in any number of pieces, and one read may hold
//     many frames.
//   - A frame of length 0 is answered with an Error frame
//     (ERROR_CODE_UNKNOWN_FRAME, id 0, "the frame is empty"), before and
//     after auth, and is not passed to the Handler; the connection stays
//     open. An empty WebSocket message gets the same answer.
//
// WebSocket: the HTTP endpoint /ws (HTTP/1.1 upgrade, no TLS in the node:
// terminate TLS in front of it). One WebSocket message carries one frame.
//   - Subprotocols: "chorus.v1.proto" (the default, also when the client asks
//     for none) and "chorus.v1.json". The node picks the first of those two
//     in the client's list.
//   - Inbound binary messages are decoded as protobuf, text messages as
//     protojson (the proto3 JSON mapping: lowerCamelCase or original field
//     names, enum names as strings, 64-bit integers as strings, bytes as
//     base64; unknown fields are ignored), whatever the subprotocol.
//   - Outbound frames are binary protobuf messages, or text protojson
//     messages when "chorus.v1.json" was negotiated (lowerCamelCase names,
//     fields with default values omitted). Each is one unfragmented
//     message; the client's messages may be fragmented.
//   - A message over max_frame_size gets the same Error and Disconnect
//     frames as on TCP, then a close frame with code 3500.
//   - When the node closes a connection it sends a Disconnect frame, then a
//     close frame whose code is the Disconnect code (1000 when there is
//     none). No compression.
//
// Heartbeats, both transports: a Frame whose body is ping is answered by
// the gateway with a pong (same id, server_time_ms set) and is never passed
// on. Any inbound bytes, pings included, count as activity: a connection
// with no inbound bytes for idle_timeout (default 90s) is sent Disconnect
// DISCONNECT_CODE_IDLE_TIMEOUT and closed; one that has not authenticated
// within auth_timeout (default 10s) of connecting is sent
// DISCONNECT_CODE_AUTH_TIMEOUT and closed. WebSocket ping control frames
// are answered with pongs and count as activity too.
//
// A client that does not read its frames fast enough (more than
// write_queue_bytes, default 1 MiB, waiting for it on the node) is
// disconnected with DISCONNECT_CODE_SLOW_CONSUMER; it should reconnect and
// sync. The frames still queued for it are dropped, but it reads whole
// frames, then the Disconnect (and the WebSocket close frame), even when
// it reads only after the node dropped the socket: see Writes below.
//
// After a Disconnect the node half-closes the connection (FIN) and waits
// briefly for the client to close its side, so that the client can read
// the Disconnect frame before the socket goes away. Frames the client sends
// once the node has started closing are ignored.
//
// # How it works
//
// Reads: the pollers call back with the bytes of one read. TCP bytes go
// through frameDecoder, which returns frames that lie wholly in the read as
// sub-slices of the poller's buffer and only buffers a frame that is split
// across reads (nil again once it completes). WebSocket bytes first pass
// wsScanner, which sees every frame header and refuses an oversized message
// before nbio buffers it, then go to nbio's parser. Frames are handed to
// the Handler on the poller goroutine, serially per connection.
//
// Writes: Send appends the Outgoing's bytes for the connection's wire form
// to the connection's queue and, if the connection is not already
// scheduled, puts it on the ready list of one of a few flush goroutines.
// The flusher takes the queue and writes it with one writev(2) (several if
// it holds more than 1024 frames) under the nbio connection's lock.
//
// It takes only whole frames that fit in the socket's send buffer with
// room to spare for the closing frames (see writeCost and closeReserve):
// the kernel would take a frame in part when its buffer fills, and a
// client that stopped reading would then find its stream cut inside a
// frame, with the Disconnect stuck behind it. On Linux the room is
// measured with getsockopt(SO_MEMINFO), only when the connection's
// estimate (the last measurement less the cost of each write since) is
// short. Frames that do not fit wait in the queue; nbio watches a socket
// for writability only while its own write cache holds bytes, so a
// connection waiting for room is retried from a timer of its flush worker
// (1 ms, doubling to 16 ms), which runs only while some connection waits.
// A frame too large for the buffer ever to hold with that margin (over
// about half of it: some 32 KiB for a connection across the internet) is
// written once the kernel's queue is at most a quarter full, in pieces: what the socket does
// not take goes to nbio's write cache, which nbio writes when the socket
// turns writable, and the connection is not flushed again until that cache
// is empty. Such a frame, and any frame on systems without SO_MEMINFO, may
// still be cut off for a client dropped as a slow consumer. Queued frames
// stay shared with other recipients instead of being copied. The budget
// counts queued, in-flight and nbio-cached bytes.
//
// Timeouts: no timer per connection. One sweeper goroutine per Gateway
// walks the sharded connection registry a few times per timeout and
// compares the connections' atomic timestamps, and the deadlines of
// Conn.CloseAt.
//
// Closes: a deliberate close (Close, CloseAt, a timeout, a slow consumer,
// Shutdown) tells the Handler at once (HandleClosing), then flushes the
// queue ending in the Disconnect, half-closes, and waits up to
// CloseTimeout for the client; HandleClose follows when the socket is
// gone.
//
// Shutdown stops the listeners, closes every connection with the given
// Disconnect and waits for the Handler's HandleClose of each.
//
// # Lock order
//
// Gateway.handshakes (read side, held during a WebSocket upgrade) -> nbio
// websocket.Conn mutex -> nbio.Conn mutex -> conn.mu -> flushWorker.mu.
// nbio calls back into the gateway (written, close and data callbacks) with
// its conn mutex held or not, never the reverse: conn.mu is never held
// while calling into nbio. A registry shard's mutex is never held while
// calling into a conn. Gateway.mu guards only the listener list.
package gateway
