//go:build cpuprofile

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// envCPUProfileDir names the directory a `-tags cpuprofile` build writes its profiles to, one pair per
// provider process (the CLI starts several during one command): cpu-<pid>.pprof, and heap-<pid>.pprof
// (what is still live when the CLI stops the provider).
const envCPUProfileDir = "SANDBOX_CPU_PROFILE_DIR"

// startCPUProfile starts profiling when SANDBOX_CPU_PROFILE_DIR is set and returns the function that
// stops it. The CLI stops its plugins over gRPC, so Serve returns and the deferred stop runs.
func startCPUProfile() func() {
	dir := os.Getenv(envCPUProfileDir)
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cpu profile:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "cpu profile:", err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
		heap, err := os.Create(filepath.Join(dir, fmt.Sprintf("heap-%d.pprof", os.Getpid())))
		if err != nil {
			fmt.Fprintln(os.Stderr, "heap profile:", err)
			return
		}
		runtime.GC()
		_ = pprof.WriteHeapProfile(heap)
		_ = heap.Close()
	}
}
