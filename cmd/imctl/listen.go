package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

var listenCommand = &command{
	name: "listen", args: "<user> [--count N] [--for DURATION] [--device ID]",
	summary: "Connects as the user over the client protocol (--tcp) with a token issued through the API, and prints\n" +
		"each message as it arrives (table: \"conv seq sender text\"; json: one object per line), until --count\n" +
		"messages, --for elapsed, or SIGINT/SIGTERM. Only live messages are printed, not history. Once connected\n" +
		"it writes \"listening as <user>\" to stderr. It does not acknowledge delivery.",
	minArgs: 1, maxArgs: 1,
	setup: func(fs *flag.FlagSet) action {
		count := fs.Uint("count", 0, "stop after this many messages (default: no limit)")
		dur := fs.Duration("for", 0, "stop after this long (default: no limit)")
		device := fs.String("device", "", "device id (default: a random one)")
		return func(c *cli, args []string) error {
			if *dur < 0 {
				return usagef(nil, "listen: --for must not be negative")
			}
			return c.listen(args[0], *count, *dur, *device)
		}
	},
}

// listen runs the listen command: it returns nil when it stopped as asked,
// and an error when it could not connect or the connection was lost for
// good (a kick, say).
func (c *cli) listen(user string, count uint, dur time.Duration, device string) error {
	ctx, stop := signal.NotifyContext(c.ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, dur)
		defer cancel()
	}

	tok, err := call(c, c.api.IssueToken, &chorusv1.IssueTokenRequest{UserId: user})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "connecting to %s\n", c.tcpAddr)

	// Callbacks run one at a time on the SDK's goroutine; mu is for the
	// end, when a callback may still be running as listen returns and
	// must not write any more. done closes once count messages are out;
	// lost carries the error of a connection that is gone for good.
	done := make(chan struct{})
	lost := make(chan error, 1)
	var (
		mu       sync.Mutex
		stopped  bool
		printed  uint
		writeErr error
	)
	onMessage := func(m *chorusv1.Message) {
		mu.Lock()
		defer mu.Unlock()
		if stopped || count > 0 && printed >= count || writeErr != nil {
			return
		}
		if c.json {
			writeErr = writeJSON(c.stdout, m)
		} else {
			_, writeErr = fmt.Fprintf(c.stdout, "%s %s %s %s\n", m.GetConversationId(),
				strconv.FormatUint(m.GetSeq(), 10), senderName(m.GetSenderId()), contentText(m.GetContent()))
		}
		printed++
		if writeErr != nil || count > 0 && printed == count {
			close(done)
		}
	}
	onDisconnect := func(d *chorusv1.Disconnect, err error) {
		if errors.Is(err, client.ErrDisconnected) {
			if d != nil {
				err = fmt.Errorf("disconnected: %s (%s)", d.GetReason(), enumName(d.GetCode().String(), "DISCONNECT_CODE_"))
			}
			select {
			case lost <- err:
			default:
			}
			return
		}
		fmt.Fprintf(c.stderr, "connection lost, reconnecting: %v\n", err)
	}

	dialCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	cl, err := client.Dial(dialCtx, client.Options{
		Addr:         c.tcpAddr,
		Token:        tok.GetToken(),
		DeviceID:     device,
		DialTimeout:  c.timeout,
		SkipHistory:  true, // live traffic only
		Reconnect:    true,
		OnMessage:    onMessage,
		OnDisconnect: onDisconnect,
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil // --for or a signal ended it while connecting
		}
		return fmt.Errorf("connect %s: %w", c.tcpAddr, err)
	}
	defer cl.Close()
	fmt.Fprintf(c.stderr, "listening as %s\n", user)

	var result error
	select {
	case <-done:
	case result = <-lost:
	case <-ctx.Done():
	}
	mu.Lock()
	stopped = true // before Close, which does not wait for a running callback
	if result == nil {
		result = writeErr
	}
	mu.Unlock()
	return result
}
