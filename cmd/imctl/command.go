package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// command is one imctl command: its name ("group add"), the usage of its
// arguments, how many positional arguments it takes, and setup, which
// defines its flags on fs and returns the action that runs once they are
// parsed.
type command struct {
	name    string
	args    string
	summary string
	minArgs int
	maxArgs int // -1: no limit
	setup   func(fs *flag.FlagSet) action
}

// action runs a command with its positional arguments.
type action func(c *cli, args []string) error

// commands lists every command in the order of the usage text.
var commands []*command

func init() {
	commands = slices.Concat(healthCommands, userCommands, groupCommands, messageCommands, sessionCommands)
}

// findCommand matches the longest command name at the start of args and
// returns the command and the arguments after its name.
func findCommand(args []string) (*command, []string) {
	if len(args) >= 2 {
		name := args[0] + " " + args[1]
		for _, cmd := range commands {
			if cmd.name == name {
				return cmd, args[2:]
			}
		}
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			return cmd, args[1:]
		}
	}
	return nil, nil
}

// family returns a pseudo-command whose usage lists the subcommands of
// name ("group"), or nil when name has none.
func family(name string) *command {
	var lines []string
	for _, cmd := range commands {
		if strings.HasPrefix(cmd.name, name+" ") {
			lines = append(lines, "  imctl "+cmd.name+" "+cmd.args)
		}
	}
	if lines == nil {
		return nil
	}
	return &command{
		name: name, args: "<subcommand> [args and flags]",
		summary: "subcommands:\n" + strings.Join(lines, "\n"),
		setup:   func(*flag.FlagSet) action { return nil },
	}
}

func (cmd *command) flagSet() (*flag.FlagSet, action) {
	fs := flag.NewFlagSet("imctl "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs, cmd.setup(fs)
}

// exec parses args, flags anywhere among the positional arguments, and
// runs the command.
func (cmd *command) exec(c *cli, args []string) error {
	fs, act := cmd.flagSet()
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef(cmd, "%v", err)
	}
	if len(pos) < cmd.minArgs {
		return usagef(cmd, "%s: missing arguments", cmd.name)
	}
	if cmd.maxArgs >= 0 && len(pos) > cmd.maxArgs {
		return usagef(cmd, "%s: too many arguments", cmd.name)
	}
	err = act(c, pos)
	var ue *usageError
	if errors.As(err, &ue) && ue.cmd == nil {
		ue.cmd = cmd
	}
	return err
}

func (cmd *command) printUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: imctl [global flags] %s %s\n", cmd.name, cmd.args)
	if cmd.summary != "" {
		fmt.Fprintf(w, "\n%s\n", cmd.summary)
	}
	fs, _ := cmd.flagSet()
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprint(w, "\nflags:\n")
			first = false
		}
		arg, usage := flag.UnquoteUsage(f)
		if isBoolFlag(f) {
			arg = ""
		}
		fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace("--"+f.Name+" "+arg), usage)
	})
}

// parseInterleaved parses the flags of fs wherever they are in args (the
// flag package stops at the first positional argument) and returns the
// positional arguments in order. "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		flags = append(flags, a)
		f := fs.Lookup(name)
		if f == nil || hasValue || isBoolFlag(f) {
			continue // fs.Parse reports unknown flags
		}
		if i+1 == len(args) {
			return nil, fmt.Errorf("flag needs an argument: %s", a)
		}
		i++
		flags = append(flags, args[i])
	}
	if err := fs.Parse(flags); err != nil {
		return nil, err
	}
	return pos, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// attrMap is a repeatable k=v flag.
type attrMap map[string]string

func (m attrMap) String() string { return "" }

func (m attrMap) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("want key=value, got %q", v)
	}
	m[k] = val
	return nil
}

// parseSeconds reads a duration ("1h30m") or a plain number of seconds.
func parseSeconds(s string) (uint32, error) {
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return uint32(n), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d.Seconds() > float64(^uint32(0)) {
		return 0, fmt.Errorf("bad duration %q", s)
	}
	return uint32((d + time.Second - 1) / time.Second), nil
}

// parseSeqs reads conversation positions.
func parseSeqs(args []string) ([]uint64, error) {
	seqs := make([]uint64, 0, len(args))
	for _, a := range args {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad seq %q", a)
		}
		seqs = append(seqs, n)
	}
	return seqs, nil
}
