// Command access runs a Chorus node: the gateway for TCP and WebSocket
// clients, the messaging core and the server API, in one process.
//
//	access                              # defaults: embedded store in ./data, HTTP :8080, TCP :8081
//	access -conf configs/access.toml    # settings from a file (see configs/access-example.toml)
//
// SIGTERM or SIGINT drains the node and exits.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/logx"
	"github.com/chorus-im/chorus/internal/node"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "access:", err)
		os.Exit(1)
	}
}

// run is main without the process exit, so the wiring reads top to bottom.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("access", flag.ContinueOnError)
	fs.SetOutput(stderr)
	confPath := fs.String("conf", "", "path to the TOML config file (default: built-in defaults)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*confPath)
	if err != nil {
		return err
	}
	log, err := logx.New(stderr, cfg.Log.Format, cfg.Log.Level)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	n, err := node.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	if err := n.Start(); err != nil {
		return err
	}
	var serveErr error
	select {
	case <-ctx.Done():
		log.Info("signal received, draining")
	case serveErr = <-n.Errors():
		log.Error("listener failed, draining", "err", serveErr)
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.Node.ShutdownTimeout.Duration)
	defer cancel()
	if err := n.Shutdown(shutCtx); err != nil {
		return err
	}
	log.Info("stopped")
	return serveErr
}
