// Package gctune sets the garbage collector's target and soft memory limit for a command, unless
// the user chose their own through GOGC or GOMEMLIMIT. Each command states its numbers and why.
package gctune

import (
	"os"
	"runtime/debug"
)

// Apply sets GOGC to percent and the soft memory limit to limit bytes, each only when its
// environment variable is unset.
func Apply(percent int, limit int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
