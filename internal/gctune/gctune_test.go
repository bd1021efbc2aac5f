package gctune

import (
	"runtime/debug"
	"testing"
)

func TestApplyKeepsTheUsersChoice(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	Apply(400, 256<<20)
	if got := debug.SetGCPercent(-1); got != 400 {
		t.Errorf("GOGC unset: GC percent %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 256<<20 {
		t.Errorf("GOMEMLIMIT unset: limit %d, want %d", got, 256<<20)
	}

	debug.SetGCPercent(100)
	debug.SetMemoryLimit(1 << 40)
	t.Setenv("GOGC", "100")
	t.Setenv("GOMEMLIMIT", "1TiB")
	Apply(400, 256<<20)
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("GOGC=100: GC percent %d, want the user's 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT set: limit %d, want the user's", got)
	}
}
