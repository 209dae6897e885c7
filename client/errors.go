package client

import (
	"errors"
	"strconv"
	"strings"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

var (
	// ErrClosed is returned by every call made after Close, and by calls
	// that were in flight when Close ran.
	ErrClosed = errors.New("chorus: client closed")

	// ErrDisconnected is wrapped by the error every call returns once the
	// client has lost its connection for good: Reconnect is off, the server
	// said not to reconnect, or re-authentication failed. The wrapped cause
	// (a *DisconnectError, an *Error such as TOKEN_EXPIRED, or an I/O error)
	// is reachable with errors.As. The client is of no further use: Close it
	// and Dial again, after fixing the cause if there is one.
	ErrDisconnected = errors.New("chorus: disconnected")

	// ErrNotConnected is returned by AckDelivered while the client is
	// between connections. Delivery acks are cumulative, so a later one
	// covers a dropped one.
	ErrNotConnected = errors.New("chorus: not connected")

	// ErrConnectionLost is wrapped by the error of a group change (create,
	// update, add, remove, join, leave, dissolve, set role, transfer,
	// mute) whose connection dropped after the request was sent and before
	// its reply. Such changes are not idempotent, so the client does not
	// repeat them on the next connection: the outcome is unknown, and
	// GetGroup or ListGroupMembers tells. A change that never went out
	// (its connection was already gone) is sent on the next connection.
	// Other requests are repeated on the next connection instead (with
	// Options.Reconnect).
	ErrConnectionLost = errors.New("chorus: connection lost before the reply")

	// ErrTimeout is returned when the server sent no reply within
	// Options.RequestTimeout. The outcome of the request is unknown; Send
	// retries on it by itself, with the same client_msg_id.
	ErrTimeout = errors.New("chorus: request timed out")
)

// Error is a request error reported by the server: a code from the
// catalogue in message.proto, a human-readable message, and whether
// retrying the same request later can succeed.
type Error struct {
	Code      chorusv1.ErrorCode
	Message   string
	Temporary bool
}

// Error returns "chorus: CODE_NAME: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("chorus: ")
	b.WriteString(codeName(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// errorFromProto converts the wire form. A nil body still yields an error,
// so a malformed reply can never be taken for success.
func errorFromProto(p *chorusv1.Error) *Error {
	if p == nil {
		return &Error{Code: chorusv1.ErrorCode_ERROR_CODE_UNSPECIFIED, Message: "empty error"}
	}
	return &Error{Code: p.GetCode(), Message: p.GetMessage(), Temporary: p.GetTemporary()}
}

// IsCode reports whether err is, or wraps, an *Error with code.
func IsCode(err error, code chorusv1.ErrorCode) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// IsTemporary reports whether err is, or wraps, an *Error the server marked
// temporary: the same request may succeed if retried later.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary
}

// codeName is "TOKEN_INVALID" for ERROR_CODE_TOKEN_INVALID, or the number
// for a code this build does not know (a newer server).
func codeName(code chorusv1.ErrorCode) string {
	if _, ok := chorusv1.ErrorCode_name[int32(code)]; !ok {
		return "ERROR_" + strconv.Itoa(int(code))
	}
	return strings.TrimPrefix(code.String(), "ERROR_CODE_")
}

// DisconnectError is why the server closed the connection, taken from its
// Disconnect frame or, over WebSocket, from a close code in 3000-3999 when
// no frame came first.
type DisconnectError struct {
	Code   chorusv1.DisconnectCode
	Reason string
	// Reconnect is the server's advice: whether reconnecting can help
	// without first fixing something (such as getting a new token).
	Reconnect bool
}

// Error returns "chorus: server disconnected: CODE_NAME: reason".
func (e *DisconnectError) Error() string {
	name := strings.TrimPrefix(e.Code.String(), "DISCONNECT_CODE_")
	if _, ok := chorusv1.DisconnectCode_name[int32(e.Code)]; !ok {
		name = strconv.Itoa(int(e.Code))
	}
	s := "chorus: server disconnected: " + name
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// proto is the wire form handed to Options.OnDisconnect.
func (e *DisconnectError) proto() *chorusv1.Disconnect {
	return &chorusv1.Disconnect{Code: e.Code, Reason: e.Reason, Reconnect: e.Reconnect}
}

func disconnectFromProto(d *chorusv1.Disconnect) *DisconnectError {
	return &DisconnectError{Code: d.GetCode(), Reason: d.GetReason(), Reconnect: d.GetReconnect()}
}

// disconnectFromCloseCode maps a WebSocket close code to a disconnect when
// it is in the Chorus range; the range decides about reconnecting because
// no Disconnect frame carried the server's explicit advice.
func disconnectFromCloseCode(code int, reason string) *DisconnectError {
	if code < 3000 || code > 3999 {
		return nil
	}
	return &DisconnectError{Code: chorusv1.DisconnectCode(code), Reason: reason, Reconnect: code < 3500}
}
