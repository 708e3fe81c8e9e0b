package api_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// holdWriter takes the single writer until the returned release is called.
func holdWriter(t *testing.T, s *acctest.Server) (release func()) {
	t.Helper()
	held, done := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = s.Service.Store.Write(context.Background(), func(*store.Tx) error {
			close(held)
			<-done
			return nil
		})
	}()
	<-held
	var once sync.Once
	release = func() { once.Do(func() { close(done); wg.Wait() }) }
	t.Cleanup(release)
	return release
}

// TestRefusedWriteDoesNotWaitForTheWriter: while a long write transaction
// holds the writer, writes refused for authorization, visibility, validation
// or a stale If-Match are answered at once; an allowed write waits its turn
// and then succeeds.
func TestRefusedWriteDoesNotWaitForTheWriter(t *testing.T) {
	s := acctest.StartAPI(t)
	client := s.Org(t, "Client", "client", s.RootID)
	other := s.Org(t, "Other", "client", s.RootID)
	target := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "target@example.com", "first_name": "T", "last_name": "U",
		"organization_id": client, "send_invitation": false}).Str(t, "id")
	hidden := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "hidden@example.com", "first_name": "H", "last_name": "U",
		"organization_id": other, "send_invitation": false}).Str(t, "id")
	_, viewer := s.UserWithToken(t, client, "viewer", "viewer@example.com")
	s.Must(t, 200, viewer, "GET", "/v1/me", nil) // the token's first use is recorded now, not below
	time.Sleep(100 * time.Millisecond)

	release := holdWriter(t, s)
	for _, c := range []struct {
		name, token, method, path string
		body                      any
		want                      int
		headers                   []string
	}{
		{"forbidden", viewer, "PATCH", "/v1/users/" + target, map[string]any{"first_name": "X"}, 403, nil},
		{"not visible", viewer, "PATCH", "/v1/users/" + hidden, map[string]any{"first_name": "X"}, 404, nil},
		{"forbidden create", viewer, "POST", "/v1/organizations", map[string]any{"name": "X", "kind": "client", "parent_id": client}, 403, nil},
		{"invalid", acctest.BootstrapToken, "PATCH", "/v1/users/" + target, map[string]any{"email": "not an address"}, 400, nil},
		{
			"stale If-Match",
			acctest.BootstrapToken,
			"PATCH",
			"/v1/users/" + target,
			map[string]any{"first_name": "X"},
			412,
			[]string{"If-Match", `"7"`},
		},
		{
			"conflict",
			acctest.BootstrapToken,
			"POST",
			"/v1/users",
			map[string]any{"email": "hidden@example.com", "first_name": "H", "last_name": "U", "organization_id": client},
			409,
			nil,
		},
	} {
		answered := make(chan acctest.Response, 1)
		go func() { answered <- s.Do(t, c.token, c.method, c.path, c.body, c.headers...) }()
		select {
		case r := <-answered:
			if r.Status != c.want {
				t.Errorf("%s: status %d, want %d: %s", c.name, r.Status, c.want, r.Body)
			}
		case <-time.After(3 * time.Second):
			release()
			t.Fatalf("%s: no answer while another transaction held the writer", c.name)
		}
	}

	allowed := make(chan int, 1)
	go func() {
		allowed <- s.Do(t, acctest.BootstrapToken, "PATCH", "/v1/users/"+target, map[string]any{"first_name": "Allowed"}).Status
	}()
	select {
	case st := <-allowed:
		t.Fatalf("an allowed write answered %d while another transaction held the writer", st)
	case <-time.After(300 * time.Millisecond):
	}
	release()
	if st := <-allowed; st != 200 {
		t.Fatalf("allowed write: status %d once the writer was free", st)
	}
	if got := s.Admin(t, 200, "GET", "/v1/users/"+target, nil).Str(t, "first_name"); got != "Allowed" {
		t.Fatalf("first_name = %q: the allowed write was not applied (or a refused one was)", got)
	}
}

// TestIdempotentReplayAfterDryRun: a retried keyed POST still replays its
// first answer, and a key reused for another body is refused.
func TestIdempotentReplayAfterDryRun(t *testing.T) {
	s := acctest.StartAPI(t)
	body := map[string]any{"name": "Once", "kind": "client", "parent_id": s.RootID}
	first := s.Admin(t, 201, "POST", "/v1/organizations", body, "Idempotency-Key", "k-1")
	again := s.Admin(t, 201, "POST", "/v1/organizations", body, "Idempotency-Key", "k-1")
	if again.Header.Get("Idempotent-Replayed") != "true" || again.Str(t, "id") != first.Str(t, "id") {
		t.Fatalf("retry was not a replay: %s %v", again.Body, again.Header)
	}
	s.Admin(
		t,
		409,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "Other", "kind": "client", "parent_id": s.RootID},
		"Idempotency-Key",
		"k-1",
	)
}
