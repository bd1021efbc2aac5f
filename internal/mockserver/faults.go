package mockserver

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults describes unreliability injected into every request, for reliability tests and demos.
// Rates are fractions between 0 and 1.
type Faults struct {
	// Latency delays every answer.
	Latency time.Duration
	// ErrorRate answers that fraction of requests 500 without acting on them.
	ErrorRate float64
	// RateLimitRate answers that fraction of requests 429 with a Retry-After header.
	RateLimitRate float64
	// RetryAfter is the Retry-After sent with a 429 (whole seconds; default 1).
	RetryAfter time.Duration
	// DropRate closes that fraction of connections without any answer.
	DropRate float64
}

// ScriptedFault answers the next Count requests matching Method and Path with Status, before acting on them.
type ScriptedFault struct {
	Method string
	// Path matches the request path exactly, or as a prefix when it ends in "*".
	Path   string
	Status int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter time.Duration
	Count      int
}

type faultInjector struct {
	mu       sync.Mutex
	faults   Faults
	scripted []ScriptedFault
}

// settings returns the fault rates and the scripted faults still pending.
func (fi *faultInjector) settings() (Faults, []ScriptedFault) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	var pending []ScriptedFault
	for _, f := range fi.scripted {
		if f.Count > 0 {
			pending = append(pending, f)
		}
	}
	return fi.faults, pending
}

// set replaces the fault rates and the scripted faults.
func (fi *faultInjector) set(f Faults, scripted []ScriptedFault) {
	if f.RetryAfter <= 0 {
		f.RetryAfter = time.Second
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.faults, fi.scripted = f, scripted
}

// clearScripted drops every scripted fault not yet fired.
func (fi *faultInjector) clearScripted() {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.scripted = nil
}

func newFaultInjector(f Faults) *faultInjector {
	if f.RetryAfter <= 0 {
		f.RetryAfter = time.Second
	}
	return &faultInjector{faults: f}
}

// InjectFault queues a scripted fault; it fires before the request reaches any handler.
func (s *Server) InjectFault(f ScriptedFault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.scripted = append(s.faults.scripted, f)
}

// intercept applies faults to r and reports whether it already answered.
func (fi *faultInjector) intercept(w http.ResponseWriter, r *http.Request) bool {
	fi.mu.Lock()
	faults := fi.faults
	fi.mu.Unlock()
	if faults.Latency > 0 {
		time.Sleep(faults.Latency)
	}
	if f, ok := fi.takeScripted(r); ok {
		writeFault(w, f.Status, f.RetryAfter)
		return true
	}
	switch {
	case chance(faults.DropRate):
		dropConnection(w)
		return true
	case chance(faults.RateLimitRate):
		writeFault(w, http.StatusTooManyRequests, faults.RetryAfter)
		return true
	case chance(faults.ErrorRate):
		writeFault(w, http.StatusInternalServerError, 0)
		return true
	}
	return false
}

func (fi *faultInjector) takeScripted(r *http.Request) (ScriptedFault, bool) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	for i := range fi.scripted {
		f := &fi.scripted[i]
		if f.Count <= 0 || f.Method != r.Method || !pathMatches(f.Path, r.URL.Path) {
			continue
		}
		f.Count--
		return *f, true
	}
	return ScriptedFault{}, false
}

func pathMatches(pattern, path string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return pattern == path
}

func chance(rate float64) bool {
	return rate > 0 && rand.Float64() < rate
}

func writeFault(w http.ResponseWriter, status int, retryAfter time.Duration) {
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(retryAfter.Round(time.Second)/time.Second))))
	}
	writeJSON(w, status, accountAPIError{Error: "injected fault: " + http.StatusText(status)})
}

// dropConnection closes the TCP connection without answering, as a crashed gateway would.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		writeFault(w, http.StatusBadGateway, 0)
		return
	}
	_ = conn.Close()
}

// PendingFaults counts scripted faults that have not fired yet.
func (s *Server) PendingFaults() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	n := 0
	for _, f := range s.faults.scripted {
		n += f.Count
	}
	return n
}
