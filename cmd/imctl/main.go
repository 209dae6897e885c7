// Command imctl is the command-line client of the Chorus server API, for
// operators and scripts: it manages users and groups, issues tokens, sends
// and reads messages, lists and signs out devices, and listens to a user's
// messages over the client protocol.
//
//	imctl user create alice --name Alice
//	imctl send --from alice --to bob 'Hi Bob!'
//	imctl -o json history p:alice:bob
//	imctl listen bob --count 1
//
// It talks to one node: the server API over HTTP (the Connect protocol) and,
// for listen, the TCP client protocol through the Go SDK. It holds no state
// of its own.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/chorus-im/chorus/api/chorusv1/chorusv1connect"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the call failed, or health is not serving
	exitUsage = 2 // the command line is wrong
)

// defaultAPIKeyFile is where a node started in the current directory with
// default settings writes the key it generated.
const defaultAPIKeyFile = "data/api-key"

// cli is one invocation: the global settings and the clients built from
// them. Commands read their own flags and positional arguments.
type cli struct {
	ctx     context.Context
	stdout  io.Writer
	stderr  io.Writer
	server  string // base URL of the HTTP port
	tcpAddr string // client-protocol address, for listen
	apiKey  string
	json    bool
	timeout time.Duration
	http    *http.Client
	api     chorusv1connect.BackendServiceClient
}

// usageError is a wrong command line: it exits 2 with the usage of the
// command (cmd nil: the general usage).
type usageError struct {
	cmd *command
	msg string
}

func (e *usageError) Error() string { return e.msg }

func usagef(cmd *command, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// errNotServing makes health exit 1 after printing what it found.
var errNotServing = errors.New("not serving")

// run is main without the process exit: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := &cli{ctx: ctx, stdout: stdout, stderr: stderr}
	cmd, err := c.dispatch(args)
	if err == nil {
		return exitOK
	}
	var ue *usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stdout, cmd)
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "imctl: %s\n", ue.msg)
		if ue.cmd != nil {
			ue.cmd.printUsage(stderr)
		} else {
			fmt.Fprint(stderr, shortUsage)
		}
		return exitUsage
	case errors.Is(err, errNotServing):
		return exitError
	}
	fmt.Fprintf(stderr, "imctl: %s\n", describeError(err))
	return exitError
}

// dispatch parses the global flags, finds the command and runs it. It
// returns the command it found, for the usage text of help.
func (c *cli) dispatch(args []string) (*command, error) {
	fs := flag.NewFlagSet("imctl", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	server := fs.String("server", envOr("CHORUS_SERVER", "http://127.0.0.1:8080"), "")
	apiKey := fs.String("api-key", "", "")
	keyFile := fs.String("api-key-file", "", "")
	tcpAddr := fs.String("tcp", envOr("CHORUS_TCP", "127.0.0.1:8081"), "")
	output := fs.String("output", "table", "")
	fs.StringVar(output, "o", "table", "")
	timeout := fs.Duration("timeout", 10*time.Second, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef(nil, "%v", err)
	}
	switch *output {
	case "table":
	case "json":
		c.json = true
	default:
		return nil, usagef(nil, "--output must be table or json, not %q", *output)
	}
	if *timeout <= 0 {
		return nil, usagef(nil, "--timeout must be positive")
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return nil, usagef(nil, "no command given")
	}
	if rest[0] == "help" {
		if len(rest) > 1 {
			if cmd, _ := findCommand(rest[1:]); cmd != nil {
				return cmd, flag.ErrHelp
			}
		}
		return nil, flag.ErrHelp
	}
	cmd, cmdArgs := findCommand(rest)
	if cmd == nil {
		if fam := family(rest[0]); fam != nil {
			if len(rest) > 1 && (rest[1] == "-h" || rest[1] == "--help" || rest[1] == "-help") {
				return fam, flag.ErrHelp
			}
			return nil, &usageError{cmd: fam, msg: fmt.Sprintf("%s: unknown or missing subcommand", rest[0])}
		}
		return nil, usagef(nil, "unknown command %q", strings.Join(rest[:min(2, len(rest))], " "))
	}

	key, err := resolveAPIKey(*apiKey, *keyFile)
	if err != nil {
		return cmd, err
	}
	c.server = strings.TrimRight(*server, "/")
	if !strings.Contains(c.server, "://") {
		c.server = "http://" + c.server
	}
	c.tcpAddr, c.apiKey, c.timeout = *tcpAddr, key, *timeout
	c.http = &http.Client{}
	c.api = newAPIClient(c.http, c.server, key)
	return cmd, cmd.exec(c, cmdArgs)
}

// resolveAPIKey picks the key: --api-key, then --api-key-file, then
// CHORUS_API_KEY, then ./data/api-key when it exists. No key at all is not
// an error here: the node answers API_KEY_INVALID, which says what to do.
func resolveAPIKey(key, file string) (string, error) {
	if key != "" {
		return key, nil
	}
	if file == "" {
		if env := os.Getenv("CHORUS_API_KEY"); env != "" {
			return env, nil
		}
		if _, err := os.Stat(defaultAPIKeyFile); err != nil {
			return "", nil
		}
		file = defaultAPIKeyFile
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("api key file: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

const shortUsage = `usage: imctl [global flags] <command> [args and flags]
Run "imctl help" for the commands and flags.
`

const globalUsage = `usage: imctl [global flags] <command> [args and flags]

global flags (before the command):
  --server URL           HTTP address of a node (default http://127.0.0.1:8080; env CHORUS_SERVER)
  --api-key KEY          API key (env CHORUS_API_KEY)
  --api-key-file FILE    file holding the API key (default ./data/api-key if it exists)
  --tcp ADDR             client-protocol address for listen (default 127.0.0.1:8081; env CHORUS_TCP)
  -o, --output FORMAT    table or json (default table)
  --timeout DURATION     per-call timeout (default 10s)

commands:
`

// printUsage writes the general usage, or one command's when cmd is set.
func printUsage(w io.Writer, cmd *command) {
	if cmd != nil {
		cmd.printUsage(w)
		return
	}
	fmt.Fprint(w, globalUsage)
	for _, cmd := range commands {
		fmt.Fprintln(w, "  "+strings.TrimSpace(cmd.name+" "+cmd.args))
	}
	fmt.Fprint(w, "\nRun \"imctl <command> --help\" for a command's flags.\n")
}
