package main

// GC settings for the mock server. Its live heap is the state it holds, small next to what each
// request allocates and drops (a parsed request, an encoded answer), so with the default GOGC=100
// the collector runs every few megabytes of requests. At 400 it runs a quarter as often: under
// wrk (2 cores, 32 connections) POST /v1/accounts went from 12.3k and 11.9k to 12.7k and 13.1k
// req/s and GET from 22.3k to 24.5k. The 1 GiB soft limit caps what that headroom may grow to
// once the state itself is large.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)
