package test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// This file runs the shell sessions written in the docs, as a reader
// would type them, against a real node, and compares what comes back
// with what the docs print.
//
// A doc session is the ```sh blocks of a file (or of one section), in
// order:
//   - "$ <command>" is typed; the lines under it, up to the next "$" or
//     the end of the block, are its output as printed (trailing blank
//     lines aside). A command ending in "\" continues on the next line.
//   - A block with no "$" at all is a script: each line is run and its
//     output is not shown (an "api" call there must succeed).
//   - <!-- terminal: NAME --> right before a block puts it in another
//     terminal, where commands run in the background while the session
//     goes on. Output lines shown there are waited for (polling) and
//     compared in order; "$ echo $?" waits for the command to exit and
//     compares its exit status.
//
// Commands understood, and how each is run:
//   - go run ./cmd/access: the node, started by the test (port 0, a
//     fresh data dir ./data under the session's working directory);
//   - go build ./cmd/imctl: imctl, built once by the test; ./imctl runs
//     it in the working directory with CHORUS_SERVER and CHORUS_TCP set
//     to the node's addresses (the key is read from ./data/api-key as
//     the docs say);
//   - KEY=$(cat FILE), VAR=$(./imctl ...): variables, expanded in later
//     commands as the shell would;
//   - api() { curl ...; echo; }: the helper, whose curl command is run
//     for each "api <Method> '<json>'" with $1 and $2 set;
//   - curl (-s, -i, -H, -d, --data-binary, -X) and grpcurl (-plaintext, -H, -d), done
//     over HTTP and gRPC from the test, with localhost:8080 meaning the
//     node;
//   - printf FORMAT ARG... > FILE (verbs %s and %d, with flags and width);
//   - echo $?.
//
// In the main terminal imctl must exit 0, or 1 when the output shown
// ends with its "imctl: ..." error line, unless "$ echo $?" follows.
// Replies are compared as JSON when the doc shows JSON (docjson_test.go
// says what is ignored), else as text, line by line.

// step is one command of a doc session, or output shown on its own.
type step struct {
	line     int    // line of the command (or of the output) in the file
	terminal string // "" for the main terminal
	script   bool   // from a block without prompts
	block    int    // which block of the doc (counting from 0)
	cmd      string // without "$ "; "" when the step is output alone
	want     []string
	wantLine int // line of want[0]
}

var terminalMarker = regexp.MustCompile(`^<!-- terminal: (\S+) -->$`)

// parseSession reads the ```sh blocks of lines (numbered from first).
func parseSession(lines []string, first int) ([]step, error) {
	var steps []step
	terminal, blocks := "", 0
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := terminalMarker.FindStringSubmatch(l); m != nil {
			terminal = m[1]
			continue
		}
		if !strings.HasPrefix(l, "```") {
			if strings.TrimSpace(l) != "" {
				terminal = "" // a marker applies to the block right after it
			}
			continue
		}
		end := i + 1
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		if end == len(lines) {
			return nil, fmt.Errorf("line %d: unterminated code block", first+i)
		}
		if strings.TrimPrefix(l, "```") == "sh" {
			bs, err := blockSteps(lines[i+1:end], first+i+1, terminal)
			if err != nil {
				return nil, err
			}
			for k := range bs {
				bs[k].block = blocks
			}
			blocks++
			steps = append(steps, bs...)
		}
		terminal = ""
		i = end
	}
	return steps, nil
}

func blockSteps(block []string, first int, terminal string) ([]step, error) {
	prompts := false
	for _, l := range block {
		prompts = prompts || strings.HasPrefix(l, "$ ")
	}
	var steps []step
	var cur *step
	flush := func() {
		if cur != nil {
			for len(cur.want) > 0 && strings.TrimSpace(cur.want[len(cur.want)-1]) == "" {
				cur.want = cur.want[:len(cur.want)-1]
			}
			steps = append(steps, *cur)
			cur = nil
		}
	}
	for k := 0; k < len(block); k++ {
		l := block[k]
		if !prompts && terminal == "" { // a script
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			st := step{line: first + k, script: true, cmd: l}
			for strings.HasSuffix(st.cmd, `\`) && k+1 < len(block) {
				k++
				st.cmd += "\n" + block[k]
			}
			steps = append(steps, st)
			continue
		}
		if cmd, ok := strings.CutPrefix(l, "$ "); ok {
			flush()
			cur = &step{line: first + k, terminal: terminal, cmd: cmd}
			for strings.HasSuffix(cur.cmd, `\`) && k+1 < len(block) {
				k++
				cur.cmd += "\n" + block[k]
			}
			continue
		}
		if cur == nil {
			if terminal == "" {
				return nil, fmt.Errorf("line %d: output before any command", first+k)
			}
			cur = &step{line: first + k, terminal: terminal}
		}
		if len(cur.want) == 0 {
			cur.wantLine = first + k
		}
		cur.want = append(cur.want, l)
	}
	flush()
	return steps, nil
}

// readSession parses a doc, or the section of it under heading (to the
// next heading of the same level) when heading is not "".
func readSession(t *testing.T, path, heading string) []step {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	from, to := 0, len(lines)
	if heading != "" {
		from = -1
		level := heading[:strings.IndexByte(heading, ' ')+1]
		for i, l := range lines {
			if from < 0 && l == heading {
				from = i + 1
			} else if from >= 0 && strings.HasPrefix(l, level) {
				to = i
				break
			}
		}
		if from < 0 {
			t.Fatalf("%s: no heading %q", path, heading)
		}
	}
	steps, err := parseSession(lines[from:to], from+1)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return steps
}

// session runs the steps of one doc against one node.
type session struct {
	t      *testing.T
	file   string // for messages, e.g. "docs/API.md"
	tn     *testNode
	work   string // the working directory; the node's data dir is work/data
	imctl  string // the imctl binary, "" when the doc has no use for it
	vars   map[string]string
	helper string // the curl command of api(), once defined

	requireStart bool // the doc must say how to start the node first
	started      bool
	status       map[string]int // exit status of each terminal's last command
	bg           map[string]*bgProc
	methods      map[string]bool // API methods the doc calls
}

func newSession(t *testing.T, file string) *session {
	t.Helper()
	work := t.TempDir()
	s := &session{
		t: t, file: file, work: work,
		tn:      startNode(t, filepath.Join(work, "data"), nil),
		vars:    map[string]string{},
		status:  map[string]int{},
		bg:      map[string]*bgProc{},
		methods: map[string]bool{},
	}
	t.Cleanup(func() {
		for _, p := range s.bg {
			p.kill()
		}
	})
	return s
}

// where names a step in messages: the file, the line and the command.
func (s *session) where(st step) string {
	if st.cmd == "" {
		return fmt.Sprintf("%s:%d: (output in terminal %s)", s.file, st.line, st.terminal)
	}
	return fmt.Sprintf("%s:%d: %s", s.file, st.line, strings.Join(strings.Fields(strings.ReplaceAll(st.cmd, "\\\n", " ")), " "))
}

func (s *session) run(steps []step) {
	s.t.Helper()
	for i, st := range steps {
		var next *step
		if i+1 < len(steps) {
			next = &steps[i+1]
		}
		if st.terminal != "" {
			s.runBackground(st)
		} else {
			s.runMain(st, next)
		}
	}
	for name, p := range s.bg {
		if p.running() {
			s.t.Errorf("%s:%d: the command in terminal %q is still running at the end", s.file, p.line, name)
		}
	}
}

var (
	assignment = regexp.MustCompile(`^([A-Za-z_]\w*)=\$\(([^)]*)\)\s*(?:#.*)?$`)
	apiHelper  = regexp.MustCompile(`(?s)^api\(\) \{ (curl .*); echo; \}$`)
)

func (s *session) runMain(st step, next *step) {
	t := s.t
	t.Helper()
	cmd := strings.TrimSpace(st.cmd)
	if cmd == "go run ./cmd/access" {
		s.started = true // the test started the node already
		s.noOutput(st)
		return
	}
	if s.requireStart && !s.started {
		t.Fatalf("%s: comes before the doc says how to start the node", s.where(st))
	}
	if m := apiHelper.FindStringSubmatch(cmd); m != nil {
		s.helper = m[1]
		return
	}
	if m := assignment.FindStringSubmatch(cmd); m != nil {
		s.assign(st, m[1], m[2])
		return
	}
	if cmd == "echo $?" {
		s.compareText(st, []string{strconv.Itoa(s.status[""])})
		return
	}
	words, err := shellWords(cmd, s.vars)
	if err != nil || len(words) == 0 {
		t.Fatalf("%s: %v", s.where(st), err)
	}
	switch {
	case cmd == "go build ./cmd/imctl":
		if s.imctl == "" {
			t.Fatalf("%s: this doc's test does not build imctl", s.where(st))
		}
		s.noOutput(st)
	case words[0] == "api":
		s.api(st, words)
	case words[0] == "curl":
		res, body := s.curl(st, words[1:])
		s.compareHTTP(st, res, body)
	case words[0] == "./imctl":
		code, out := s.runImctl(st, words[1:])
		s.status[""] = code
		s.compareText(st, lines(out))
		if next != nil && next.terminal == "" && strings.TrimSpace(next.cmd) == "echo $?" {
			return
		}
		want := 0
		if n := len(st.want); n > 0 && strings.HasPrefix(st.want[n-1], "imctl: ") {
			want = 1
		}
		if code != want {
			t.Errorf("%s: exit status %d, want %d\n    output: %s", s.where(st), code, want, out)
		}
	case words[0] == "grpcurl":
		s.grpcurl(st, words[1:])
	case words[0] == "printf":
		s.printf(st, words[1:])
	default:
		t.Fatalf("%s: the doc test does not know how to run %q", s.where(st), words[0])
	}
}

func (s *session) noOutput(st step) {
	if len(st.want) > 0 {
		s.t.Errorf("%s: the doc shows output for a command the test does not compare", s.where(st))
	}
}

// assign runs VAR=$(command): cat of a file, or imctl's standard output.
func (s *session) assign(st step, name, inner string) {
	t := s.t
	t.Helper()
	s.noOutput(st)
	words, err := shellWords(inner, s.vars)
	if err != nil || len(words) == 0 {
		t.Fatalf("%s: %v", s.where(st), err)
	}
	var out string
	switch {
	case words[0] == "cat" && len(words) == 2:
		b, err := os.ReadFile(filepath.Join(s.work, words[1]))
		if err != nil {
			t.Fatalf("%s: %v", s.where(st), err)
		}
		out = string(b)
	case words[0] == "./imctl":
		c := s.imctlCommand(words[1:])
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		if err := c.Run(); err != nil {
			t.Errorf("%s: %v\n    stderr: %s", s.where(st), err, stderr.String())
		}
		out = stdout.String()
	default:
		t.Fatalf("%s: the doc test does not know how to run %q", s.where(st), inner)
	}
	s.vars[name] = strings.TrimRight(out, "\n")
}

// compareHTTP compares curl's output: with -i the status line, each
// header the doc shows (an X-Request-Id only for being there: the node
// makes one up; headers not shown, such as Date, are not compared), a
// blank line, then the body.
func (s *session) compareHTTP(st step, res *http.Response, body string) {
	want := st.want
	if res.Status != "" {
		if len(want) == 0 {
			s.t.Errorf("%s: curl -i with no output shown", s.where(st))
			return
		}
		if got := res.Proto + " " + res.Status; want[0] != got {
			s.t.Errorf("%s: the status line: the doc shows %q, the node answered %q", s.where(st), want[0], got)
		}
		i := 1
		for ; i < len(want) && want[i] != ""; i++ {
			k, v, _ := strings.Cut(want[i], ":")
			v = strings.TrimSpace(v)
			got := res.Header.Values(k)
			if http.CanonicalHeaderKey(k) == "Connection" && res.Close {
				got = []string{"close"} // net/http keeps it in res.Close, not in res.Header
			}
			switch {
			case len(got) == 0:
				s.t.Errorf("%s: the doc shows the header %q, the node sent none", s.where(st), want[i])
			case http.CanonicalHeaderKey(k) == "X-Request-Id":
			case len(got) != 1 || got[0] != v:
				s.t.Errorf("%s: header %s: the doc shows %q, the node sent %q", s.where(st), k, v, got)
			}
		}
		want = want[min(i+1, len(want)):]
	}
	s.compareBody(st, want, body)
}

// compareBody compares a reply body with the lines the doc shows.
func (s *session) compareBody(st step, want []string, body string) {
	t := s.t
	if len(want) == 0 {
		t.Errorf("%s: no reply shown", s.where(st))
		return
	}
	if !strings.HasPrefix(want[0], "{") {
		s.compareText(st, lines(body))
		return
	}
	w, err := parseReply(strings.Join(want, "\n"), true)
	if err != nil {
		t.Errorf("%s: the reply shown does not parse: %v", s.where(st), err)
		return
	}
	g, err := parseReply(body, false)
	if err != nil {
		t.Errorf("%s: the node's reply does not parse: %v\n    %s", s.where(st), err, body)
		return
	}
	diffs := compareJSON("", w, g)
	if len(diffs) > 0 {
		t.Errorf("%s:\n    %s\n    the node answered: %s", s.where(st), strings.Join(diffs, "\n    "), strings.TrimSpace(body))
	}
}

// compareText compares output lines, each as JSON when the doc shows a
// JSON object, else as text.
func (s *session) compareText(st step, got []string) {
	t := s.t
	if len(st.want) == 0 {
		return // the doc does not show the output
	}
	if len(got) != len(st.want) {
		t.Errorf("%s: the doc shows %d lines of output, got %d:\n    %s", s.where(st), len(st.want), len(got), strings.Join(got, "\n    "))
		return
	}
	for i, w := range st.want {
		if strings.HasPrefix(w, "{") {
			wv, err := parseReply(w, true)
			if err != nil {
				t.Errorf("%s: output line %d does not parse: %v", s.where(st), i+1, err)
				continue
			}
			gv, err := parseReply(got[i], false)
			if err != nil {
				t.Errorf("%s: output line %d: got %q: %v", s.where(st), i+1, got[i], err)
				continue
			}
			if diffs := compareJSON("", wv, gv); len(diffs) > 0 {
				t.Errorf("%s: output line %d (%s:%d):\n    %s\n    got: %s", s.where(st), i+1, s.file, st.wantLine+i, strings.Join(diffs, "\n    "), got[i])
			}
			continue
		}
		if d := compareTextLine(w, got[i]); d != "" {
			t.Errorf("%s: output line %d (%s:%d): %s", s.where(st), i+1, s.file, st.wantLine+i, d)
		}
	}
}

func lines(out string) []string {
	out = strings.TrimRight(out, "\n")
	if out == "" {
		return nil
	}
	return strings.Split(out, "\n")
}

func (s *session) runBackground(st step) {
	t := s.t
	t.Helper()
	p := s.bg[st.terminal]
	cmd := strings.TrimSpace(st.cmd)
	switch {
	case cmd == "echo $?":
		if p == nil || !poll(func() bool { return !p.running() }) {
			t.Fatalf("%s: the command in terminal %s did not exit", s.where(st), st.terminal)
		}
		if rest := p.lines()[p.matched:]; len(rest) > 0 {
			t.Errorf("%s: before it exited, the command printed lines the doc does not show:\n    %s", s.where(st), strings.Join(rest, "\n    "))
		}
		s.compareText(st, []string{strconv.Itoa(p.code)})
		return
	case cmd != "":
		if p != nil && p.running() {
			t.Fatalf("%s: the command started at line %d in terminal %s is still running", s.where(st), p.line, st.terminal)
		}
		words, err := shellWords(cmd, s.vars)
		if err != nil || len(words) == 0 || words[0] != "./imctl" {
			t.Fatalf("%s: only ./imctl runs in another terminal (%v)", s.where(st), err)
		}
		p = &bgProc{cmd: s.imctlCommand(words[1:]), out: &syncBuffer{}, line: st.line, done: make(chan struct{})}
		p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
		if err := p.cmd.Start(); err != nil {
			t.Fatalf("%s: %v", s.where(st), err)
		}
		go func() {
			p.code = exitCode(p.cmd.Wait())
			close(p.done)
		}()
		s.bg[st.terminal] = p
	case p == nil:
		t.Fatalf("%s:%d: output in terminal %s before any command", s.file, st.line, st.terminal)
	}
	if len(st.want) == 0 {
		return
	}
	n := p.matched + len(st.want)
	if !poll(func() bool { return len(p.lines()) >= n || !p.running() }) || len(p.lines()) < n {
		t.Fatalf("%s:%d: waiting in terminal %s for the %d lines shown; it printed:\n%s", s.file, st.line, st.terminal, len(st.want), strings.Join(p.lines()[p.matched:], "\n"))
	}
	s.compareText(st, p.lines()[p.matched:n])
	p.matched = n
}
