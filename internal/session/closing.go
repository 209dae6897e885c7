package session

import "github.com/chorus-im/chorus/internal/gateway"

// HandleClosing implements gateway.Handler. The node has begun to close
// the connection on purpose (a slow consumer, a kick, a timeout,
// shutdown): the session leaves the hub at once, so that ListSessions no
// longer shows it and no push is queued to it while the connection's last
// frames drain, which may take up to gateway.close_timeout. HandleClose
// removes it again later, which is harmless.
func (h *Handler) HandleClosing(c gateway.Conn, d *gateway.DisconnectError) {
	if s, _ := c.Session().(*Session); s != nil {
		h.hub.remove(s)
	}
}
