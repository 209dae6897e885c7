package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"connectrpc.com/connect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/api/chorusv1/chorusv1connect"
	"github.com/chorus-im/chorus/client"
)

// newAPIClient returns a server API client speaking the Connect protocol
// (protobuf over plain HTTP/1.1) that sends key on every call.
func newAPIClient(h connect.HTTPClient, server, key string) chorusv1connect.BackendServiceClient {
	return chorusv1connect.NewBackendServiceClient(h, server,
		connect.WithInterceptors(apiKeyInterceptor(key)))
}

// apiKeyInterceptor adds "Authorization: Bearer <key>". With no key it
// adds nothing, and the node answers API_KEY_INVALID.
func apiKeyInterceptor(key string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if key != "" {
				req.Header().Set("Authorization", "Bearer "+key)
			}
			req.Header().Set("User-Agent", "imctl/"+client.Version)
			return next(ctx, req)
		}
	}
}

// call makes one API call bounded by --timeout and returns its message.
func call[Req, Res any](c *cli, method func(context.Context, *connect.Request[Req]) (*connect.Response[Res], error), req *Req) (*Res, error) {
	ctx, cancel := context.WithTimeout(c.ctx, c.timeout)
	defer cancel()
	res, err := method(ctx, connect.NewRequest(req))
	if err != nil {
		return nil, err
	}
	return res.Msg, nil
}

// describeError renders err as "<message> (<CODE>)": the message and code
// of the chorus.v1.Error detail when the node sent one, else the code of
// the Chorus-Error-Code header, else the Connect code. Errors that are not
// from a call are shown as they are.
func describeError(err error) string {
	var ce *connect.Error
	if !errors.As(err, &ce) {
		var se *client.Error
		if errors.As(err, &se) {
			return fmt.Sprintf("%s (%s)", se.Message, codeName(se.Code))
		}
		return err.Error()
	}
	for _, d := range ce.Details() {
		v, derr := d.Value()
		if derr != nil {
			continue
		}
		if pe, ok := v.(*chorusv1.Error); ok {
			msg := pe.GetMessage()
			if msg == "" {
				msg = ce.Message()
			}
			return fmt.Sprintf("%s (%s)", msg, codeName(pe.GetCode()))
		}
	}
	msg := ce.Message()
	if n, perr := strconv.Atoi(ce.Meta().Get("Chorus-Error-Code")); perr == nil {
		name := codeName(chorusv1.ErrorCode(n))
		return fmt.Sprintf("%s (%s)", strings.TrimPrefix(msg, name+": "), name)
	}
	return fmt.Sprintf("%s (%s)", msg, strings.ToUpper(ce.Code().String()))
}

// codeName is the catalogue name without its prefix: "USER_NOT_FOUND".
func codeName(code chorusv1.ErrorCode) string {
	return strings.TrimPrefix(code.String(), "ERROR_CODE_")
}
