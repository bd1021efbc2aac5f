package acctest

import (
	"net/http"
	"net/http/httptest"
	"path"
	"sync"
)

// AnswerLoss makes the mock act on selected requests and then lose the answer, as a proxy that
// lets the server act and then closes the connection does (or, with Status set, as a gateway that
// answers 502 after its backend acted). It is what leaves a create's outcome unknown to the client.
type AnswerLoss struct {
	// Method and Path select the requests; Path is matched with path.Match, so "*" stands for one
	// segment ("/v1/accounts/*/tokens"). An empty Method or Path matches every one.
	Method string
	Path   string
	// Select picks which of the matching requests lose their answer, by their 1-based count.
	Select func(n int) bool
	// Status, when set, replaces the answer with this status and an empty body; otherwise the
	// connection is closed without any answer.
	Status int
}

// Nth selects the n-th matching request (and those listed after it).
func Nth(ns ...int) func(int) bool {
	return func(n int) bool {
		for _, want := range ns {
			if n == want {
				return true
			}
		}
		return false
	}
}

// Fraction selects k of every m matching requests, spread evenly and always the same ones (for
// k=3, m=10: the 4th, 7th and 10th of each ten), so a test that loses a share of answers is
// deterministic in how many it loses.
func Fraction(k, m int) func(int) bool {
	return func(n int) bool {
		i := (n - 1) % m
		// Position i is selected when the running share crosses a whole number there.
		return (i+1)*k/m != i*k/m
	}
}

// LostAnswer is one answer the harness dropped.
type LostAnswer struct {
	Method, Path string
	// Status is what the mock answered before the answer was lost.
	Status int
}

// answerLossHandler serves the mock through the loss rules.
type answerLossHandler struct {
	next http.Handler

	mu     sync.Mutex
	rules  []AnswerLoss
	counts []int
	lost   []LostAnswer
}

// LoseAnswers adds a rule; requests already counted are not counted again.
func (m *Mock) LoseAnswers(rule AnswerLoss) {
	m.loss.mu.Lock()
	defer m.loss.mu.Unlock()
	m.loss.rules = append(m.loss.rules, rule)
	m.loss.counts = append(m.loss.counts, 0)
}

// LostAnswers returns the answers dropped so far, oldest first.
func (m *Mock) LostAnswers() []LostAnswer {
	m.loss.mu.Lock()
	defer m.loss.mu.Unlock()
	return append([]LostAnswer(nil), m.loss.lost...)
}

// CountRequests returns how many requests with method and a path matching pattern (path.Match;
// "" matches every path) the mock got.
func (m *Mock) CountRequests(method, pattern string) int {
	n := 0
	for _, r := range m.Requests() {
		if ok, _ := path.Match(pattern, r.Path); (ok || pattern == "") && r.Method == method {
			n++
		}
	}
	return n
}

func (h *answerLossHandler) selected(r *http.Request) (AnswerLoss, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, rule := range h.rules {
		if ok, _ := path.Match(rule.Path, r.URL.Path); !ok && rule.Path != "" || rule.Method != r.Method && rule.Method != "" {
			continue
		}
		h.counts[i]++
		if rule.Select != nil && rule.Select(h.counts[i]) {
			return rule, true
		}
	}
	return AnswerLoss{}, false
}

func (h *answerLossHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rule, lose := h.selected(r)
	if !lose {
		h.next.ServeHTTP(w, r)
		return
	}
	// The mock acts in full; its answer goes into a recorder that nobody reads.
	recorder := httptest.NewRecorder()
	h.next.ServeHTTP(recorder, r)
	h.mu.Lock()
	h.lost = append(h.lost, LostAnswer{Method: r.Method, Path: r.URL.Path, Status: recorder.Code})
	h.mu.Unlock()
	if rule.Status != 0 {
		w.WriteHeader(rule.Status)
		return
	}
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}
