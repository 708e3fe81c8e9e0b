package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// BootstrapToken is the administrator token of every test server.
const BootstrapToken = "ptk_acceptance-test-bootstrap-token-0123456789"

// Server is a running reference API.
type Server struct {
	URL     string
	RootID  string
	AdminID string
	Service *service.Service
	HTTP    *httptest.Server
	// DatabaseURL is the PostgreSQL database behind the server, "" on SQLite.
	DatabaseURL string
	dbPath      string
}

// Options tune a test server.
type Options struct {
	// RateLimit and RateBurst limit each principal (practically unlimited by
	// default); RateLimitOff turns the limit off and its headers with it.
	RateLimit    float64
	RateBurst    int
	RateLimitOff bool
	// PublicRate and PublicBurst limit the public accept and set-up endpoints (unlimited by default).
	PublicRate  float64
	PublicBurst int
	// Wrap, when set, wraps the API handler (fault injection).
	Wrap func(http.Handler) http.Handler
	// DatabaseURL, when set, is a PostgreSQL database to use (another
	// server's, to run replicas); with PORTAL_TEST_STORE=postgres every
	// server gets a fresh one; otherwise a fresh SQLite file.
	DatabaseURL string
	// ExportStall cuts off a stalled CSV download (see api.Options).
	ExportStall time.Duration
	// SendBuffer sets the server's socket send buffer, in bytes, so that a
	// client which stops reading stalls the server within a few KiB, as
	// over a slow link, rather than after the kernel's megabytes.
	SendBuffer int
}

// StartAPI starts the API in dev mode on a fresh database; it stops with the test.
func StartAPI(t testing.TB, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.RateLimit == 0 {
		o.RateLimit, o.RateBurst = 10000, 10000
	}
	if o.PublicRate == 0 {
		o.PublicRate, o.PublicBurst = 10000, 10000
	}
	ctx := context.Background()
	if o.DatabaseURL == "" && os.Getenv(EnvStore) == "postgres" {
		o.DatabaseURL = Postgres(t)
	}
	dbPath := filepath.Join(t.TempDir(), "portal.db")
	dsn := dbPath
	if o.DatabaseURL != "" {
		dsn, dbPath = o.DatabaseURL, ""
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewUnstartedServer(nil)
	if o.SendBuffer > 0 {
		srv.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetWriteBuffer(o.SendBuffer)
			}
			return ctx
		}
	}
	srv.Start()
	svc := service.New(st, srv.URL, log)
	// One key for every server of a test, as replicas of a deployment share one.
	if err := svc.SetSecretKey([]byte("acctest: the servers' shared key")); err != nil {
		t.Fatal(err)
	}
	boot, err := svc.Bootstrap(ctx, service.BootstrapConfig{RootName: "Root Partner", AdminEmail: "admin@portal.test", Token: BootstrapToken})
	if err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	h := api.New(
		svc,
		log,
		api.Options{
			Dev:          true,
			RateLimit:    o.RateLimit,
			RateBurst:    o.RateBurst,
			RateLimitOff: o.RateLimitOff,
			PublicRate:   o.PublicRate,
			PublicBurst:  o.PublicBurst,
			ExportStall:  o.ExportStall,
		},
	).
		Handler()
	if _, benchmark := t.(*testing.B); !benchmark {
		// A benchmark measures the API; validating each answer would cost
		// more than the request (the tests validate every one).
		h = checkContract(t, h)
	}
	if o.Wrap != nil {
		h = o.Wrap(h)
	}
	srv.Config.Handler = h
	t.Cleanup(func() {
		srv.Close()
		svc.Drain()
		_ = st.Close()
	})
	return &Server{
		URL:         srv.URL,
		RootID:      boot.RootID,
		AdminID:     boot.AdminID,
		Service:     svc,
		HTTP:        srv,
		DatabaseURL: o.DatabaseURL,
		dbPath:      dbPath,
	}
}

// DatabasePath is the SQLite file of the server ("" on PostgreSQL).
func (s *Server) DatabasePath() string { return s.dbPath }

// Response is a decoded answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
	return m
}

// Str returns a string field of a JSON object body.
func (r Response) Str(t testing.TB, field string) string {
	t.Helper()
	s, _ := r.JSON(t)[field].(string)
	return s
}

// Do sends a request with token (none when empty); body is marshalled unless it is a string.
func (s *Server) Do(t testing.TB, token, method, path string, body any, headers ...string) Response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set(BypassFaultsHeader, "1")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// Must sends a request and fails the test unless the status is want.
func (s *Server) Must(t testing.TB, want int, token, method, path string, body any, headers ...string) Response {
	t.Helper()
	r := s.Do(t, token, method, path, body, headers...)
	if r.Status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// Admin is Must with the bootstrap token.
func (s *Server) Admin(t testing.TB, want int, method, path string, body any, headers ...string) Response {
	t.Helper()
	return s.Must(t, want, BootstrapToken, method, path, body, headers...)
}

// LinkToken returns the token at the end of the newest e-mail to addr.
func (s *Server) LinkToken(t testing.TB, addr string) string {
	t.Helper()
	r := s.Admin(t, 200, "GET", "/v1/dev/outbox?to="+addr, nil)
	var out struct {
		Items []struct{ Body string } `json:"items"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil || len(out.Items) == 0 {
		t.Fatalf("no e-mail to %s in the outbox: %s", addr, r.Body)
	}
	token := TokenInLink(out.Items[0].Body)
	if token == "" {
		t.Fatalf("no link in e-mail to %s: %s", addr, out.Items[0].Body)
	}
	return token
}

// TokenInLink returns the token of the first link in an e-mail's body: the
// portal's call to action comes before anything the sender wrote.
func TokenInLink(body string) string {
	_, rest, ok := strings.Cut(body, "token=")
	if !ok {
		return ""
	}
	token, _, _ := strings.Cut(rest, "\n")
	return strings.TrimSpace(token)
}

// MailCount counts the e-mails sent to addr so far.
func (s *Server) MailCount(t testing.TB, addr string) int {
	t.Helper()
	var out struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(s.Admin(t, 200, "GET", "/v1/dev/outbox?to="+addr, nil).Body, &out); err != nil {
		t.Fatalf("read the outbox: %v", err)
	}
	return len(out.Items)
}

// FinishSetup follows the newest set-up link mailed to addr and sets a
// password, as the person who controls the mailbox would; the account's
// address is then verified.
func (s *Server) FinishSetup(t testing.TB, addr string) {
	t.Helper()
	s.Must(t, 200, "", "POST", "/v1/account/setup", map[string]any{"token": s.LinkToken(t, addr), "password": Password})
}

// Org creates an organization as the administrator and returns its id.
func (s *Server) Org(t testing.TB, name, kind, parent string) string {
	t.Helper()
	return s.Admin(t, 201, "POST", "/v1/organizations", map[string]any{"name": name, "kind": kind, "parent_id": parent}).Str(t, "id")
}

// UserWithToken creates a user homed in org holding role there, and an API token for them.
func (s *Server) UserWithToken(t testing.TB, org, role, email string) (userID, token string) {
	t.Helper()
	userID = s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": email, "first_name": "Test", "last_name": "User",
		"organization_id": org, "send_invitation": false}).Str(t, "id")
	if role != "" {
		s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": userID, "organization_id": org, "role_id": role})
	}
	token = s.Admin(t, 201, "POST", "/v1/users/"+userID+"/tokens", map[string]any{"name": "test"}).Str(t, "token")
	return userID, token
}
