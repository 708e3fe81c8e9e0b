package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// BenchmarkScale measures what one request costs as the portal grows: the
// same reads and writes, by a client administrator and by the root
// administrator, with 10, 1,000 and 20,000 organizations (partners of about
// 100 clients, three users per client, more in the smallest portal so that
// a page of 100 users is full at every size, and 30 in the client administrator's). The cost of authorization must not
// grow with the portal.
func BenchmarkScale(b *testing.B) {
	for _, size := range []int{10, 1000, 20000} {
		b.Run(fmt.Sprintf("orgs=%d", size), func(b *testing.B) {
			s := acctest.StartAPI(b)
			seed := seedPortal(b, s, size)
			for _, who := range []struct{ name, token string }{{"client-admin", seed.clientToken}, {"root-admin", acctest.BootstrapToken}} {
				b.Run(who.name+"/get-user", func(b *testing.B) {
					for b.Loop() {
						s.Must(b, 200, who.token, "GET", "/v1/users/"+seed.target, nil)
					}
				})
				b.Run(who.name+"/list-users", func(b *testing.B) {
					for b.Loop() {
						s.Must(b, 200, who.token, "GET", "/v1/users?limit=100", nil)
					}
				})
				b.Run(who.name+"/me", func(b *testing.B) {
					for b.Loop() {
						s.Must(b, 200, who.token, "GET", "/v1/me?limit=100", nil)
					}
				})
				b.Run(who.name+"/patch-user", func(b *testing.B) {
					i := 0
					for b.Loop() {
						s.Must(b, 200, who.token, "PATCH", "/v1/users/"+seed.target, map[string]any{"first_name": fmt.Sprintf("N%d", i)})
						i++
					}
				})
			}
		})
	}
}

type seeded struct {
	clientToken string // an administrator of one client
	target      string // a user homed in that client
}

// seedPortal writes about n organizations in one transaction, straight
// through the store.
func seedPortal(b *testing.B, s *acctest.Server, n int) seeded {
	b.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	meta := func(prefix string) domain.Meta {
		return domain.Meta{ID: domain.NewID(prefix), Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	partners := max(1, n/100)
	clients := max(1, n/partners-1)
	users := max(3, 200/(partners*clients)+1) // a root page of 100 is full at every size
	var out seeded
	err := s.Service.Store.Write(ctx, func(tx *store.Tx) error {
		for p := range partners {
			partner := domain.Organization{
				Meta:     meta("org"),
				Name:     fmt.Sprintf("Partner %d", p),
				Kind:     domain.KindPartner,
				ParentID: &s.RootID,
				Enabled:  true,
			}
			if err := tx.InsertOrg(ctx, partner); err != nil {
				return err
			}
			for c := range clients {
				client := domain.Organization{
					Meta:     meta("org"),
					Name:     fmt.Sprintf("Client %d", c),
					Kind:     domain.KindClient,
					ParentID: &partner.ID,
					Enabled:  true,
				}
				if err := tx.InsertOrg(ctx, client); err != nil {
					return err
				}
				bench := p == partners/2 && c == clients/2 // the client of the client administrator
				n := users
				if bench {
					n = 30 // the same page for the client administrator at every size
				}
				for u := range n {
					user := domain.User{
						User: wire.User{
							Meta:           meta("usr"),
							Email:          fmt.Sprintf("u%d-%d-%d@scale.example", p, c, u),
							FirstName:      "Scale",
							LastName:       "User",
							OrganizationID: client.ID,
							Enabled:        true,
						},
						SetupCompleted: true,
					}
					user.Status = domain.DeriveUserStatus(true, false, true)
					if err := tx.InsertUser(ctx, user); err != nil {
						return err
					}
					if bench {
						switch u {
						case 0: // the client's administrator, with a token
							a := domain.RoleAssignment{Meta: meta("ras"), UserID: user.ID, OrganizationID: client.ID, RoleID: domain.RoleAdmin}
							if err := tx.InsertAssignment(ctx, a); err != nil {
								return err
							}
							secret, hash := domain.NewSecret(domain.APITokenPrefix)
							if err := tx.InsertToken(
								ctx,
								domain.APIToken{APIToken: wire.APIToken{ID: domain.NewID("tok"), UserID: user.ID, Name: "bench",
									Prefix: secret[:8], CreatedAt: now}, Hash: hash},
							); err != nil {
								return err
							}
							out.clientToken = secret
						case 1:
							out.target = user.ID
						}
					}
				}
			}
		}
		return nil
	})
	if err == nil {
		err = s.Service.Store.Checkpoint(ctx)
	}
	if err != nil {
		b.Fatalf("seed %d organizations: %v", n, err)
	}
	return out
}
