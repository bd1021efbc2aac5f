// Command sandbox-mock serves the in-memory sandbox platform (Account API and Lease API on one port),
// so people can try the provider and test their modules offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox-mock:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("sandbox-mock", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	token := fs.String("token", mockserver.DefaultAdminToken, "bearer secret of the root admin account")
	stateFile := fs.String("state", "", "JSON file to load at start and save after every change (empty: memory only)")
	readyDelay := fs.Duration("account-ready-delay", 500*time.Millisecond, "how long a new or released pool account stays NotReady")
	plansFile := fs.String("plans-file", "", "JSON array of extra plans (objects shaped like GET /v1/accounts/{id}/plan) to add to the catalogue")
	addrFile := fs.String("addr-file", "", "write the listening address to this file once serving (for scripts)")
	usageCost := fs.Float64("usage-cost-per-day", mockserver.DefaultUsageCostPerDay, "what each UTC day of an active lease adds to its principal's usage (negative: nothing)")
	sigV4Key := fs.String("sigv4-access-key-id", "", "with -sigv4-secret-access-key: the Lease API accepts only requests signed with this AWS key pair (service execute-api)")
	sigV4Secret := fs.String("sigv4-secret-access-key", "", "the secret of -sigv4-access-key-id")
	sigV4Region := fs.String("sigv4-region", "", "the only region a SigV4 signature may be scoped to (empty: any)")
	verbose := fs.Bool("v", false, "log every request")
	var faults mockserver.Faults
	fs.DurationVar(&faults.Latency, "fault-latency", 0, "delay every answer by this long")
	fs.Float64Var(&faults.ErrorRate, "fault-error-rate", 0, "fraction of requests answered 500 (0..1)")
	fs.Float64Var(&faults.RateLimitRate, "fault-429-rate", 0, "fraction of requests answered 429 with Retry-After (0..1)")
	fs.DurationVar(&faults.RetryAfter, "fault-retry-after", time.Second, "Retry-After sent with injected 429s")
	fs.Float64Var(&faults.DropRate, "fault-drop-rate", 0, "fraction of connections closed without an answer (0..1)")
	var serving servingFlags
	serving.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := mockserver.Options{
		AdminToken:        *token,
		StateFile:         *stateFile,
		PlansFile:         *plansFile,
		AccountReadyDelay: *readyDelay,
		UsageCostPerDay:   *usageCost,
		Faults:            faults,

		SigV4AccessKeyID:     *sigV4Key,
		SigV4SecretAccessKey: *sigV4Secret,
		SigV4Region:          *sigV4Region,
	}
	if (*sigV4Key == "") != (*sigV4Secret == "") {
		return errors.New("-sigv4-access-key-id and -sigv4-secret-access-key go together")
	}
	if err := serving.apply(&opts); err != nil {
		return err
	}
	if *verbose {
		opts.Logger = log.New(os.Stderr, "sandbox-mock: ", log.LstdFlags)
	}
	srv, err := mockserver.New(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := serving.scheme() + "://" + ln.Addr().String()
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}
	fmt.Printf(`sandbox mock server listening on %s

Point the provider at it:
  export SANDBOX_ENDPOINT=%s
  export SANDBOX_TOKEN=%s

or in HCL:
  provider "sandbox" {
    endpoint = %q
    token    = %q
  }
`, url, url, *token, url, *token)
	serving.printHint(url)

	httpServer := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpServer.Shutdown(shutdown)
	}()
	if err := serving.serve(httpServer, ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
