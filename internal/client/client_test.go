package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// faultServer answers with the scripted statuses in order, then 200 with body.
type faultServer struct {
	mu       sync.Mutex
	script   []int
	headers  []http.Header
	body     string
	keys     []string
	calls    int
	ifMatch  []string
	problems string
}

func (f *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, r.Header.Get("Idempotency-Key"))
	f.ifMatch = append(f.ifMatch, r.Header.Get("If-Match"))
	i := f.calls
	f.calls++
	if i < len(f.script) {
		if i < len(f.headers) {
			for k, v := range f.headers[i] {
				w.Header()[k] = v
			}
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(f.script[i])
		body := f.problems
		if body == "" {
			body = `{"detail":"scripted failure","code":"x"}`
		}
		_, _ = w.Write([]byte(body))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(f.body))
}

func testClient(t *testing.T, h http.Handler, retries int) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoint: srv.URL, Token: "ptk_secret", UserAgent: "test", MaxRetries: retries,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRetriesServerErrorsAndRateLimitsKeepingTheIdempotencyKey(t *testing.T) {
	f := &faultServer{script: []int{500, 429, 503}, body: `{"id":"org_1","version":1,"name":"A"}`,
		headers: []http.Header{nil, {"Retry-After": {"0"}}}}
	c := testClient(t, f, 5)
	org, err := c.CreateOrganization(context.Background(), wire.OrganizationCreate{Name: "A", Kind: "client", ParentID: "p"})
	if err != nil || org.ID != "org_1" {
		t.Fatalf("got %+v, %v", org, err)
	}
	if f.calls != 4 {
		t.Fatalf("%d calls, want 4", f.calls)
	}
	for _, k := range f.keys {
		if k == "" || k != f.keys[0] {
			t.Fatalf("idempotency keys differ across retries: %v", f.keys)
		}
	}
}

func TestNoRetryOnClientErrorsAndProblemDetailIsKept(t *testing.T) {
	for _, status := range []int{400, 404, 409, 412} {
		f := &faultServer{
			script:   []int{status, status},
			problems: `{"detail":"name is taken","code":"duplicate_name","existing_id":"org_9","errors":[{"field":"name","message":"taken"}]}`,
		}
		c := testClient(t, f, 5)
		_, err := c.UpdateOrganization(context.Background(), "org_1", wire.OrganizationUpdate{}, IfMatch(3))
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != status || ae.ExistingID != "org_9" || !strings.Contains(err.Error(), "name is taken") ||
			!strings.Contains(err.Error(), "name taken") {
			t.Fatalf("%d: %v", status, err)
		}
		if f.calls != 1 {
			t.Fatalf("%d retried: %d calls", status, f.calls)
		}
		if f.ifMatch[0] != `"3"` {
			t.Fatalf("If-Match %q", f.ifMatch[0])
		}
	}
}

// TestRetryPolicy: 429 and 5xx are retried, 501 and every other 4xx never
// are (a 412 means someone else changed the object: retrying blindly would
// overwrite their change).
func TestRetryPolicy(t *testing.T) {
	for status, retried := range map[int]bool{
		400: false, 401: false, 403: false, 404: false, 409: false, 412: false, 413: false, 422: false, 501: false,
		429: true, 500: true, 502: true, 503: true, 504: true,
	} {
		f := &faultServer{script: []int{status}, body: `{"id":"org_1","version":2}`}
		_, err := testClient(t, f, 1).UpdateOrganization(context.Background(), "org_1", wire.OrganizationUpdate{}, IfMatch(1))
		want := 1
		if retried {
			want = 2
		}
		if f.calls != want || (err == nil) != retried {
			t.Errorf("%d: %d calls (want %d), err %v", status, f.calls, want, err)
		}
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	f := &faultServer{script: []int{500, 500, 500, 500}}
	c := testClient(t, f, 2)
	_, err := c.GetOrganization(context.Background(), "org_1")
	if err == nil || f.calls != 3 {
		t.Fatalf("calls %d err %v", f.calls, err)
	}
	if !strings.Contains(err.Error(), "scripted failure") || !strings.Contains(err.Error(), "HTTP 500") {
		t.Fatalf("error lost the detail: %v", err)
	}
}

func TestRetryAfterIsHonouredButCapped(t *testing.T) {
	resp := &http.Response{Header: http.Header{"Retry-After": {"3600"}}}
	if d := backoff(time.Millisecond, 2*time.Second, 1, resp); d != 2*time.Second {
		t.Fatalf("Retry-After not capped: %v", d)
	}
	resp.Header.Set("Retry-After", "1")
	if d := backoff(time.Millisecond, 2*time.Second, 1, resp); d != time.Second {
		t.Fatalf("Retry-After not honoured: %v", d)
	}
	for attempt := range 10 {
		d := backoff(100*time.Millisecond, time.Second, attempt, nil)
		if d < 0 || d > time.Second {
			t.Fatalf("attempt %d: %v", attempt, d)
		}
	}
}

func TestCancellationStopsRetryingPromptly(t *testing.T) {
	f := &faultServer{script: []int{503, 503, 503, 503, 503, 503}, headers: []http.Header{{"Retry-After": {"30"}}}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, _ := New(Config{Endpoint: srv.URL, Token: "t", MaxRetries: 5, RetryWaitMax: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := c.GetOrganization(ctx, "x")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("cancellation did not interrupt the Retry-After wait")
	}
}

func TestListFollowsEveryPage(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page_token") {
		case "":
			_, _ = w.Write([]byte(`{"items":[{"id":"a"},{"id":"b"}],"next_page_token":"p2"}`))
		case "p2":
			_, _ = w.Write([]byte(`{"items":[{"id":"c"}],"next_page_token":""}`))
		}
	})
	users, err := testClient(t, mux, 0).ListUsers(context.Background(), wire.UserQuery{Status: "active"})
	if err != nil || len(users) != 3 || users[2].ID != "c" {
		t.Fatalf("%v %v", users, err)
	}
}

func TestTokenNeverAppearsInErrors(t *testing.T) {
	c, err := New(Config{Endpoint: "http://127.0.0.1:1", Token: "ptk_very_secret", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	if err == nil || strings.Contains(err.Error(), "ptk_very_secret") {
		t.Fatalf("err %v", err)
	}
	if _, err := New(Config{Endpoint: "portal.example.com"}); err == nil || !strings.Contains(err.Error(), "https://") {
		t.Fatalf("bad endpoint accepted: %v", err)
	}
}
