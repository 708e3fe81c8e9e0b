package client

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzBackoff: whatever Retry-After a server or proxy sends, the wait is
// never negative and never beyond the cap.
func FuzzBackoff(f *testing.F) {
	for _, s := range []string{"", "1", "0", "-1", "3600", "9223372036854775807", "99999999999", "1.5", "Wed, 21 Oct 2015 07:28:00 " +
		"GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 2"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, retryAfter string, attempt int) {
		const lo, hi = 100 * time.Millisecond, 30 * time.Second
		resp := &http.Response{Header: http.Header{"Retry-After": {retryAfter}}}
		if d := backoff(lo, hi, attempt, resp); d < 0 || d > hi {
			t.Fatalf("Retry-After %q, attempt %d: waits %v, want within [0, %v]", retryAfter, attempt, d, hi)
		}
	})
}

// FuzzDecodeProblem: any error answer, from the API or from something in
// front of it, becomes an APIError that keeps the real HTTP status and reads
// as one bounded, valid line of text.
func FuzzDecodeProblem(f *testing.F) {
	for _, s := range []string{
		`{"detail":"e-mail already used","code":"conflict","existing_id":"usr_1"}`, `{"status":200,"detail":"lies"}`,
		`{"errors":[{"field":"email","message":"bad"}],"detail":"invalid"}`, `<html>502 Bad Gateway</html>`, ``, `{"detail":""}`,
		`{"detail":null}`, `{"current_version":"x"}`, "\xff\xfe", `{"method":"GET","path":"/x","detail":"d"}`, strings.Repeat("x", 400),
	} {
		f.Add(409, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, raw []byte) {
		if status < 300 || status > 599 {
			return
		}
		ae := decodeProblem("POST", "/v1/users", status, raw)
		if ae.Status != status || ae.Method != "POST" || ae.Path != "/v1/users" {
			t.Fatalf("the body %q rewrote the request or status: %+v", raw, ae)
		}
		msg := ae.Error()
		if ae.Detail == "" || !utf8.ValidString(ae.Detail) || (len(ae.Detail) > 300 && !json.Valid(raw)) {
			t.Fatalf("unreadable detail %q from %q", ae.Detail, raw)
		}
		if !strings.Contains(msg, "HTTP ") || !strings.Contains(msg, "/v1/users") {
			t.Fatalf("the error %q does not say what failed", msg)
		}
	})
}
