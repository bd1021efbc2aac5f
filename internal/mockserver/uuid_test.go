package mockserver

import "testing"

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
	if newID := newUUID(); !isUUID(newID) {
		t.Errorf("newUUID() = %q is not a UUID", newID)
	}
}
