//go:build mockprof

package main

import (
	"os"
	"runtime/pprof"
	"time"
)

func init() {
	f, _ := os.Create(os.Getenv("MOCK_PROF"))
	_ = pprof.StartCPUProfile(f)
	go func() { time.Sleep(12 * time.Second); pprof.StopCPUProfile(); f.Close() }()
}
