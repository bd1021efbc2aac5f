//go:build !cpuprofile

package main

// startCPUProfile does nothing in a normal build; `go build -tags cpuprofile` profiles (see README).
func startCPUProfile() func() { return func() {} }
