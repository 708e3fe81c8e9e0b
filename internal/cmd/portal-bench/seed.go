package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// rootToken is the bootstrap administrator's token in every portal the
// benchmark seeds.
const rootToken = "ptk_portal-bench-bootstrap-token-0123456789abcdef"

// portal is what a seeded database holds for the load.
type portal struct {
	rootID      string
	partnerOrg  string   // the partner above it
	clientOrg   string   // the client administrator's organization
	clientToken string   // an administrator of that client
	target      string   // a user in that client, for GETs
	clientUsers []string // the other people in that client, for PATCHes
	users       int      // people in the portal
}

// clientAdminUsers is the size of the client administrator's organization:
// more than a page of 100, so that every page is full.
const clientAdminUsers = 250

// seed bootstraps the database at dsn and writes about orgs organizations
// (partners of 100 clients under the root) and users people spread over the
// clients, straight through the store in one transaction: loading through
// the API would take longer than everything measured.
func seed(ctx context.Context, dsn string, orgs, users int) (portal, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return portal{}, err
	}
	defer func() { _ = st.Close() }()
	svc := service.New(st, "http://localhost", slog.New(slog.NewTextHandler(io.Discard, nil)))
	boot, err := svc.Bootstrap(ctx, service.BootstrapConfig{RootName: "Bench Root", AdminEmail: "admin@bench.example", Token: rootToken})
	if err != nil {
		return portal{}, err
	}
	out := portal{rootID: boot.RootID}
	now := time.Now().UTC()
	meta := func(prefix string) domain.Meta {
		return domain.Meta{ID: domain.NewID(prefix), Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	partners := max(1, orgs/100)
	perPartner := max(1, orgs/partners-1)
	clients := partners * perPartner
	rest := max(0, users-clientAdminUsers)
	made := 0
	err = st.Write(ctx, func(tx *store.Tx) error {
		for p := range partners {
			partner := domain.Organization{
				Meta:     meta("org"),
				Name:     fmt.Sprintf("Partner %d", p),
				Kind:     domain.KindPartner,
				ParentID: &out.rootID,
				Enabled:  true,
			}
			if err := tx.InsertOrg(ctx, partner); err != nil {
				return err
			}
			for c := range perPartner {
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
				k := p*perPartner + c
				n := rest*(k+1)/clients - rest*k/clients // the rest, spread evenly
				admin := k == clients/2
				if admin {
					n, out.clientOrg, out.partnerOrg = clientAdminUsers, client.ID, partner.ID
				}
				for u := range n {
					user := domain.User{
						User: wire.User{
							Meta:           meta("usr"),
							Email:          fmt.Sprintf("u%d@c%d.bench.example", u, k),
							FirstName:      "Bench",
							LastName:       fmt.Sprintf("User %d", made),
							OrganizationID: client.ID,
							Enabled:        true,
						},
						SetupCompleted: true,
						EmailVerified:  true,
					}
					made++
					if err := tx.InsertUser(ctx, user); err != nil {
						return err
					}
					if !admin {
						continue
					}
					if u > 0 {
						out.clientUsers = append(out.clientUsers, user.ID)
						continue
					}
					a := domain.RoleAssignment{Meta: meta("ras"), UserID: user.ID, OrganizationID: client.ID, RoleID: domain.RoleAdmin}
					if err := tx.InsertAssignment(ctx, a); err != nil {
						return err
					}
					secret, hash := domain.NewSecret(domain.APITokenPrefix)
					if err := tx.InsertToken(
						ctx,
						domain.APIToken{
							APIToken: wire.APIToken{ID: domain.NewID("tok"), UserID: user.ID, Name: "bench", Prefix: domain.APITokenPrefix, CreatedAt: now},
							Hash:     hash,
						},
					); err != nil {
						return err
					}
					out.clientToken = secret
				}
			}
		}
		return nil
	})
	if err != nil {
		return portal{}, fmt.Errorf("seed %d organizations and %d users: %w", orgs, users, err)
	}
	out.target = out.clientUsers[0]
	out.users = made + 1 // and the bootstrap administrator
	return out, st.Checkpoint(ctx)
}
