package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serving is an API run by `portal-api serve` in this process, on a first
// start: its address, the administrator token it printed, and its output.
type serving struct {
	t              *testing.T
	base, token    string
	stdout, stderr *syncBuffer
	stop           context.CancelFunc
	done           chan error
}

// serve starts `portal-api serve --addr 127.0.0.1:0 --db db` with more flags.
func serve(t *testing.T, db string, flags ...string) *serving {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	s := &serving{t: t, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--addr-file", addrFile}, flags...)
	if strings.HasPrefix(db, "postgres") {
		// Replicas share a key; PostgreSQL takes no default (see secretKey).
		args = append(args, "--secret-key-file", filepath.Join(t.TempDir(), "secret.key"))
	}
	go func() { s.done <- run(ctx, args, s.stdout, s.stderr) }()
	var addr []byte
	for range 100 {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			addr = b
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if addr == nil {
		t.Fatalf("server did not start: %s", s.stderr.String())
	}
	s.token = strings.TrimSpace(strings.TrimPrefix(s.stdout.String(), "Administrator API token (shown once, store it now): "))
	if !strings.HasPrefix(s.token, "ptk_") {
		t.Fatalf("no token printed: %q", s.stdout.String())
	}
	s.base = "http://" + string(addr)
	return s
}

// call sends a request with the administrator's token and decodes the answer.
func (s *serving) call(method, path, body string) map[string]any {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

// shutdown stops the server and waits for a clean exit.
func (s *serving) shutdown() {
	s.t.Helper()
	s.stop()
	if err := <-s.done; err != nil {
		s.t.Fatalf("shutdown: %v", err)
	}
}
