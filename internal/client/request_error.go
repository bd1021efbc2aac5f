package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
)

// FailureKind says why a request got no usable answer, so a hint can name the likely cause and a
// create can tell "the server did nothing" from "the server may have acted".
type FailureKind int

const (
	// FailureTransport is a connection failure of no more specific kind.
	FailureTransport FailureKind = iota
	// FailureUnreachable means nothing was sent: the host is unknown, unreachable or refused the connection.
	FailureUnreachable
	// FailureTLS means the TLS handshake failed (bad certificate, or http and https mixed up); nothing was sent.
	FailureTLS
	// FailureTimeout means no answer came within the request timeout; the server may have acted.
	FailureTimeout
	// FailureConnectionLost means the connection closed after the request was sent (reset, EOF);
	// the server may have acted.
	FailureConnectionLost
	// FailureDecode means the server answered 2xx with a body that is not the expected JSON.
	FailureDecode
	// FailureCanceled means Terraform cancelled the operation.
	FailureCanceled
)

// String names the kind in log lines and tests.
func (k FailureKind) String() string {
	switch k {
	case FailureUnreachable:
		return "unreachable"
	case FailureTLS:
		return "tls"
	case FailureTimeout:
		return "timeout"
	case FailureConnectionLost:
		return "connection lost"
	case FailureDecode:
		return "decode"
	case FailureCanceled:
		return "canceled"
	}
	return "transport"
}

// RequestError is a request that got no usable answer: it failed in transport, or its answer could
// not be decoded. Like APIError it names the API and the full URL.
type RequestError struct {
	API    API
	Method string
	URL    string
	Kind   FailureKind
	// Attempts is how many times the request was sent.
	Attempts int
	Err      error
}

// Error describes the failure with the full URL.
func (e *RequestError) Error() string {
	if e.Kind == FailureDecode {
		return fmt.Sprintf("%s %s: the %s's answer could not be decoded: %v", e.Method, e.URL, e.API, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

// Unwrap returns the underlying error.
func (e *RequestError) Unwrap() error { return e.Err }

// MayHaveActed reports whether the server may have carried out the request although no answer
// arrived: the request was sent and the connection then failed or timed out.
func (e *RequestError) MayHaveActed() bool {
	return e.Kind == FailureConnectionLost || e.Kind == FailureTimeout || e.Kind == FailureTransport
}

// NotConfiguredError is returned by every call of a client whose provider settings are not known yet.
type NotConfiguredError struct{ Err error }

// Error returns the reason the settings are unusable.
func (e *NotConfiguredError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *NotConfiguredError) Unwrap() error { return e.Err }

// classifyTransportError sorts an error of http.Client.Do into a FailureKind.
func classifyTransportError(err error) FailureKind {
	var (
		dnsErr      *net.DNSError
		unknownCA   x509.UnknownAuthorityError
		certInvalid x509.CertificateInvalidError
		hostname    x509.HostnameError
		recordErr   tls.RecordHeaderError
		certVerify  *tls.CertificateVerificationError
		alert       tls.AlertError
		netErr      net.Error
	)
	switch {
	case errors.Is(err, context.Canceled):
		return FailureCanceled
	case errors.As(err, &dnsErr), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EHOSTUNREACH):
		return FailureUnreachable
	case errors.As(err, &unknownCA), errors.As(err, &certInvalid), errors.As(err, &hostname),
		errors.As(err, &recordErr), errors.As(err, &certVerify), errors.As(err, &alert),
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return FailureTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return FailureTimeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed), errors.Is(err, http.ErrServerClosed):
		return FailureConnectionLost
	}
	return FailureTransport
}

// IsDeterministic reports whether sending the same request again would certainly fail the same way,
// so retrying it would only waste time: TLS failures, unknown hosts, answers that cannot be decoded,
// and every 4xx except 429.
func IsDeterministic(err error) bool {
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		var dnsErr *net.DNSError
		return reqErr.Kind == FailureTLS || reqErr.Kind == FailureDecode ||
			(errors.As(reqErr.Err, &dnsErr) && dnsErr.IsNotFound)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 && apiErr.StatusCode != http.StatusTooManyRequests ||
			apiErr.StatusCode == http.StatusNotImplemented || isDocumentedFailure(apiErr)
	}
	var notConfigured *NotConfiguredError
	return errors.As(err, &notConfigured)
}

// isDocumentedFailure recognises the 5xx answers the APIs document as a definite refusal that did
// nothing: DCE's 500 when the pool has no Ready account.
func isDocumentedFailure(e *APIError) bool {
	return e.API == LeaseAPI && e.StatusCode == http.StatusInternalServerError &&
		strings.Contains(e.Message, "No Available accounts")
}

// OutcomeUnknown reports whether a create that failed with err may nevertheless have created its
// object: the request was sent and then the connection failed, or the answer was a 5xx that does
// not mean "did nothing" (502, 504, or a 500 other than the documented refusals).
func OutcomeUnknown(err error) bool {
	var reqErr *RequestError
	if errors.As(err, &reqErr) {
		return reqErr.MayHaveActed()
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusBadGateway, http.StatusGatewayTimeout:
			return true
		case http.StatusInternalServerError:
			return !isDocumentedFailure(apiErr)
		}
	}
	return false
}
