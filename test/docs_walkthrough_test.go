package test

import (
	"slices"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// runDoc runs the session written in file (from its section heading on,
// or all of it when section is ""), which must say how to start the node
// first, on a fresh node with a freshly built imctl.
func runDoc(t *testing.T, file, section string) (*session, []step) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds imctl")
	}
	steps := readSession(t, "../"+file, section)
	s := newSession(t, file)
	s.imctl = buildBinary(t, "cmd/imctl")
	s.requireStart = true
	s.run(steps)
	return s, steps
}

// TestAPIWalkthrough runs every example of docs/API.md literally, in
// document order, on a fresh node, and compares each reply with the one
// printed (see docwalk_test.go for how, docjson_test.go for what is
// ignored). Every BackendService method must have an example.
func TestAPIWalkthrough(t *testing.T) {
	s, _ := runDoc(t, "docs/API.md", "")

	svc := chorusv1.File_chorus_v1_service_proto.Services().ByName("BackendService")
	var missing []string
	for i := range svc.Methods().Len() {
		if name := string(svc.Methods().Get(i).Name()); !s.methods[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("docs/API.md has no example of %v", missing)
	}
}

// TestImctlWalkthrough runs the session of docs/OPERATIONS.md's imctl
// section the same way: every command, in order, on a fresh node, with
// its output and exit status compared.
func TestImctlWalkthrough(t *testing.T) {
	_, steps := runDoc(t, "docs/OPERATIONS.md", "## imctl")
	if len(steps) < 10 {
		t.Fatalf("found only %d steps in the imctl section; did the format change?", len(steps))
	}
}

// TestREADMEShellExample runs the README's "chat from a shell" block on
// a fresh node: the helper as written, then each call, which must
// succeed. The helper must be the one docs/API.md defines, so the README
// is a short form of that walkthrough.
func TestREADMEShellExample(t *testing.T) {
	steps := readSession(t, "../README.md", "")
	var chat []step // the block with the helper: the KEY= line, the helper, the calls
	if i := slices.IndexFunc(steps, func(st step) bool { return apiHelper.MatchString(st.cmd) }); i >= 0 {
		for _, st := range steps {
			if st.block == steps[i].block {
				chat = append(chat, st)
			}
		}
	}
	if len(chat) < 5 {
		t.Fatalf("README.md: no api() helper and calls found")
	}
	s := newSession(t, "README.md")
	s.run(chat)
	if len(s.methods) < 5 {
		t.Fatalf("README.md: only %d methods called", len(s.methods))
	}

	apiSteps := readSession(t, "../docs/API.md", "")
	idx := slices.IndexFunc(apiSteps, func(st step) bool { return apiHelper.MatchString(st.cmd) })
	if idx < 1 || apiSteps[idx].cmd != chat[1].cmd || apiSteps[idx-1].cmd != chat[0].cmd {
		t.Errorf("the README's api helper differs from docs/API.md's")
	}
}
