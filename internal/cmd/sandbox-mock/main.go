// Command sandbox-mock serves the in-memory sandbox platform (Account API and Lease API on one port),
// so people can try the provider and test their modules offline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/gctune"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func main() {
	gctune.Apply(gcPercent, memoryLimit)
	err := run(os.Args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp):
		// -h printed the usage the user asked for: that is not a failure.
	case err != nil:
		fmt.Fprintln(os.Stderr, "sandbox-mock:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("sandbox-mock", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	token := fs.String("token", mockserver.DefaultAdminToken, "bearer secret of the root admin account")
	stateFile := fs.String("state", "", "state database (bbolt) to load at start; every change is committed to it with fsync before its answer (empty: memory only)")
	readyDelay := fs.Duration("account-ready-delay", mockserver.DefaultAccountReadyDelay, "how long a new or released pool account stays NotReady (a duration such as 500ms or 2s; 0: Ready at once)")
	plansFile := fs.String("plans-file", "", "JSON array of extra plans (objects shaped like GET /v1/accounts/{id}/plan) to add to the catalogue")
	addrFile := fs.String("addr-file", "", "write the listening address to this file once serving (for scripts)")
	usageCost := fs.Float64("usage-cost-per-day", mockserver.DefaultUsageCostPerDay, "what each UTC day of an active lease adds to its principal's usage, in USD (0: nothing)")
	sigV4Key := fs.String("sigv4-access-key-id", "", "with -sigv4-secret-access-key: the Lease API accepts only requests signed with this AWS key pair (service execute-api)")
	sigV4Secret := fs.String("sigv4-secret-access-key", "", "the secret of -sigv4-access-key-id")
	sigV4Token := fs.String("sigv4-session-token", "", "with -sigv4-access-key-id: signed requests must also carry this X-Amz-Security-Token")
	sigV4Region := fs.String("sigv4-region", "", "the only region a SigV4 signature may be scoped to (empty: any)")
	quiet := fs.Bool("quiet", false, "log errors only, no access log")
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	fs.Bool("v", false, "no effect: the access log is on by default (kept so older scripts still start)")
	var limits serverLimits
	fs.DurationVar(&limits.readHeader, "read-header-timeout", 10*time.Second, "longest wait for a request's headers (0: no limit)")
	fs.DurationVar(&limits.read, "read-timeout", 2*time.Minute, "longest a whole request, body included, may take to arrive (0: no limit)")
	fs.DurationVar(&limits.write, "write-timeout", 2*time.Minute, "longest an answer may take to be written (0: no limit)")
	fs.DurationVar(&limits.idle, "idle-timeout", 2*time.Minute, "how long an idle keep-alive connection stays open (0: no limit)")
	fs.IntVar(&limits.maxHeaderBytes, "max-header-bytes", 64<<10, "largest request header block, in bytes")
	bodyTimeout := fs.Duration("body-read-timeout", mockserver.DefaultBodyReadTimeout, "longest a request body may take to arrive once its headers are in")
	var faults mockserver.Faults
	fs.DurationVar(&faults.Latency, "fault-latency", 0, "delay every answer by this long (a duration such as 200ms)")
	fs.Float64Var(&faults.ErrorRate, "fault-error-rate", 0, "fraction of requests answered 500 (0..1)")
	fs.Float64Var(&faults.RateLimitRate, "fault-429-rate", 0, "fraction of requests answered 429 with Retry-After (0..1)")
	fs.DurationVar(&faults.RetryAfter, "fault-retry-after", time.Second, "Retry-After sent with injected 429s (rounded to whole seconds, at least 1s)")
	fs.Float64Var(&faults.DropRate, "fault-drop-rate", 0, "fraction of connections closed without an answer (0..1)")
	var serving servingFlags
	serving.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*sigV4Key == "") != (*sigV4Secret == "") {
		return errors.New("-sigv4-access-key-id and -sigv4-secret-access-key go together")
	}
	if *sigV4Token != "" && *sigV4Key == "" {
		return errors.New("-sigv4-session-token needs -sigv4-access-key-id and -sigv4-secret-access-key")
	}
	if *bodyTimeout <= 0 {
		return errors.New("-body-read-timeout must be positive")
	}
	logs := newLogBuffer(os.Stderr, logFlushInterval)
	defer logs.Close()
	logger, err := newLogger(logs, *logFormat, *quiet)
	if err != nil {
		return err
	}
	opts := mockserver.Options{
		AdminToken:        *token,
		StateFile:         *stateFile,
		PlansFile:         *plansFile,
		AccountReadyDelay: exactDuration(*readyDelay),
		UsageCostPerDay:   exactAmount(*usageCost),
		Faults:            faults,
		Logger:            logger,
		BodyReadTimeout:   *bodyTimeout,
		// A long-running mock keeps no secrets beyond the state; the record is for tests.
		NoSecretRecords: true,

		SigV4AccessKeyID:     *sigV4Key,
		SigV4SecretAccessKey: *sigV4Secret,
		SigV4SessionToken:    *sigV4Token,
		SigV4Region:          *sigV4Region,
	}
	if err := serving.apply(&opts); err != nil {
		return err
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

	defer srv.Close()
	httpServer := limits.server(srv)
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

// serverLimits are the http.Server's timeouts and header limit, from flags.
type serverLimits struct {
	readHeader, read, write, idle time.Duration
	maxHeaderBytes                int
}

func (l serverLimits) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeaderBytes,
	}
}

// exactDuration maps a flag's 0 to the option's "none" (negative): on the command line 0 means zero.
func exactDuration(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// exactAmount maps a flag's 0 to the option's "none" (negative): on the command line 0 means zero.
func exactAmount(v float64) float64 {
	if v == 0 {
		return -1
	}
	return v
}

// newLogger logs to buf in the given format; quiet keeps warnings and errors only.
func newLogger(buf *logBuffer, format string, quiet bool) (*slog.Logger, error) {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "text":
		return slog.New(flushingHandler{Handler: slog.NewTextHandler(buf, opts), buf: buf}), nil
	case "json":
		return slog.New(flushingHandler{Handler: slog.NewJSONHandler(buf, opts), buf: buf}), nil
	}
	return nil, fmt.Errorf("-log-format %q: want text or json", format)
}
