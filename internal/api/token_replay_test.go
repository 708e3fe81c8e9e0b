package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestTokenCreateReplayNeverHandsOutTheSecret: a retried token creation
// (same Idempotency-Key) makes no second token and does not get the secret,
// which is not kept anywhere; it learns which token exists and what to do.
func TestTokenCreateReplayNeverHandsOutTheSecret(t *testing.T) {
	s := acctest.StartAPI(t)
	path := "/v1/users/" + s.AdminID + "/tokens"
	body := map[string]any{"name": "ci"}
	first := s.Admin(t, 201, "POST", path, body, "Idempotency-Key", "mint-ci")
	id, secret := first.Str(t, "id"), first.Str(t, "token")
	if !strings.HasPrefix(secret, "ptk_") || first.Str(t, "prefix") != "ptk_" {
		t.Fatalf("first answer: %s", first.Body)
	}

	var kept domain.IdempotentResponse
	if err := s.Service.Store.Read(t.Context(), func(tx *store.Tx) error {
		var err error
		kept, err = tx.GetIdempotent(t.Context(), s.AdminID, "mint-ci")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(kept.Body), secret[len("ptk_"):]) {
		t.Fatalf("the stored answer holds the secret: %s", kept.Body)
	}

	again := s.Do(t, acctest.BootstrapToken, "POST", path, body, "Idempotency-Key", "mint-ci")
	if again.Status != http.StatusConflict || again.Str(t, "code") != "secret_not_replayable" || again.Str(t, "existing_id") != id ||
		!strings.Contains(again.Str(t, "detail"), id) || !strings.Contains(again.Str(t, "detail"), "delete the token") ||
		again.Header.Get("Content-Type") != "application/problem+json" || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %v %s", again.Status, again.Header, again.Body)
	}
	if strings.Contains(string(again.Body), secret[len("ptk_"):]) {
		t.Fatalf("the replay handed out the secret: %s", again.Body)
	}
	var list struct{ Items []struct{ ID string } }
	mustUnmarshal(t, s.Admin(t, 200, "GET", path, nil).Body, &list)
	if len(list.Items) != 2 { // the bootstrap token and the one minted
		t.Fatalf("%d tokens after a replayed create, want 2: %+v", len(list.Items), list.Items)
	}
	s.Must(t, 200, secret, "GET", "/v1/me", nil)

	// Other creates still replay their first answer.
	org := s.Admin(
		t,
		201,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "Acme", "kind": "client", "parent_id": s.RootID},
		"Idempotency-Key",
		"acme",
	)
	if r := s.Admin(
		t,
		201,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "Acme", "kind": "client", "parent_id": s.RootID},
		"Idempotency-Key",
		"acme",
	); r.Str(
		t,
		"id",
	) != org.Str(
		t,
		"id",
	) {
		t.Fatalf("an organization create no longer replays: %s", r.Body)
	}
}
