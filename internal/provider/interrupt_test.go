package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

const interruptConfig = `
resource "portal_organization" "msp" {
  name      = "Interrupted MSP"
  kind      = "partner"
  parent_id = %q
}

resource "portal_organization" "client" {
  name      = "Interrupted Client"
  kind      = "client"
  parent_id = portal_organization.msp.id
}

resource "portal_user" "u" {
  count           = 30
  email           = "user${count.index}@interrupt.example"
  first_name      = "User"
  last_name       = "Number ${count.index}"
  organization_id = portal_organization.client.id
}

resource "portal_role_assignment" "a" {
  count           = 30
  user_id         = portal_user.u[count.index].id
  organization_id = portal_organization.client.id
  role_id         = "viewer"
}
`

// TestAccApply_interruptedConverges presses Ctrl-C in the middle of an apply,
// at the worst moment: ten creates have committed in the API and their
// answers are still on the way. Terraform must stop, the state must hold
// exactly the objects the API holds (no orphan that the next apply would
// collide with), and the next apply must converge to an empty plan.
//
// It runs the terraform CLI and the built provider binary through a dev
// override, as a user does, because the test framework cannot interrupt.
func TestAccApply_interruptedConverges(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	var creates atomic.Int64
	interrupt := make(chan struct{})
	var once sync.Once
	s := acctest.StartAPI(t, acctest.Options{Wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.Header.Get(acctest.BypassFaultsHeader) != "" {
				next.ServeHTTP(w, r)
				return
			}
			// The create commits now; its answer is held back, so an
			// interrupt lands while the client waits for it.
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			if creates.Add(1) == 10 {
				once.Do(func() { close(interrupt) })
			}
			time.Sleep(500 * time.Millisecond)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	}})
	tf := newTerraformCLI(t, requirePortal+s.ProviderBlock()+fmt.Sprintf(interruptConfig, s.RootID))

	apply := tf.command("apply", "-auto-approve", "-input=false")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- apply.Wait() }()
	select {
	case <-interrupt:
	case err := <-done:
		t.Fatalf("apply ended before the interrupt (%v):\n%s", err, tf.output())
	}
	// Ctrl-C reaches the whole foreground process group: terraform and the provider.
	if err := syscall.Kill(-apply.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("the interrupted apply reported success:\n%s", tf.output())
		}
	case <-time.After(2 * time.Minute): // a hang guard, not a performance bound
		_ = syscall.Kill(-apply.Process.Pid, syscall.SIGKILL)
		t.Fatalf("terraform did not stop within 2 minutes of Ctrl-C:\n%s", tf.output())
	}
	if !strings.Contains(tf.output(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", tf.output())
	}
	t.Logf("interrupted after %d creates had committed", creates.Load())

	// Consistent: what the state holds and what the API holds are the same objects.
	inState := tf.stateIDs()
	inAPI := apiIDs(t, s, "Interrupted MSP")
	slices.Sort(inState)
	slices.Sort(inAPI)
	if !slices.Equal(inState, inAPI) {
		t.Fatalf("after the interrupt the state and the API disagree:\nstate: %v\nAPI:   %v\n%s", inState, inAPI, tf.output())
	}
	if len(inAPI) == 0 || len(inAPI) >= 62 {
		t.Fatalf("the interrupt did not land mid-way: %d of 62 objects exist", len(inAPI))
	}

	// Converges: the next apply finishes the job and leaves nothing to do.
	tf.run("apply", "-auto-approve", "-input=false")
	if code := tf.exitCode("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the second apply is not empty (exit %d):\n%s", code, tf.output())
	}
	if got := apiIDs(t, s, "Interrupted MSP"); len(got) != 62 {
		t.Fatalf("the API holds %d objects, want exactly 62 (2 organizations, 30 users, 30 assignments)", len(got))
	}
	tf.run("destroy", "-auto-approve", "-input=false")
	if got := apiIDs(t, s, "Interrupted MSP"); len(got) != 0 {
		t.Fatalf("destroy left %d objects: %v", len(got), got)
	}
}

// apiIDs lists, bypassing the middleware, the ids of the organization named
// msp, its client, and the users and role assignments below it.
func apiIDs(t *testing.T, s *acctest.Server, msp string) []string {
	t.Helper()
	var ids []string
	list := func(path string) []map[string]any {
		var out struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(s.Admin(t, 200, "GET", path, nil).Body, &out); err != nil {
			t.Fatal(err)
		}
		return out.Items
	}
	for _, org := range list("/v1/organizations?name=" + strings.ReplaceAll(msp, " ", "%20")) {
		id := org["id"].(string)
		ids = append(ids, id)
		for _, child := range list("/v1/organizations?limit=200&parent_id=" + id) {
			ids = append(ids, child["id"].(string))
			for _, a := range list("/v1/role-assignments?limit=200&organization_id=" + child["id"].(string)) {
				ids = append(ids, a["id"].(string))
			}
		}
		for _, u := range list("/v1/users?limit=200&include_descendants=true&organization_id=" + id) {
			ids = append(ids, u["id"].(string))
		}
	}
	return ids
}
