package gateway

import (
	"bytes"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// TestOutgoingBatch: a batch is its frames' encodings back to back, in
// order, on every wire, so a reader sees the same frames as from separate
// sends.
func TestOutgoingBatch(t *testing.T) {
	frames := []*chorusv1.Frame{
		{Body: &chorusv1.Frame_Pong{Pong: &chorusv1.Pong{ServerTimeMs: 1}}},
		{Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{Message: &chorusv1.Message{Seq: 7, ConversationId: "g:x"}}}},
		{Body: &chorusv1.Frame_Pong{Pong: &chorusv1.Pong{ServerTimeMs: 3}}},
	}
	for w := range numWires {
		var want []byte
		for _, f := range frames {
			b, err := NewOutgoing(f).bytes(w)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, b...)
		}
		got, err := NewOutgoingBatch(frames).bytes(w)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("wire %d: batch encodes to %x, want %x", w, got, want)
		}
	}
}
