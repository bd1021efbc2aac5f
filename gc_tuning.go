package main

import "github.com/sandbox-platform/terraform-provider-sandbox/internal/gctune"

// GC settings for a short-lived plugin. The provider lives for one CLI command, keeps a small live
// heap (2-3 MB during a plan of 1,000 resources: schemas, one HTTP client, the RPCs in flight) and
// makes short-lived garbage on every RPC. With the default GOGC=100 the collector runs each time that
// small heap doubles: 117 cycles in that plan; at 400, 26.
//
// The soft memory limit caps the heap goal GOGC=400 would allow once the live heap is large: reading
// 10,000 leases holds about 70 MB live while the state is built. 256 MiB leaves that room (6 cycles);
// a limit near the live heap makes the collector run back to back (64 MiB: 84 cycles, twice the time).
const (
	gcPercent   = 400
	memoryLimit = 256 << 20
)

// tuneGC applies those settings unless the user chose their own through GOGC or GOMEMLIMIT.
func tuneGC() { gctune.Apply(gcPercent, memoryLimit) }
