package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

const membersAddr = "portal_role_members.x"

// membersFixture is a partner with a client below it and three people
// homed in the partner, made through the API so their ids are known.
type membersFixture struct {
	s           *acctest.Server
	msp, client string
	users       []string
}

func newMembersFixture(t *testing.T) membersFixture {
	t.Helper()
	s := acctest.StartAPI(t)
	f := membersFixture{s: s, msp: s.Org(t, "Members MSP", "partner", s.RootID)}
	f.client = s.Org(t, "Members Client", "client", f.msp)
	for _, name := range []string{"ann", "bob", "cat"} {
		f.users = append(f.users, f.user(t, name))
	}
	return f
}

func (f membersFixture) user(t *testing.T, name string) string {
	t.Helper()
	return f.s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": name + "@members.example", "first_name": name, "last_name": "Member",
		"organization_id": f.msp, "send_invitation": false}).Str(t, "id")
}

// grant gives role to user on org through the API, as someone in the portal would.
func (f membersFixture) grant(t *testing.T, user, org, role string) {
	t.Helper()
	f.s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": user, "organization_id": org, "role_id": role})
}

// membersHCL is a portal_role_members block, for the provider block of
// whichever token a test uses.
func membersHCL(org, role string, users ...string) string {
	quoted := make([]string, len(users))
	for i, u := range users {
		quoted[i] = fmt.Sprintf("%q", u)
	}
	return fmt.Sprintf(`
resource "portal_role_members" "x" {
  organization_id = %q
  role_id         = %q
  user_ids        = [%s]
}
`, org, role, strings.Join(quoted, ", "))
}

func (f membersFixture) config(org, role string, users ...string) string {
	return f.s.ProviderBlock() + membersHCL(org, role, users...)
}

// apiGrants reads, through the API, the grants of role made on org itself:
// user id → the assignment.
func apiGrants(t *testing.T, s *acctest.Server, org, role string) map[string]map[string]any {
	t.Helper()
	return apiGrantsAs(t, s, acctest.BootstrapToken, org, role)
}

// apiGrantsAs is apiGrants with another token: one that still sees org.
func apiGrantsAs(t *testing.T, s *acctest.Server, token, org, role string) map[string]map[string]any {
	t.Helper()
	var page struct {
		Items         []map[string]any `json:"items"`
		NextPageToken string           `json:"next_page_token"`
	}
	mustJSON(t, s.Must(t, 200, token, "GET", "/v1/role-assignments?limit=200&organization_id="+org+"&role_id="+role, nil).Body, &page)
	if page.NextPageToken != "" {
		t.Fatalf("more grants than one page holds on %s", org)
	}
	out := map[string]map[string]any{}
	for _, a := range page.Items {
		out[a["user_id"].(string)] = a
	}
	return out
}

// expectHolders checks through the API who holds role directly on org.
func expectHolders(t *testing.T, s *acctest.Server, org, role string, want ...string) error {
	t.Helper()
	return expectHoldersAs(t, s, acctest.BootstrapToken, org, role, want...)
}

func expectHoldersAs(t *testing.T, s *acctest.Server, token, org, role string, want ...string) error {
	t.Helper()
	var got []string
	for u := range apiGrantsAs(t, s, token, org, role) {
		got = append(got, u)
	}
	sort.Strings(got)
	want = slices.Clone(want)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("holders of %s on %s: got %v, want %v", role, org, got, want)
	}
	return nil
}

// words matches a diagnostic's text however Terraform wraps its lines.
func words(s string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(s)), `\s+`)
}

func userIDs(users ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(users))
	for i, u := range users {
		checks[i] = knownvalue.StringExact(u)
	}
	return knownvalue.SetExact(checks)
}

// destroyedGrants checks that a destroy removed every direct grant but keep's.
func destroyedGrants(t *testing.T, s *acctest.Server, org, role string, keep ...string) resource.TestCheckFunc {
	return func(*terraform.State) error { return expectHolders(t, s, org, role, keep...) }
}

func TestAccRoleMembers_basic(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann, bob := f.users[0], f.users[1]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             destroyedGrants(t, f.s, f.client, "technician"),
		Steps: []resource.TestStep{{
			Config: f.config(f.client, "technician", ann, bob),
			Check:  func(*terraform.State) error { return expectHolders(t, f.s, f.client, "technician", ann, bob) },
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.client+"/technician")),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), userIDs(ann, bob)),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("inherited_user_ids"), knownvalue.SetSizeExact(0)),
			},
		}},
	})
}

func TestAccRoleMembers_update(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann, bob, cat := f.users[0], f.users[1], f.users[2]
	update := func(users ...string) resource.TestStep {
		return resource.TestStep{
			Config: f.config(f.client, "admin", users...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				acctest.ExpectOnlyChanged(membersAddr, "user_ids"),
			}},
			Check:             func(*terraform.State) error { return expectHolders(t, f.s, f.client, "admin", users...) },
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), userIDs(users...))},
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             destroyedGrants(t, f.s, f.client, "admin"),
		Steps: []resource.TestStep{
			{Config: f.config(f.client, "admin", ann, bob)},
			update(bob, cat), // a swap: one added, one removed
			update(),         // nobody holds it directly
			update(ann),
		},
	})
}

// Swapping the last human root administrator for another succeeds only
// because the new grant is made before the old one is removed.
func TestAccRoleMembers_swapAddsBeforeRemoving(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann := f.users[0]
	robot := f.s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": f.s.RootID, "name": "Root Robot"}).
		Str(t, "id")
	f.grant(t, robot, f.s.RootID, "admin")
	token := f.s.Admin(t, 201, "POST", "/v1/service-accounts/"+robot+"/tokens", map[string]any{"name": "ci"}).Str(t, "token")
	provider := f.s.ProviderBlockWithToken(token)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: provider + membersHCL(f.s.RootID, "admin", f.s.AdminID, robot)},
			{
				Config: provider + membersHCL(f.s.RootID, "admin", ann, robot),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				// The bootstrap administrator is no longer one: read as the robot.
				Check: func(*terraform.State) error { return expectHoldersAs(t, f.s, token, f.s.RootID, "admin", ann, robot) },
			},
			{
				// Stop managing without destroying: a destroy would take
				// the last human root administrator away, which the
				// portal refuses.
				Config: provider + `
removed {
  from = portal_role_members.x
  lifecycle {
    destroy = false
  }
}
`,
			},
		},
	})
}

// A grant made in the portal shows as drift and is removed; a grant on the
// organization above is shown as inherited and never causes a difference.
func TestAccRoleMembers_drift(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann, bob, cat := f.users[0], f.users[1], f.users[2]
	cfg := f.config(f.client, "technician", ann)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(st *terraform.State) error {
			if err := expectHolders(t, f.s, f.client, "technician"); err != nil {
				return err
			}
			return expectHolders(t, f.s, f.msp, "technician", cat) // not this resource's to remove
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					f.grant(t, bob, f.client, "technician")
					f.grant(t, cat, f.msp, "technician")
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectOnlyChanged(membersAddr, "user_ids"),
					plancheck.ExpectKnownValue(membersAddr, tfjsonpath.New("inherited_user_ids"), userIDs(cat)),
				}},
				Check: func(*terraform.State) error { return expectHolders(t, f.s, f.client, "technician", ann) },
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), userIDs(ann)),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("inherited_user_ids"), userIDs(cat)),
				},
			},
			{
				// The inherited grant stays, and plans nothing.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(*terraform.State) error { return expectHolders(t, f.s, f.msp, "technician", cat) },
			},
			{
				// Removed in the portal: the next apply grants it again.
				PreConfig: func() {
					f.s.Admin(t, 204, "DELETE", "/v1/role-assignments/"+apiGrants(t, f.s, f.client, "technician")[ann]["id"].(string), nil)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error { return expectHolders(t, f.s, f.client, "technician", ann) },
			},
		},
	})
}

// A grant an accepted invitation made outside the configuration is drift
// like any other: apply removes it, and the invitation itself is left alone.
func TestAccRoleMembers_invitationGrantIsRemoved(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann := f.users[0]
	// dan proved his address by setting up his account, and the
	// administrator manages it: an invitation to dan is accepted at once.
	dan := f.s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "dan@members.example", "first_name": "Dan", "last_name": "Member",
		"organization_id": f.msp}).Str(t, "id")
	f.s.FinishSetup(t, "dan@members.example")
	var invitation string
	cfg := f.config(f.client, "viewer", ann)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             destroyedGrants(t, f.s, f.client, "viewer"),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					inv := f.s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "dan@members.example",
						"organization_id": f.client, "role_ids": []string{"viewer"}}).JSON(t)
					if inv["status"] != "accepted" {
						t.Fatalf("invitation of an existing account: %v", inv)
					}
					invitation = inv["id"].(string)
					if g := apiGrants(t, f.s, f.client, "viewer")[dan]; g == nil || g["invitation_id"] != invitation {
						t.Fatalf("the invitation's grant: %v", g)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), userIDs(ann)),
				}},
				Check: func(*terraform.State) error {
					if inv := f.s.Admin(t, 200, "GET", "/v1/invitations/"+invitation, nil).JSON(t); inv["status"] != "accepted" {
						return fmt.Errorf("the invitation changed: %v", inv)
					}
					return expectHolders(t, f.s, f.client, "viewer", ann)
				},
			},
		},
	})
}

// Destroy removes what Terraform granted, and leaves a grant made since and
// the token's own admin role, which the portal never lets it remove.
func TestAccRoleMembers_destroy(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann, bob := f.users[0], f.users[1]
	cfg := f.config(f.client, "admin", f.s.AdminID, ann)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             destroyedGrants(t, f.s, f.client, "admin", f.s.AdminID, bob),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { f.grant(t, bob, f.client, "admin") },
				Config:    cfg,
				PlanOnly:  true, ExpectNonEmptyPlan: true,
			},
		},
	})
}

// The organization deleted in the portal: the plan shows the membership
// created again, and nothing errors.
func TestAccRoleMembers_disappears(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	cfg := f.config(f.client, "viewer", f.users[0])
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { f.s.Admin(t, 204, "DELETE", "/v1/organizations/"+f.client+"?force=true", nil) },
				Config:    cfg,
				PlanOnly:  true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccRoleMembers_import(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann, bob := f.users[0], f.users[1]
	f.grant(t, ann, f.msp, "user_manager") // shown as inherited after import
	cfg := f.config(f.client, "user_manager", ann, bob)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             destroyedGrants(t, f.s, f.client, "user_manager"),
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: cfg, ResourceName: membersAddr, ImportState: true, ImportStateId: f.client + "/user_manager",
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{Config: cfg, ResourceName: membersAddr, ImportState: true, ImportStateId: f.client,
				ExpectError: regexp.MustCompile(`(?s)Unable to import portal role members.*"<organization id>/<role id>"`)},
		},
	})
}

// Grants made in the portal are adopted by an import block that plans empty,
// and by resource identity (Terraform 1.12 and later: older cores have no
// identities, so the test skips them).
func TestAccRoleMembers_importByIdentity(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann, bob := f.users[0], f.users[1]
	cfg := f.config(f.client, "technician", ann, bob)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             destroyedGrants(t, f.s, f.client, "technician"),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(membersAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(f.client + "/technician")}),
					statecheck.ExpectIdentityValueMatchesState(membersAddr, tfjsonpath.New("id")),
				},
			},
			{Config: cfg, ResourceName: membersAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: cfg, ResourceName: membersAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			// plan -generate-config-out: the generated configuration plans empty.
			{Config: f.s.ProviderBlock(), ResourceName: membersAddr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity, GenerateConfig: true},
		},
	})
}

// The portal keeps one human root administrator: the refusal names the
// user and says what to do.
func TestAccRoleMembers_lastAdministrator(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	robot := f.s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": f.s.RootID, "name": "Root Robot"}).
		Str(t, "id")
	f.grant(t, robot, f.s.RootID, "admin")
	token := f.s.Admin(t, 201, "POST", "/v1/service-accounts/"+robot+"/tokens", map[string]any{"name": "ci"}).Str(t, "token")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.s.ProviderBlockWithToken(token) + membersHCL(f.s.RootID, "admin", robot),
			ExpectError: regexp.MustCompile(`(?s)Unable to create portal role members.*` + words("remove role admin from user "+f.s.AdminID) +
				`.*` + words("without an enabled root administrator") + `.*` + words("Add another enabled person")),
		}},
	})
	if err := expectHolders(t, f.s, f.s.RootID, "admin", f.s.AdminID, robot); err != nil {
		t.Fatal(err)
	}
}

// Leaving out the token's own user on an admin membership fails at plan
// time, before any grant changed.
func TestAccRoleMembers_ownAdminFailsAtPlan(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	ann := f.users[0]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:   f.config(f.s.RootID, "admin", ann),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(
				`(?s)Unable to create portal role members.*` + words("leaves out "+f.s.AdminID+", the provider token's own user"),
			),
		}},
	})
	if err := expectHolders(t, f.s, f.s.RootID, "admin", f.s.AdminID); err != nil {
		t.Fatal(err)
	}
}

// A user outside the token's reach is reported as such, and nothing is
// removed while a grant is missing.
func TestAccRoleMembers_userNotVisible(t *testing.T) {
	t.Parallel()
	f := newMembersFixture(t)
	sibling := f.s.Org(t, "Sibling Client", "client", f.msp)
	_, token := f.s.UserWithToken(t, f.client, "admin", "admin@client.members.example")
	mine, _ := f.s.UserWithToken(t, f.client, "", "mine@client.members.example")
	other, _ := f.s.UserWithToken(t, f.client, "", "other@client.members.example")
	outsider, _ := f.s.UserWithToken(t, sibling, "", "outsider@sibling.members.example")
	f.grant(t, other, f.client, "viewer")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.s.ProviderBlockWithToken(token) + membersHCL(f.client, "viewer", mine, outsider),
			ExpectError: regexp.MustCompile(
				`(?s)Unable to create portal role members.*` + words(`User "`+outsider+`" not found or not visible to this token`),
			),
		}},
	})
	// mine was granted; other keeps the grant because a grant was missing.
	if err := expectHolders(t, f.s, f.client, "viewer", mine, other); err != nil {
		t.Fatal(err)
	}
}
