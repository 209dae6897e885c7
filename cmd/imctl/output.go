package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// jsonOpts prints messages as the HTTP API does: lowerCamelCase names,
// 64-bit integers as strings, zero values left out, on one line.
var jsonOpts = protojson.MarshalOptions{UseProtoNames: false}

// writeJSON prints m as one line of protojson.
func writeJSON(w io.Writer, m proto.Message) error {
	b, err := jsonOpts.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// table collects rows and prints them as aligned columns under a header.
type table struct {
	header []string
	rows   [][]string
}

func newTable(header ...string) *table { return &table{header: header} }

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.header, "\t"))
	for _, r := range t.rows {
		for i, cell := range r {
			if cell == "" {
				r[i] = "-" // keep every column present for awk and friends
			}
		}
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// print writes m as JSON, or as the table tab makes of it.
func (c *cli) print(m proto.Message, tab func() *table) error {
	if c.json {
		return writeJSON(c.stdout, m)
	}
	return tab().write(c.stdout)
}

func fmtTime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

func fmtUint(n uint64) string { return strconv.FormatUint(n, 10) }

func fmtBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func fmtAttrs(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

// enumName drops the type prefix of an enum value name:
// GROUP_ROLE_ADMIN -> admin.
func enumName(name, prefix string) string {
	if strings.HasSuffix(name, "_UNSPECIFIED") {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(name, prefix))
}

func roleName(r chorusv1.GroupRole) string { return enumName(r.String(), "GROUP_ROLE_") }

// senderName is a message's sender; the system sends with an empty id.
func senderName(id string) string {
	if id == "" {
		return "(system)"
	}
	return id
}

// contentText is a one-line rendering of a message's content.
func contentText(ct *chorusv1.Content) string {
	switch {
	case ct.GetText() != nil:
		return oneLine(ct.GetText().GetText())
	case ct.GetMedia() != nil:
		m := ct.GetMedia()
		return fmt.Sprintf("[%s %s]", enumName(m.GetKind().String(), "MEDIA_KIND_"), m.GetUrl())
	case ct.GetCustom() != nil:
		return fmt.Sprintf("[custom %s, %d bytes]", ct.GetCustom().GetType(), len(ct.GetCustom().GetData()))
	case ct.GetGroupEvent() != nil:
		e := ct.GetGroupEvent()
		kind := enumName(e.GetKind().String(), "KIND_")
		// Unmuting writes the same kinds as muting, with the mute cleared.
		switch {
		case e.GetKind() == chorusv1.GroupEvent_KIND_MEMBER_MUTED && e.GetMutedUntilMs() == 0:
			kind = "member_unmuted"
		case e.GetKind() == chorusv1.GroupEvent_KIND_GROUP_MUTED && !e.GetMuted():
			kind = "group_unmuted"
		}
		s := "[group " + kind
		if e.GetActorId() != "" {
			s += " by " + e.GetActorId()
		}
		if len(e.GetUserIds()) > 0 {
			s += ": " + strings.Join(e.GetUserIds(), ",")
		}
		return s + "]"
	}
	return ""
}

// oneLine keeps multi-line text on its row.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\n`, "\t", " ").Replace(s)
}

func groupTable(groups ...*chorusv1.Group) *table {
	t := newTable("ID", "NAME", "OWNER", "MEMBERS", "JOIN", "MUTED", "DISSOLVED", "LAST_SEQ", "ATTRIBUTES")
	for _, g := range groups {
		t.add(g.GetId(), g.GetName(), g.GetOwnerId(), fmtUint(uint64(g.GetMemberCount())),
			enumName(g.GetJoinPolicy().String(), "JOIN_POLICY_"), fmtBool(g.GetMuted()),
			fmtBool(g.GetDissolved()), fmtUint(g.GetLastSeq()), fmtAttrs(g.GetAttributes()))
	}
	return t
}

func memberTable(members ...*chorusv1.GroupMember) *table {
	t := newTable("USER", "ROLE", "MUTED_UNTIL", "JOINED", "READ_SEQ", "DELIVERED_SEQ")
	for _, m := range members {
		muted := ""
		if m.GetMutedUntilMs() > time.Now().UnixMilli() {
			muted = fmtTime(m.GetMutedUntilMs())
		}
		t.add(m.GetUserId(), roleName(m.GetRole()), muted, fmtTime(m.GetJoinedAtMs()),
			fmtUint(m.GetReadSeq()), fmtUint(m.GetDeliveredSeq()))
	}
	return t
}

func userTable(u *chorusv1.User) *table {
	t := newTable("ID", "NAME", "AVATAR", "ATTRIBUTES", "CREATED", "UPDATED")
	t.add(u.GetId(), u.GetName(), u.GetAvatarUrl(), fmtAttrs(u.GetAttributes()),
		fmtTime(u.GetCreatedAtMs()), fmtTime(u.GetUpdatedAtMs()))
	return t
}

func messageTable(msgs []*chorusv1.Message) *table {
	t := newTable("SEQ", "TIME", "SENDER", "CONTENT")
	for _, m := range msgs {
		t.add(fmtUint(m.GetSeq()), fmtTime(m.GetServerTimeMs()), senderName(m.GetSenderId()), contentText(m.GetContent()))
	}
	return t
}
