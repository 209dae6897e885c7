package im

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// Error is an error from the catalogue in message.proto: the one kind of
// error that leaves the process with its own code and message. Everything
// else leaves as ERROR_CODE_INTERNAL with a generic message (and is logged
// in full with the request id).
type Error struct {
	Code    chorusv1.ErrorCode
	Message string
}

// Errorf returns an *Error with code and a formatted message.
func Errorf(code chorusv1.ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	return CodeName(e.Code) + ": " + e.Message
}

// Temporary reports whether retrying the same request later can succeed.
func (e *Error) Temporary() bool { return Temporary(e.Code) }

// Proto returns the wire form of e.
func (e *Error) Proto() *chorusv1.Error {
	return &chorusv1.Error{Code: e.Code, Message: e.Message, Temporary: e.Temporary()}
}

// CodeName is the short name of code: "NOT_MEMBER" for
// ERROR_CODE_NOT_MEMBER.
func CodeName(code chorusv1.ErrorCode) string {
	return strings.TrimPrefix(code.String(), "ERROR_CODE_")
}

// Temporary reports whether code is marked temporary in message.proto.
func Temporary(code chorusv1.ErrorCode) bool {
	opts := code.Descriptor().Values().ByNumber(code.Number())
	if opts == nil {
		return false
	}
	return proto.GetExtension(opts.Options(), chorusv1.E_Temporary).(bool)
}

// GRPCCode is the gRPC status code that message.proto assigns to code
// (13, INTERNAL, when it assigns none).
func GRPCCode(code chorusv1.ErrorCode) uint32 {
	v := code.Descriptor().Values().ByNumber(code.Number())
	if v == nil {
		return 13
	}
	if c := proto.GetExtension(v.Options(), chorusv1.E_GrpcCode).(uint32); c != 0 {
		return c
	}
	return 13
}

// ErrorCodeOf maps err to the catalogue: the code of an *Error in its
// chain, TIMEOUT for a context deadline, UNAVAILABLE for a cancelled
// context, INTERNAL for anything else.
func ErrorCodeOf(err error) chorusv1.ErrorCode {
	var e *Error
	switch {
	case err == nil:
		return chorusv1.ErrorCode_ERROR_CODE_UNSPECIFIED
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, context.DeadlineExceeded):
		return chorusv1.ErrorCode_ERROR_CODE_TIMEOUT
	case errors.Is(err, context.Canceled):
		return chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE
	default:
		return chorusv1.ErrorCode_ERROR_CODE_INTERNAL
	}
}

// Public converts any error to the *Error a client may see. Errors outside
// the catalogue lose their text: it can hold internal detail, so callers
// log the original with the request id before answering.
func Public(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	code := ErrorCodeOf(err)
	switch code {
	case chorusv1.ErrorCode_ERROR_CODE_TIMEOUT:
		return &Error{Code: code, Message: "the request did not complete in time"}
	case chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE:
		return &Error{Code: code, Message: "the request was cancelled"}
	default:
		return &Error{Code: chorusv1.ErrorCode_ERROR_CODE_INTERNAL, Message: "internal error"}
	}
}

// IsCode reports whether err carries code.
func IsCode(err error, code chorusv1.ErrorCode) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// Disconnect returns the frame body that tells a client why it is being
// disconnected; reconnect follows the code's range (3000-3499 yes,
// 3500-3999 no).
func Disconnect(code chorusv1.DisconnectCode, reason string) *chorusv1.Disconnect {
	return &chorusv1.Disconnect{Code: code, Reason: reason, Reconnect: code < 3500}
}
