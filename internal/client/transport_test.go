package client

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConnectionsAreKeptForTheCLIsParallelism sends two waves of 16 concurrent reads, as a plan with
// -parallelism=16 would, and checks that the second wave reuses the first wave's connections.
func TestConnectionsAreKeptForTheCLIsParallelism(t *testing.T) {
	const parallel = 16
	var opened atomic.Int32
	// Every request waits until the whole wave has arrived, so the wave needs parallel connections.
	var arrived sync.WaitGroup
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		arrived.Done()
		arrived.Wait()
		_, _ = io.WriteString(w, accountBody)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := New(Config{AccountAPIEndpoint: srv.URL, LeaseAPIEndpoint: srv.URL, Token: "t", RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	wave := func() {
		arrived.Add(parallel)
		var done sync.WaitGroup
		for range parallel {
			done.Go(func() {
				if _, err := c.GetAccount(context.Background(), "497f6eca-6276-4993-bfeb-53cbbbba6f08"); err != nil {
					t.Error(err)
				}
			})
		}
		done.Wait()
	}
	wave()
	first := opened.Load()
	wave()
	if first != parallel || opened.Load() != first {
		t.Errorf("opened %d connections for the first wave and %d more for the second; want %d, then none",
			first, opened.Load()-first, parallel)
	}
}
