package gateway

import (
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// CloseAt closes a connection once its deadline passed, with the given
// Disconnect; a later call moves the deadline and the zero time cancels
// it. The sweeper passes the deadlines in order, so once a later one has
// fired the earlier ones would have too: the test needs no clock.
func TestCloseAt(t *testing.T) {
	s := startGateway(t, Config{IdleTimeout: time.Hour, AuthTimeout: time.Hour, CloseTimeout: 200 * time.Millisecond})
	expired := im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_TOKEN_EXPIRED, "the token expired")
	dial := func(id uint64) (*tcpClient, Conn) {
		c := dialTCP(t, s.tcp)
		c.send(authFrame(id, "u"))
		c.read()
		return c, s.h.connWith(t, id)
	}
	// soon leaves time for the calls that replace it, on a slow machine.
	soon := time.Now().Add(time.Second)
	later := soon.Add(200 * time.Millisecond)

	moved, movedConn := dial(1) // far away, then soon: fires
	movedConn.CloseAt(time.Now().Add(time.Hour), im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED, ""))
	movedConn.CloseAt(soon, expired)
	cancelled, cancelledConn := dial(2) // soon, then cancelled
	cancelledConn.CloseAt(soon, expired)
	cancelledConn.CloseAt(time.Time{}, nil)
	postponed, postponedConn := dial(3) // soon, then an hour away
	postponedConn.CloseAt(soon, expired)
	postponedConn.CloseAt(time.Now().Add(time.Hour), expired)
	marker, markerConn := dial(4) // later than all the others
	markerConn.CloseAt(later, im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED, "marker"))
	past, pastConn := dial(5) // already past
	pastConn.CloseAt(time.Now().Add(-time.Minute), nil)

	for _, c := range []*tcpClient{moved, marker} {
		f := c.read()
		c.expectEOF()
		c.Close()
		if f.GetDisconnect() == nil {
			t.Fatalf("got %v, want a disconnect", f)
		}
	}
	wantDisconnectError(t, s.h.closeErr(t, movedConn.ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_TOKEN_EXPIRED)
	wantDisconnectError(t, s.h.closeErr(t, markerConn.ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_REMOVED)
	past.expectEOF() // nil: no Disconnect frame
	past.Close()
	if d := s.h.closingOf(pastConn.ID()); d == nil {
		t.Error("no HandleClosing for a CloseAt in the past")
	}

	// The marker's deadline passed, so the others' original ones did too.
	for i, c := range []*tcpClient{cancelled, postponed} {
		c.send(sendFrame(uint64(10+i), "still open"))
		wantAck(t, c.read(), uint64(10+i), "still open")
	}
	for _, c := range []Conn{cancelledConn, postponedConn} {
		if s.h.closingOf(c.ID()) != nil || s.h.closedYet(c.ID()) {
			t.Errorf("conn %d closed although its deadline was cancelled or moved", c.ID())
		}
	}
}
