package acctest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFractionSelectsExactlyThatShare(t *testing.T) {
	var picked []int
	for n := 1; n <= 20; n++ {
		if Fraction(3, 10)(n) {
			picked = append(picked, n)
		}
	}
	if len(picked) != 6 || picked[0] != 4 || picked[5] != 20 {
		t.Errorf("Fraction(3, 10) over 20 requests picked %v, want 6 evenly spread", picked)
	}
	if !Nth(2)(2) || Nth(2)(1) || Nth(2)(3) {
		t.Error("Nth(2) must pick only the second request")
	}
}

func TestAnswerLossLetsTheServerActThenDropsOrReplacesTheAnswer(t *testing.T) {
	var acted atomic.Int32
	h := &answerLossHandler{next: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		acted.Add(1)
		w.WriteHeader(http.StatusCreated)
	})}
	srv := httptest.NewServer(h)
	defer srv.Close()
	m := &Mock{URL: srv.URL, loss: h}
	m.LoseAnswers(AnswerLoss{Method: http.MethodPost, Path: "/v1/accounts/*/tokens", Select: Nth(2)})
	m.LoseAnswers(AnswerLoss{Method: http.MethodPost, Path: "/accounts", Select: Nth(1), Status: http.StatusBadGateway})
	post := func(path string) (int, error) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader("{}"))
		if err != nil {
			return 0, err
		}
		defer func() { _ = resp.Body.Close() }()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}
	if code, err := post("/v1/accounts/a/tokens"); err != nil || code != http.StatusCreated {
		t.Errorf("first token POST: %d, %v; want its answer", code, err)
	}
	if _, err := post("/v1/accounts/a/tokens"); err == nil || !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Errorf("second token POST: err %v, want the connection dropped", err)
	}
	if code, err := post("/accounts"); err != nil || code != http.StatusBadGateway {
		t.Errorf("pool account POST: %d, %v; want 502", code, err)
	}
	lost := m.LostAnswers()
	if acted.Load() != 3 || len(lost) != 2 || lost[0].Status != http.StatusCreated || lost[1].Path != "/accounts" {
		t.Errorf("server acted %d times, lost %+v; want 3 acts and 2 lost answers", acted.Load(), lost)
	}
}
