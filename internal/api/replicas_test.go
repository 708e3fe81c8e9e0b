package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// race sends n requests at once, alternating between the replicas, and
// returns their statuses sorted.
func race(t *testing.T, replicas []*acctest.Server, n int, send func(s *acctest.Server, i int) int) []int {
	t.Helper()
	statuses := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			statuses[i] = send(replicas[i%len(replicas)], i)
		})
	}
	close(start)
	wg.Wait()
	slices.Sort(statuses)
	return statuses
}

func countOf(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}

// TestReplicasShareOnePostgresDatabase runs two API servers on one
// PostgreSQL database, as a scaled-out deployment does, and races them on
// every rule that a check-then-write could break.
func TestReplicasShareOnePostgresDatabase(t *testing.T) {
	a := acctest.StartAPI(t, acctest.Options{DatabaseURL: acctest.Postgres(t)})
	b := acctest.StartAPI(t, acctest.Options{DatabaseURL: a.DatabaseURL})
	replicas := []*acctest.Server{a, b}
	if b.RootID != a.RootID {
		t.Fatalf("the second replica made its own root %s (first: %s)", b.RootID, a.RootID)
	}
	org := a.Org(t, "Replicated Client", "client", a.RootID)

	t.Run("what one writes the other reads", func(t *testing.T) {
		id := a.Admin(
			t,
			201,
			"POST",
			"/v1/users",
			map[string]any{"email": "both@example.com", "first_name": "B", "last_name": "R", "organization_id": org},
		).
			Str(t, "id")
		b.Admin(t, 200, "GET", "/v1/users/"+id, nil)
	})

	t.Run("one e-mail created through both at once makes one account", func(t *testing.T) {
		statuses := race(t, replicas, 20, func(s *acctest.Server, i int) int {
			return s.Do(t, acctest.BootstrapToken, "POST", "/v1/users", map[string]any{"email": "Same@example.com", "first_name": "S",
				"last_name": fmt.Sprint(i), "organization_id": org, "send_invitation": false}).Status
		})
		if countOf(statuses, http.StatusCreated) != 1 || countOf(statuses, http.StatusConflict) != 19 {
			t.Fatalf("statuses %v, want one 201 and 19 409", statuses)
		}
	})

	t.Run("a create retried on the other replica is answered, not repeated", func(t *testing.T) {
		body := map[string]any{"name": "Idempotent Client", "kind": "client", "parent_id": a.RootID}
		first := a.Admin(t, 201, "POST", "/v1/organizations", body, "Idempotency-Key", "replica-retry-1").Str(t, "id")
		again := b.Admin(t, 201, "POST", "/v1/organizations", body, "Idempotency-Key", "replica-retry-1").Str(t, "id")
		if first != again {
			t.Fatalf("the retry made %s, the first call %s", again, first)
		}
	})

	t.Run("one If-Match through both at once: one 200, one 412", func(t *testing.T) {
		id := a.Org(t, "Contended Client", "client", a.RootID)
		statuses := race(t, replicas, 2, func(s *acctest.Server, i int) int {
			return s.Do(
				t,
				acctest.BootstrapToken,
				"PATCH",
				"/v1/organizations/"+id,
				map[string]any{"external_id": fmt.Sprint("writer-", i)},
				"If-Match",
				`"1"`,
			).Status
		})
		if !slices.Equal(statuses, []int{200, 412}) {
			t.Fatalf("statuses %v, want [200 412]", statuses)
		}
	})

	t.Run("one invitation link accepted through both at once makes one account", func(t *testing.T) {
		a.Admin(
			t,
			201,
			"POST",
			"/v1/invitations",
			map[string]any{"email": "replica-race@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
		)
		token := b.LinkToken(t, "replica-race@example.com")
		statuses := race(t, replicas, 20, func(s *acctest.Server, i int) int {
			return s.Do(t, "", "POST", "/v1/invitations/accept", map[string]any{"token": token, "first_name": "R", "last_name": fmt.Sprint(i),
				"password": "a long enough password"}).Status
		})
		if countOf(statuses, http.StatusOK) != 1 || countOf(statuses, http.StatusGone) != 19 {
			t.Fatalf("statuses %v, want one 200 and 19 410", statuses)
		}
	})

	// Two administrators of the root are disabled at once through different
	// replicas. Each change alone leaves one administrator; both together
	// would leave none. Writes serialize across replicas, so the second sees
	// the first and is refused.
	t.Run("racing replicas cannot remove the last administrator", func(t *testing.T) {
		// The caller holds every permission through a custom role, so it may
		// disable administrators without being one itself.
		var catalog struct {
			Items []struct{ Name string } `json:"items"`
		}
		mustUnmarshal(t, a.Admin(t, 200, "GET", "/v1/permissions", nil).Body, &catalog)
		var all []string
		for _, p := range catalog.Items {
			all = append(all, p.Name)
		}
		everything := a.Admin(t, 201, "POST", "/v1/roles", map[string]any{"organization_id": a.RootID, "name": "Everything", "permissions": all}).
			Str(t, "id")
		_, managerToken := a.UserWithToken(t, a.RootID, everything, "manager@example.com")
		second, _ := a.UserWithToken(t, a.RootID, "admin", "second-admin@example.com")
		for round := range 5 {
			targets := []string{a.AdminID, second}
			statuses := race(t, replicas, 2, func(s *acctest.Server, i int) int {
				return s.Do(t, managerToken, "PATCH", "/v1/users/"+targets[i], map[string]any{"enabled": false}).Status
			})
			if !slices.Equal(statuses, []int{200, 409}) {
				t.Fatalf("round %d: statuses %v, want [200 409]", round, statuses)
			}
			for _, id := range targets { // put both back for the next round
				b.Do(t, managerToken, "PATCH", "/v1/users/"+id, map[string]any{"enabled": true})
			}
		}
	})
}
