package test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	_ "google.golang.org/grpc/health/grpc_health_v1" // registers grpc.health.v1 for grpcurl examples
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/chorus-im/chorus/internal/testutil"
)

// The commands the doc sessions use (see docwalk_test.go), done the way
// the shell, curl, grpcurl and imctl would do them.

// shellWords splits a command line as sh does: quotes, backslashes,
// $NAME expansion (an unset name is an error, to catch doc mistakes),
// and a # comment. Command substitution is not supported here.
func shellWords(s string, vars map[string]string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	expand := func(i int) (int, error) { // s[i] == '$'
		j := i + 1
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		} else {
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || j > i+1 && s[j] >= '0' && s[j] <= '9') {
				j++
			}
		}
		name := s[i+1 : j]
		if name == "" {
			return 0, fmt.Errorf("unsupported $ at %q", s[i:])
		}
		v, ok := vars[name]
		if !ok {
			return 0, fmt.Errorf("$%s is not set", name)
		}
		cur.WriteString(v)
		return j, nil
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
			i++
		case c == '#' && !inWord:
			return words, nil
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 2
		case c == '"':
			inWord = true
			i++
			for i < len(s) && s[i] != '"' {
				switch {
				case s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0:
					if s[i+1] != '\n' {
						cur.WriteByte(s[i+1])
					}
					i += 2
				case s[i] == '$':
					j, err := expand(i)
					if err != nil {
						return nil, err
					}
					i = j
				default:
					cur.WriteByte(s[i])
					i++
				}
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			i++
		case c == '\\':
			if i+1 < len(s) && s[i+1] != '\n' {
				cur.WriteByte(s[i+1])
				inWord = true
			}
			i += 2
		case c == '$':
			j, err := expand(i)
			if err != nil {
				return nil, err
			}
			inWord = true
			i = j
		default:
			cur.WriteByte(c)
			inWord = true
			i++
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// api runs the helper's curl command with $1 and $2 set; its output is
// the body and a newline (the helper's echo).
func (s *session) api(st step, words []string) {
	t := s.t
	t.Helper()
	if s.helper == "" {
		t.Fatalf("%s: the api helper is not defined yet", s.where(st))
	}
	if len(words) != 3 {
		t.Fatalf("%s: want api <Method> '<json>'", s.where(st))
	}
	s.methods[words[1]] = true
	vars := map[string]string{"1": words[1], "2": words[2]}
	for k, v := range s.vars {
		vars[k] = v
	}
	curl, err := shellWords(s.helper, vars)
	if err != nil {
		t.Fatalf("%s: the api helper: %v", s.where(st), err)
	}
	res, body := s.curl(st, curl[1:])
	if len(st.want) == 0 {
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %s: %s", s.where(st), res.Status, body)
		}
		return
	}
	s.compareBody(st, st.want, body)
}

// curl does what curl with these arguments does (-s, -i, -H, -d,
// --data-binary with @file, -X), and returns the response and its body.
func (s *session) curl(st step, args []string) (*http.Response, string) {
	t := s.t
	t.Helper()
	method, url, include := "", "", false
	var body *string
	header := http.Header{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		needValue := func() string {
			if i+1 >= len(args) {
				t.Fatalf("%s: curl %s needs a value", s.where(st), a)
			}
			i++
			return args[i]
		}
		switch a {
		case "-s":
		case "-i":
			include = true
		case "-H":
			k, v, ok := strings.Cut(needValue(), ":")
			if !ok {
				t.Fatalf("%s: curl -H %q", s.where(st), args[i])
			}
			header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		case "-d", "--data":
			v := needValue()
			body = &v
		case "--data-binary":
			v := needValue()
			if name, ok := strings.CutPrefix(v, "@"); ok {
				b, err := os.ReadFile(filepath.Join(s.work, name))
				if err != nil {
					t.Fatalf("%s: %v", s.where(st), err)
				}
				v = string(b)
			}
			body = &v
		case "-X":
			method = needValue()
		default:
			if strings.HasPrefix(a, "-") || url != "" {
				t.Fatalf("%s: the doc test does not know curl %s", s.where(st), a)
			}
			url = a
		}
	}
	if method == "" {
		method = "GET"
		if body != nil {
			method = "POST"
		}
	}
	if body != nil && header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/x-www-form-urlencoded") // as curl -d does
	}
	url = s.nodeURL(url)
	if !strings.Contains(url, "://") {
		url = "http://" + url
	}
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(*body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testutil.WaitTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatalf("%s: %v", s.where(st), err)
	}
	req.Header = header
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", s.where(st), err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: %v", s.where(st), err)
	}
	if !include {
		res.Status = "" // not printed: compareHTTP compares the body only
	}
	return res, string(b)
}

// nodeURL points the docs' default addresses at the test node.
func (s *session) nodeURL(u string) string {
	for _, def := range []string{"localhost:8080", "127.0.0.1:8080"} {
		u = strings.Replace(u, def, s.tn.HTTPAddr(), 1)
	}
	return u
}

// imctlCommand is ./imctl with args, run in the session's directory
// against the node.
func (s *session) imctlCommand(args []string) *exec.Cmd {
	if s.imctl == "" {
		s.t.Fatal("the doc runs ./imctl before go build ./cmd/imctl")
	}
	c := exec.Command(s.imctl, args...)
	c.Dir = s.work
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CHORUS_") { // the runner's own settings must not leak in
			c.Env = append(c.Env, kv)
		}
	}
	c.Env = append(c.Env, "CHORUS_SERVER=http://"+s.tn.HTTPAddr(), "CHORUS_TCP="+s.tn.TCPAddr())
	return c
}

// runImctl runs imctl to the end and returns its exit status and what it
// printed, stdout and stderr together as a terminal shows them.
func (s *session) runImctl(st step, args []string) (int, string) {
	var out bytes.Buffer
	c := s.imctlCommand(args)
	c.Stdout, c.Stderr = &out, &out
	done := make(chan error, 1)
	if err := c.Start(); err != nil {
		s.t.Fatalf("%s: %v", s.where(st), err)
	}
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		return exitCode(err), out.String()
	case <-time.After(testutil.WaitTimeout):
		_ = c.Process.Kill()
		<-done
		s.t.Fatalf("%s: still running after %v; output so far:\n%s", s.where(st), testutil.WaitTimeout, out.String())
		return 0, ""
	}
}

func exitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	default:
		return -1
	}
}

// grpcurl does what grpcurl does with these arguments; the doc shows no
// output for it, so the call must succeed.
func (s *session) grpcurl(st step, args []string) {
	t := s.t
	t.Helper()
	s.noOutput(st)
	var md []string
	var data string
	var pos []string
	plaintext := false
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-plaintext":
			plaintext = true
		case "-H", "-d":
			if i+1 == len(args) {
				t.Fatalf("%s: %s needs a value", s.where(st), args[i])
			}
			if args[i] == "-d" {
				data = args[i+1]
			} else {
				k, v, _ := strings.Cut(args[i+1], ":")
				md = append(md, strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v))
			}
			i++
		default:
			pos = append(pos, args[i])
		}
	}
	if !plaintext || len(pos) != 2 {
		t.Fatalf("%s: want grpcurl -plaintext [-H h] [-d json] <addr> <service/method>", s.where(st))
	}
	svc, method, _ := strings.Cut(pos[1], "/")
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc))
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if err != nil || !ok || sd.Methods().ByName(protoreflect.Name(method)) == nil {
		t.Fatalf("%s: no method %s (%v)", s.where(st), pos[1], err)
	}
	m := sd.Methods().ByName(protoreflect.Name(method))
	req, res := dynamicpb.NewMessage(m.Input()), dynamicpb.NewMessage(m.Output())
	if data != "" {
		if err := protojson.Unmarshal([]byte(data), req); err != nil {
			t.Fatalf("%s: -d: %v", s.where(st), err)
		}
	}
	conn, err := grpc.NewClient(s.nodeURL(pos[0]), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("%s: %v", s.where(st), err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testutil.WaitTimeout)
	defer cancel()
	if len(md) > 0 {
		ctx = metadata.AppendToOutgoingContext(ctx, md...)
	}
	if err := conn.Invoke(ctx, "/"+pos[1], req, res); err != nil {
		t.Errorf("%s: %v", s.where(st), err)
	}
}

// bgProc is a command running in another terminal.
type bgProc struct {
	cmd     *exec.Cmd
	out     *syncBuffer
	line    int // where the doc started it
	matched int // output lines compared so far
	done    chan struct{}
	code    int
}

func (p *bgProc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func (p *bgProc) kill() {
	if p.running() {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *bgProc) lines() []string {
	p.out.mu.Lock()
	defer p.out.mu.Unlock()
	text := p.out.b.String()
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		return strings.Split(text[:i], "\n") // complete lines only
	}
	return nil
}

// poll waits for cond, polling as testutil.WaitFor does, and reports
// whether it held before testutil.WaitTimeout.
func poll(cond func() bool) bool {
	deadline := time.Now().Add(testutil.WaitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

var printfVerb = regexp.MustCompile(`%[-+ 0#]*\d*[sd%]`)

// printf runs printf FORMAT ARG... > FILE, e.g. to make a large body for
// a request. It knows %s and %d with flags and a width, as sh's printf.
func (s *session) printf(st step, args []string) {
	t := s.t
	t.Helper()
	s.noOutput(st)
	if len(args) < 3 || args[len(args)-2] != ">" {
		t.Fatalf("%s: want printf FORMAT ARG... > FILE", s.where(st))
	}
	format, vals, file := args[0], args[1:len(args)-2], args[len(args)-1]
	if strings.ContainsRune(format, '\\') {
		t.Fatalf("%s: printf escapes are not supported here", s.where(st))
	}
	var out strings.Builder
	last := 0
	for _, loc := range printfVerb.FindAllStringIndex(format, -1) {
		out.WriteString(format[last:loc[0]])
		last = loc[1]
		verb := format[loc[0]:loc[1]]
		if verb == "%%" {
			out.WriteByte('%')
			continue
		}
		if len(vals) == 0 {
			t.Fatalf("%s: printf: no argument for %s", s.where(st), verb)
		}
		v := vals[0]
		vals = vals[1:]
		if verb[len(verb)-1] == 'd' {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("%s: printf %s: %v", s.where(st), verb, err)
			}
			fmt.Fprintf(&out, verb, n)
		} else {
			fmt.Fprintf(&out, verb, v)
		}
	}
	out.WriteString(format[last:])
	if len(vals) > 0 {
		t.Fatalf("%s: printf: arguments left over: %v", s.where(st), vals)
	}
	if err := os.WriteFile(filepath.Join(s.work, file), []byte(out.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}
