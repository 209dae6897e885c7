package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"connectrpc.com/connect"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/types/known/structpb"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/api/chorusv1/chorusv1connect"
)

var healthCommands = []*command{
	{
		name: "health", args: "",
		summary: "Checks GET /healthz and the gRPC health service; exits 1 unless both say serving.",
		minArgs: 0, maxArgs: 0,
		setup: func(fs *flag.FlagSet) action {
			return func(c *cli, _ []string) error { return c.health() }
		},
	},
}

var sessionCommands = []*command{
	{
		name: "sessions", args: "<user>",
		summary: "Lists the user's online sessions on the node, by device.",
		minArgs: 1, maxArgs: 1,
		setup: func(fs *flag.FlagSet) action {
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.ListSessions, &chorusv1.ListSessionsRequest{UserId: args[0]})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					t := newTable("SESSION", "DEVICE", "PLATFORM", "TRANSPORT", "REMOTE", "CLIENT", "CONNECTED", "NODE")
					for _, s := range res.GetSessions() {
						t.add(s.GetSessionId(), s.GetDeviceId(), enumName(s.GetPlatform().String(), "PLATFORM_"),
							s.GetTransport(), s.GetRemoteAddr(), s.GetClientVersion(), fmtTime(s.GetConnectedAtMs()),
							strconv.FormatUint(uint64(s.GetNodeId()), 10))
					}
					return t
				})
			}
		},
	},
	{
		name: "kick", args: "<user> <device> [--reason TEXT]",
		summary: "Signs one device out: its sessions are told REMOVED and closed. Tokens stay valid.",
		minArgs: 2, maxArgs: 2,
		setup: func(fs *flag.FlagSet) action {
			reason := fs.String("reason", "", "reason shown to the device")
			return func(c *cli, args []string) error {
				res, err := call(c, c.api.KickDevice, &chorusv1.KickDeviceRequest{
					UserId: args[0], DeviceId: args[1], Reason: *reason,
				})
				if err != nil {
					return err
				}
				return c.print(res, func() *table {
					t := newTable("USER", "DEVICE", "SESSIONS_CLOSED")
					t.add(args[0], args[1], fmtUint(uint64(res.GetSessionsClosed())))
					return t
				})
			}
		},
	},
	listenCommand,
}

// health asks both health endpoints. Either failing (unreachable, not
// 200, not SERVING) makes it exit 1 after printing what it saw.
func (c *cli) health() error {
	ctx, cancel := context.WithTimeout(c.ctx, c.timeout)
	defer cancel()

	httpStatus, healthz := "unreachable", map[string]any{}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.server+"/healthz", nil)
	if err != nil {
		return err
	}
	httpOK := false
	if res, err := c.http.Do(req); err != nil {
		healthz["error"] = err.Error()
	} else {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		res.Body.Close()
		if json.Unmarshal(body, &healthz) != nil {
			healthz = map[string]any{"body": string(body)}
		}
		httpStatus = strconv.Itoa(res.StatusCode)
		if s, ok := healthz["status"].(string); ok {
			httpStatus += " " + s
		}
		httpOK = res.StatusCode == http.StatusOK
	}

	hc := connect.NewClient[healthpb.HealthCheckRequest, healthpb.HealthCheckResponse](
		c.http, c.server+"/grpc.health.v1.Health/Check")
	grpcStatus := ""
	hres, herr := hc.CallUnary(ctx, connect.NewRequest(&healthpb.HealthCheckRequest{Service: chorusv1connect.BackendServiceName}))
	if herr != nil {
		grpcStatus = describeError(herr)
	} else {
		grpcStatus = hres.Msg.GetStatus().String()
	}
	serving := httpOK && herr == nil && hres.Msg.GetStatus() == healthpb.HealthCheckResponse_SERVING

	if c.json {
		healthz["grpcStatus"] = grpcStatus
		healthz["serving"] = serving
		s, err := structpb.NewStruct(healthz)
		if err != nil {
			return err
		}
		if err := writeJSON(c.stdout, s); err != nil {
			return err
		}
	} else {
		t := newTable("CHECK", "STATUS", "DETAIL")
		detail := ""
		if e, ok := healthz["error"].(string); ok {
			detail = e
		} else if n, ok := healthz["sessions"].(float64); ok {
			detail = fmt.Sprintf("node %v, %v connections, %v sessions", healthz["node"], healthz["connections"], n)
		}
		t.add("healthz", httpStatus, detail)
		t.add("grpc", grpcStatus, chorusv1connect.BackendServiceName)
		if err := t.write(c.stdout); err != nil {
			return err
		}
	}
	if !serving {
		fmt.Fprintln(c.stderr, "imctl: not serving")
		return errNotServing
	}
	return nil
}
