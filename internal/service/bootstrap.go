package service

import (
	"context"
	"errors"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// BootstrapConfig shapes a new portal.
type BootstrapConfig struct {
	RootName   string
	AdminEmail string
	Token      string // the admin's API token; generated when empty
}

// BootstrapResult reports what a first start created.
type BootstrapResult struct {
	Created        bool
	RootID         string
	AdminID        string
	Token          string // only when generated here, to be shown once
	TokenGenerated bool
}

// Bootstrap syncs the built-in roles and, on an empty database, creates the
// root partner, its administrator and the administrator's API token.
func (s *Service) Bootstrap(ctx context.Context, cfg BootstrapConfig) (BootstrapResult, error) {
	var res BootstrapResult
	err := s.Store.Write(ctx, func(tx *store.Tx) error {
		o := s.Op(tx, Caller{})
		builtins := make([]domain.Role, len(domain.BuiltinRoles))
		for k, r := range domain.BuiltinRoles {
			r.CreatedAt = o.now
			builtins[k] = r
		}
		if err := tx.SyncBuiltinRoles(ctx, builtins); err != nil {
			return err
		}
		root, err := tx.RootOrg(ctx)
		if err == nil {
			res.RootID = root.ID
			return nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		var fe domain.Fields
		fe.Check("root name", domain.ValidateName(cfg.RootName, domain.MaxNameLength))
		fe.Check("admin e-mail", domain.ValidateEmail(cfg.AdminEmail))
		if cfg.Token != "" && len(cfg.Token) < 32 {
			fe.Add("bootstrap token", "must be at least 32 characters")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		org := domain.Organization{Meta: o.newMeta("org"), Name: cfg.RootName, Kind: domain.KindPartner, Enabled: true}
		if err := tx.InsertOrg(ctx, org); err != nil {
			return err
		}
		admin := domain.User{
			User: wire.User{
				Meta:           o.newMeta("usr"),
				Email:          cfg.AdminEmail,
				FirstName:      "Portal",
				LastName:       "Administrator",
				OrganizationID: org.ID,
				Enabled:        true,
			},
			SetupCompleted: true,
		}
		if err := tx.InsertUser(ctx, admin); err != nil {
			return err
		}
		o.caller = Caller{UserID: admin.ID}
		if _, err := o.insertAssignment(ctx, grantTerms{userID: admin.ID, orgID: org.ID, roleID: domain.RoleAdmin}); err != nil {
			return err
		}
		token := cfg.Token
		if token == "" {
			token, _ = domain.NewSecret(domain.APITokenPrefix)
			res.Token, res.TokenGenerated = token, true
		}
		k := domain.APIToken{
			APIToken: wire.APIToken{ID: domain.NewID("tok"), UserID: admin.ID, Name: "bootstrap", Prefix: domain.APITokenPrefix, CreatedAt: o.now},
			Hash:     domain.HashSecret(token),
		}
		if err := tx.InsertToken(ctx, k); err != nil {
			return err
		}
		res.Created, res.RootID, res.AdminID = true, org.ID, admin.ID
		return o.audit(ctx, "portal.bootstrap", "organization", org.ID, &org.ID, nil, org)
	})
	return res, err
}
