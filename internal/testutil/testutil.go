// Package testutil holds helpers shared by the tests of several packages:
// polling instead of sleeping, and the TCP frame format spoken by hand.
// It is imported by tests only.
package testutil

import (
	"encoding/binary"
	"io"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// WaitTimeout bounds every wait. It is generous because test machines are
// slow and noisy; no test asserts how fast anything is.
const WaitTimeout = 30 * time.Second

// WaitFor polls cond until it holds, failing tb after WaitTimeout. Polling
// with a deadline, never a fixed sleep, keeps tests fast on a quiet
// machine and correct on a loaded one.
func WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(WaitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// EncodeTCPFrame returns f as it travels over TCP: a 4-byte big-endian
// length, then the protobuf bytes.
func EncodeTCPFrame(tb testing.TB, f *chorusv1.Frame) []byte {
	tb.Helper()
	b, err := proto.Marshal(f)
	if err != nil {
		tb.Fatal(err)
	}
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b...)
}

// ReadTCPFrame reads one length-prefixed frame from r.
func ReadTCPFrame(r io.Reader) (*chorusv1.Frame, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	b := make([]byte, binary.BigEndian.Uint32(hdr[:]))
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	f := new(chorusv1.Frame)
	if err := proto.Unmarshal(b, f); err != nil {
		return nil, err
	}
	return f, nil
}
