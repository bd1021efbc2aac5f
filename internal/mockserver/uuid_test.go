package mockserver

import (
	"strings"
	"testing"
)

func TestIsUUID(t *testing.T) {
	for id, want := range map[string]bool{
		"e71a6160-4144-4720-9e34-e5943458d129":  true,
		"E71A6160-4144-4720-9E34-E5943458D129":  true,
		"00000000-0000-0000-0000-000000000000":  true,
		"":                                      false,
		"e71a6160-4144-4720-9e34-e5943458d12":   false, // one digit short
		"e71a6160-4144-4720-9e34-e5943458d1299": false, // one digit long
		"e71a6160x4144-4720-9e34-e5943458d129":  false, // separator
		"e71a6160-4144-4720-9e34-e5943458d12g":  false, // not hex
		"e71a61604-144-4720-9e34-e5943458d129":  false, // dash moved
		"{71a6160-4144-4720-9e34-e5943458d129":  false,
	} {
		if got := isUUID(id); got != want {
			t.Errorf("isUUID(%q) = %v, want %v", id, got, want)
		}
	}
	seen := map[string]bool{}
	for range 100 {
		id := newUUID()
		// A random (version 4, RFC 4122 variant) UUID, in lower case as the real systems write them.
		if !isUUID(id) || id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) || id != strings.ToLower(id) || seen[id] {
			t.Fatalf("newUUID() = %q is not a new lower-case version 4 UUID", id)
		}
		seen[id] = true
	}
}
