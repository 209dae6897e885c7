package test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

var apiExample = regexp.MustCompile(`^\$ api (\w+) '(.*)'$`)

// TestAPIExamplesMatchTheProtos reads every `api <Method> '<json>'`
// example in docs/API.md and the reply printed under it, and checks that
// the request parses as the method's request message and the reply as its
// response, with no unknown field: the docs cannot drift from the API.
func TestAPIExamplesMatchTheProtos(t *testing.T) {
	f, err := os.Open("../docs/API.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	svc := chorusv1.File_chorus_v1_service_proto.Services().ByName("BackendService")
	var method protoreflect.MethodDescriptor
	examples := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if m := apiExample.FindStringSubmatch(text); m != nil {
			method = svc.Methods().ByName(protoreflect.Name(m[1]))
			if method == nil {
				t.Errorf("API.md:%d: no method %s", line, m[1])
				continue
			}
			if err := protojson.Unmarshal([]byte(m[2]), dynamicpb.NewMessage(method.Input())); err != nil {
				t.Errorf("API.md:%d: %s request: %v", line, m[1], err)
			}
			examples++
			continue
		}
		// The reply printed right under an example, unless it is an error
		// or shortened ("..."); a trailing "# ..." is a comment.
		if i := strings.Index(text, "} "); i >= 0 && strings.HasPrefix(strings.TrimSpace(text[i+1:]), "#") {
			text = text[:i+1]
		}
		if method != nil && strings.HasPrefix(text, "{") && !strings.HasPrefix(text, `{"code"`) && !strings.Contains(text, "...") {
			if err := protojson.Unmarshal([]byte(text), dynamicpb.NewMessage(method.Output())); err != nil {
				t.Errorf("API.md:%d: %s reply: %v", line, method.Name(), err)
			}
		}
		if !strings.HasPrefix(text, "{") {
			method = nil
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if examples < 20 {
		t.Fatalf("found only %d examples in API.md; did the format change?", examples)
	}
}
