package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors matched by (*APIError).Is, so callers write errors.Is(err, client.ErrNotFound).
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrBadRequest   = errors.New("bad request")
)

// APIError is a non-2xx answer from either API.
type APIError struct {
	// API is the API that answered, so a hint needs no knowledge of URLs.
	API        API
	StatusCode int
	Method     string
	// Path is the request path relative to the API's base URL; URL is the full URL that was sent,
	// so a wrong endpoint (a doubled /v1) shows in the message.
	Path string
	URL  string
	// Attempts is how many times the request was sent (1 when it was not retried).
	Attempts int
	// Code is the Lease API's error code (e.g. "NotFoundError") or a newer Account API's code.
	Code string
	// Message is the single error text the server sent.
	Message string
	// Errors lists the problems of a 400 answer from the Account API.
	Errors []string
}

// Error describes the failed call in a form a user can act on.
func (e *APIError) Error() string {
	var b strings.Builder
	target := e.URL
	if target == "" {
		target = e.Path
	}
	fmt.Fprintf(&b, "%s %s: %s answered %d %s", e.Method, target, e.API, e.StatusCode, http.StatusText(e.StatusCode))
	details := e.Errors
	if e.Message != "" {
		details = append([]string{e.Message}, details...)
	}
	if len(details) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(details, "; "))
	}
	return b.String()
}

// Is matches the sentinel errors by status class.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	}
	return false
}

// IsNotFound reports whether err is a 404 from either API.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsConflict reports whether err is a 409 from either API.
func IsConflict(err error) bool { return errors.Is(err, ErrConflict) }

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// errorBody covers every error shape the two APIs send:
// Account API {"errors":["..."]} and {"error":"..."} (newer versions add "code"),
// Lease API {"error":{"code":"...","message":"..."}}, and API Gateway's {"message":"..."} / {"Message":"..."}.
type errorBody struct {
	Errors  []string        `json:"errors"`
	Error   json.RawMessage `json:"error"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
}

type nestedError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func newAPIError(api API, method, path, fullURL string, status int, payload []byte) *APIError {
	e := &APIError{API: api, StatusCode: status, Method: method, Path: path, URL: fullURL}
	var body errorBody
	if json.Unmarshal(payload, &body) != nil {
		// The real Account API answers framework errors in text/plain.
		e.Message = truncate(strings.TrimSpace(string(payload)), 512)
		return e
	}
	e.Errors = body.Errors
	e.Code = body.Code
	e.Message = body.Message
	var text string
	var nested nestedError
	switch {
	case json.Unmarshal(body.Error, &text) == nil:
		e.Message = text
	case json.Unmarshal(body.Error, &nested) == nil && (nested.Code != "" || nested.Message != ""):
		e.Code, e.Message = nested.Code, nested.Message
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
