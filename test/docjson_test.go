package test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file compares the replies printed in the docs with the replies a
// node gives, as JSON: parsed, then field by field.
//
// The docs may shorten a reply with "..." (lenient parsing):
//   - "..." as an object member: the object may hold more members;
//   - "..." as the last array element (or the only one, "[...]"): the
//     array may hold more elements after those shown;
//   - a string ending in "...": the value starts with what is shown.
//
// Everything shown is compared, and an object shown without "..." must
// have exactly the members shown: a field the node sends and the doc
// leaves out is a difference too. Some values differ on every run; for
// them only the presence of the field is compared (see volatileField).

// jObject is a JSON object with its members in document order.
type jObject struct {
	keys []string
	vals map[string]any
	more bool // the doc shortened it with "..."
}

// jArray is a JSON array; more is set when the doc ended it with "...".
type jArray struct {
	elems []any
	more  bool
}

// jPrefix is a string the doc shortened: the value starts with it.
type jPrefix string

// parseJSON parses one JSON value from s and returns it and the rest of
// s. lenient accepts the doc's "..." forms.
func parseJSON(s string, lenient bool) (any, string, error) {
	p := &jsonParser{s: s, lenient: lenient}
	v, err := p.value()
	if err != nil {
		return nil, "", err
	}
	return v, p.s[p.i:], nil
}

// parseReply parses a whole reply: one JSON value, then nothing but an
// optional "# comment".
func parseReply(s string, lenient bool) (any, error) {
	v, rest, err := parseJSON(s, lenient)
	if err != nil {
		return nil, err
	}
	if rest = strings.TrimSpace(rest); rest != "" && !strings.HasPrefix(rest, "#") {
		return nil, fmt.Errorf("text after the JSON value: %q", rest)
	}
	return v, nil
}

type jsonParser struct {
	s       string
	i       int
	lenient bool
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

// ellipsis consumes a bare "..." when lenient parsing allows it.
func (p *jsonParser) ellipsis() bool {
	p.ws()
	if p.lenient && strings.HasPrefix(p.s[p.i:], "...") {
		p.i += 3
		return true
	}
	return false
}

func (p *jsonParser) value() (any, error) {
	p.ws()
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		str, err := p.str()
		if err != nil {
			return nil, err
		}
		if p.lenient && strings.HasSuffix(str, "...") {
			return jPrefix(strings.TrimSuffix(str, "...")), nil
		}
		return str, nil
	case c == '-' || c >= '0' && c <= '9':
		j := p.i
		for p.i < len(p.s) && strings.IndexByte("+-.eE0123456789", p.s[p.i]) >= 0 {
			p.i++
		}
		n := json.Number(p.s[j:p.i])
		if _, err := n.Float64(); err != nil {
			return nil, p.errorf("bad number %q", n)
		}
		return n, nil
	default:
		for _, lit := range []struct {
			text string
			v    any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if strings.HasPrefix(p.s[p.i:], lit.text) {
				p.i += len(lit.text)
				return lit.v, nil
			}
		}
		return nil, p.errorf("unexpected %q", p.s[p.i:min(len(p.s), p.i+10)])
	}
}

func (p *jsonParser) str() (string, error) {
	j := p.i
	p.i++ // the opening quote
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '\\':
			p.i += 2
			continue
		case '"':
			p.i++
			var out string
			if err := json.Unmarshal([]byte(p.s[j:p.i]), &out); err != nil {
				return "", p.errorf("bad string %s: %v", p.s[j:p.i], err)
			}
			return out, nil
		}
		p.i++
	}
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) object() (any, error) {
	p.i++ // {
	o := &jObject{vals: map[string]any{}}
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return o, nil
	}
	for {
		if p.ellipsis() {
			o.more = true
		} else {
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				return nil, p.errorf("want a member name")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, p.errorf("want ':' after %q", k)
			}
			p.i++
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			if _, dup := o.vals[k]; dup {
				return nil, p.errorf("member %q twice", k)
			}
			o.keys = append(o.keys, k)
			o.vals[k] = v
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errorf("unterminated object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return o, nil
		default:
			return nil, p.errorf("want ',' or '}'")
		}
	}
}

func (p *jsonParser) array() (any, error) {
	p.i++ // [
	a := &jArray{}
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		if p.ellipsis() {
			a.more = true
		} else {
			if a.more {
				return nil, p.errorf("\"...\" must be the last element of an array")
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			a.elems = append(a.elems, v)
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errorf("unterminated array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return a, nil
		default:
			return nil, p.errorf("want ',' or ']'")
		}
	}
}

// volatileField reports whether the value of member key of got differs
// on every run, so that only its presence is compared. These are exactly:
//   - times: members named *AtMs, *TimeMs and *UntilMs (createdAtMs,
//     updatedAtMs, joinedAtMs, connectedAtMs, expiresAtMs, serverTimeMs,
//     mutedUntilMs);
//   - ids the node allocates: messageId, the id of a message (an object
//     with a conversationId and a seq, i.e. a Message), sessionId;
//   - token (a JWT signed with a key generated at start) and remoteAddr
//     (the client's ephemeral port).
//
// Everything else — seqs, counts, versions, names, flags, error codes and
// messages — must be equal.
func volatileField(key string, got *jObject) bool {
	switch {
	case strings.HasSuffix(key, "AtMs"), strings.HasSuffix(key, "TimeMs"), strings.HasSuffix(key, "UntilMs"):
		return true
	case key == "messageId", key == "sessionId", key == "token", key == "remoteAddr":
		return true
	case key == "id":
		_, conv := got.vals["conversationId"]
		_, seq := got.vals["seq"]
		return conv && seq
	}
	return false
}

// compareJSON returns the differences between the doc's value want and
// the node's value got, each naming the path of the field.
func compareJSON(path string, want, got any) []string {
	at := path
	if at == "" {
		at = "the reply"
	}
	switch w := want.(type) {
	case *jObject:
		g, ok := got.(*jObject)
		if !ok {
			return []string{fmt.Sprintf("%s: the doc shows an object, the node answered %s", at, render(got))}
		}
		var diffs []string
		for _, k := range w.keys {
			gv, ok := g.vals[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: the doc shows %s, the node left it out", join(path, k), render(w.vals[k])))
				continue
			}
			if volatileField(k, g) {
				continue
			}
			diffs = append(diffs, compareJSON(join(path, k), w.vals[k], gv)...)
		}
		if !w.more {
			for _, k := range g.keys {
				if _, ok := w.vals[k]; !ok {
					diffs = append(diffs, fmt.Sprintf("%s: the node answered %s, the doc leaves it out (or add \"...\")", join(path, k), render(g.vals[k])))
				}
			}
		}
		return diffs
	case *jArray:
		g, ok := got.(*jArray)
		if !ok {
			return []string{fmt.Sprintf("%s: the doc shows an array, the node answered %s", at, render(got))}
		}
		if len(g.elems) < len(w.elems) || !w.more && len(g.elems) != len(w.elems) {
			return []string{fmt.Sprintf("%s: the doc shows %d elements, the node answered %d: %s", at, len(w.elems), len(g.elems), render(got))}
		}
		var diffs []string
		for i, we := range w.elems {
			diffs = append(diffs, compareJSON(fmt.Sprintf("%s[%d]", path, i), we, g.elems[i])...)
		}
		return diffs
	case jPrefix:
		if g, ok := got.(string); !ok || !strings.HasPrefix(g, string(w)) {
			return []string{fmt.Sprintf("%s: the doc shows %q..., the node answered %s", at, string(w), render(got))}
		}
		return nil
	default:
		if render(want) != render(got) {
			return []string{fmt.Sprintf("%s: the doc shows %s, the node answered %s", at, render(want), render(got))}
		}
		return nil
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// render prints a parsed value back as compact JSON.
func render(v any) string {
	switch v := v.(type) {
	case *jObject:
		parts := make([]string, 0, len(v.keys)+1)
		for _, k := range v.keys {
			parts = append(parts, strconv.Quote(k)+":"+render(v.vals[k]))
		}
		if v.more {
			parts = append(parts, "...")
		}
		return "{" + strings.Join(parts, ",") + "}"
	case *jArray:
		parts := make([]string, 0, len(v.elems)+1)
		for _, e := range v.elems {
			parts = append(parts, render(e))
		}
		if v.more {
			parts = append(parts, "...")
		}
		return "[" + strings.Join(parts, ",") + "]"
	case jPrefix:
		b, _ := json.Marshal(string(v) + "...")
		return string(b)
	case nil:
		return "null"
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// Text output (imctl's tables and listen lines) is compared line by line
// and, within a line, field by field (split at spaces, so column widths
// do not matter). A field matches a field of the same volatile kind
// whatever its value: an RFC 3339 time, a message id (an integer of 15 or
// more digits), a session id (<node>-<connection>, numbered per process),
// a JWT, or an address host:port (remote addresses carry an ephemeral
// port, and the test node's ports are not 8080 and 8081).
var volatileText = []*regexp.Regexp{
	regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`),
	regexp.MustCompile(`^\d{15,}$`),
	regexp.MustCompile(`^\d+-\d+$`),
	regexp.MustCompile(`^eyJ[\w-]*\.[\w-]*\.[\w-]*$`),
	regexp.MustCompile(`^[\w.-]+:\d{1,5}$`),
}

// compareTextLine returns how the doc's line want differs from got, or "".
func compareTextLine(want, got string) string {
	wf, gf := strings.Fields(want), strings.Fields(got)
	if len(wf) == len(gf) {
		same := true
		for i := range wf {
			if wf[i] == gf[i] {
				continue
			}
			kind := slices.IndexFunc(volatileText, func(re *regexp.Regexp) bool { return re.MatchString(wf[i]) })
			if kind < 0 || !volatileText[kind].MatchString(gf[i]) {
				same = false
				break
			}
		}
		if same {
			return ""
		}
	}
	return fmt.Sprintf("the doc shows %q, got %q", want, got)
}
