package sqlite

// jsonStrings returns ss as a JSON array of strings, for statements that
// take a list as one parameter and read it with json_each: one statement
// for a whole batch instead of one per item.
//
// It is written by hand, not with encoding/json, because encoding/json
// replaces invalid UTF-8, and the values must reach SQLite byte for byte,
// equal to the same values bound directly elsewhere. Only what JSON
// requires is escaped; other bytes are copied, and SQLite's JSON functions
// give them back unchanged.
func jsonStrings(ss []string) string {
	const hex = "0123456789abcdef"
	n := 2
	for _, s := range ss {
		n += len(s) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for j := 0; j < len(s); j++ {
			switch c := s[j]; {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
		}
		b = append(b, '"')
	}
	return string(append(b, ']'))
}
