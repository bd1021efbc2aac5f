package mockserver

import (
	"slices"
	"testing"
)

func TestSetsHoldEachIDOnceInOrder(t *testing.T) {
	m := map[string][]string{}
	for _, id := range []string{"b", "a", "c", "a"} {
		addToSet(m, "k", id)
	}
	if got := m["k"]; !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("after adding b, a, c, a: %v, want [a b c]", got)
	}
	removeFromSet(m, "k", "b")
	removeFromSet(m, "k", "missing")
	removeFromSet(m, "other", "a")
	if got := m["k"]; !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("after removing b: %v, want [a c]", got)
	}
	removeFromSet(m, "k", "a")
	removeFromSet(m, "k", "c")
	if _, ok := m["k"]; ok || len(m) != 0 {
		t.Fatalf("a set emptied of its ids is still there: %v", m)
	}
}
