package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// GetServiceAccount reads a service account homed where the caller holds users:read.
func (o *Op) GetServiceAccount(ctx context.Context, id string) (domain.ServiceAccount, error) {
	a, err := o.tx.GetServiceAccount(ctx, id)
	if err != nil {
		return a, notFound(err, "service account", id)
	}
	return a, o.see(ctx, a.OrganizationID, "users:read", "service account", id)
}

// ListServiceAccounts lists the service accounts homed where the caller holds users:read.
func (o *Op) ListServiceAccounts(
	ctx context.Context,
	f domain.ServiceAccountFilter,
	p domain.Page,
) ([]domain.ServiceAccount, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees = acc.Roots("users:read")
	return o.tx.ListServiceAccounts(ctx, f, p)
}

func validateServiceAccount(fe *domain.Fields, name, description string) {
	fe.Check("name", domain.ValidateName(name, domain.MaxPersonNameLength))
	fe.Check("description", domain.ValidateText(description, domain.MaxDescription))
}

// checkServiceAccountName refuses a name another service account of the
// organization has, ignoring case and normalization.
func (o *Op) checkServiceAccountName(ctx context.Context, org, name, selfID string) error {
	other, err := o.tx.FindServiceAccountByName(ctx, org, name)
	if errors.Is(err, store.ErrNotFound) || (err == nil && other.ID == selfID) {
		return nil
	}
	if err != nil {
		return err
	}
	c := domain.Conflict(
		"duplicate_name",
		fmt.Sprintf(
			"organization %s already has a service account named %q (id %s); service account names are unique within an organization, ignoring "+
				"case. To manage it, import it",
			org,
			other.Name,
			other.ID,
		),
	)
	c.ExistingID = other.ID
	return c
}

// CreateServiceAccount creates a service account homed in an organization.
func (o *Op) CreateServiceAccount(ctx context.Context, in wire.ServiceAccountCreate) (domain.ServiceAccount, error) {
	normalizeName(&in.Name)
	var fe domain.Fields
	validateServiceAccount(&fe, in.Name, in.Description)
	if in.OrganizationID == "" {
		fe.Add("organization_id", "is required: every service account has a home organization")
	}
	if err := fe.Err(); err != nil {
		return domain.ServiceAccount{}, err
	}
	if err := o.see(ctx, in.OrganizationID, "users:read", "organization", in.OrganizationID); err != nil {
		return domain.ServiceAccount{}, err
	}
	if err := o.need(ctx, in.OrganizationID, "users:write", "create service accounts in it"); err != nil {
		return domain.ServiceAccount{}, err
	}
	if err := o.checkServiceAccountName(ctx, in.OrganizationID, in.Name, ""); err != nil {
		return domain.ServiceAccount{}, err
	}
	a := domain.ServiceAccount{Meta: o.newMeta("sva"), OrganizationID: in.OrganizationID, Name: in.Name,
		Description: in.Description, Enabled: in.Enabled == nil || *in.Enabled}
	if err := o.tx.InsertServiceAccount(ctx, a); err != nil {
		return a, written(err, "service account", a.ID)
	}
	return a, o.audit(ctx, "service_account.create", "service_account", a.ID, &a.OrganizationID, nil, a)
}

// manageServiceAccount loads a service account the caller may change: the
// rule for users (users:write at its home organization, and covering every
// permission it holds), since its tokens act with its access.
func (o *Op) manageServiceAccount(ctx context.Context, id string, ifMatch *int64, goal string) (domain.ServiceAccount, error) {
	a, err := o.GetServiceAccount(ctx, id)
	if err != nil {
		return a, err
	}
	if err := checkVersion("service account", id, a.Version, ifMatch); err != nil {
		return a, err
	}
	if err := o.need(ctx, a.OrganizationID, "users:write", goal); err != nil {
		return a, err
	}
	covered, err := o.covers(ctx, a.ID)
	if err != nil {
		return a, err
	}
	if !covered {
		return a, domain.Forbidden(
			fmt.Sprintf("service account %s holds permissions you do not hold; only someone with at least the same access can %s", id, goal),
		)
	}
	return a, nil
}

// UpdateServiceAccount changes a service account's name, description or enabled state.
func (o *Op) UpdateServiceAccount(
	ctx context.Context,
	id string,
	in wire.ServiceAccountUpdate,
	ifMatch *int64,
) (domain.ServiceAccount, error) {
	normalizeOptional(&in.Name)
	a, err := o.manageServiceAccount(ctx, id, ifMatch, "change this service account")
	if err != nil {
		return a, err
	}
	before := a
	var fe domain.Fields
	setIf(in.Name, &a.Name)
	if in.Description.Set {
		a.Description = in.Description.Value // null clears it
	}
	setIf(in.Enabled, &a.Enabled)
	validateServiceAccount(&fe, a.Name, a.Description)
	if err := fe.Err(); err != nil {
		return before, err
	}
	if a.Name != before.Name {
		if err := o.checkServiceAccountName(ctx, a.OrganizationID, a.Name, a.ID); err != nil {
			return before, err
		}
	}
	if !a.Enabled && before.Enabled && id == o.caller.UserID {
		return before, domain.Conflict("self_disable", "a service account cannot disable itself; ask an administrator")
	}
	if domain.SameContent(a, before) {
		return before, nil
	}
	o.bump(&a.Meta)
	if err := o.tx.UpdateServiceAccount(ctx, before, a); err != nil {
		return before, written(err, "service account", id)
	}
	return a, o.audit(ctx, "service_account.update", "service_account", a.ID, &a.OrganizationID, before, a)
}

// DeleteServiceAccount deletes a service account with its tokens and role assignments.
func (o *Op) DeleteServiceAccount(ctx context.Context, id string, ifMatch *int64) error {
	a, err := o.manageServiceAccount(ctx, id, ifMatch, "delete this service account")
	if err != nil {
		return err
	}
	if id == o.caller.UserID {
		return domain.Conflict("self_delete", "a service account cannot delete itself; ask an administrator")
	}
	if err := o.tx.DeleteServiceAccount(ctx, id); err != nil {
		return written(err, "service account", id)
	}
	o.invalidate()
	return o.audit(ctx, "service_account.delete", "service_account", id, &a.OrganizationID, a, nil)
}

// CreateServiceAccountToken mints an API token for a service account the
// caller manages. Like every token minted for someone else it carries at
// most what the caller holds now.
func (o *Op) CreateServiceAccountToken(ctx context.Context, id string, in wire.TokenCreate) (wire.CreatedToken, error) {
	normalizeName(&in.Name)
	if err := validateToken(in); err != nil {
		return wire.CreatedToken{}, err
	}
	a, err := o.manageServiceAccount(ctx, id, nil, "manage this service account's API tokens")
	if err != nil {
		return wire.CreatedToken{}, err
	}
	return o.mintToken(ctx, a.ID, a.OrganizationID, in, "/v1/service-accounts/"+a.ID+"/tokens")
}

// ListServiceAccountTokens lists a managed service account's tokens (never their secrets).
func (o *Op) ListServiceAccountTokens(ctx context.Context, id string) ([]domain.APIToken, error) {
	if _, err := o.manageServiceAccount(ctx, id, nil, "manage this service account's API tokens"); err != nil {
		return nil, err
	}
	return o.tx.ListTokens(ctx, id)
}

// GetServiceAccountToken reads one token of a managed service account (never its secret).
func (o *Op) GetServiceAccountToken(ctx context.Context, id, tokenID string) (domain.APIToken, error) {
	if _, err := o.manageServiceAccount(ctx, id, nil, "manage this service account's API tokens"); err != nil {
		return domain.APIToken{}, err
	}
	k, err := o.tx.GetToken(ctx, id, tokenID)
	return k, notFound(err, "API token", tokenID)
}

// DeleteServiceAccountToken revokes a token of a managed service account.
func (o *Op) DeleteServiceAccountToken(ctx context.Context, id, tokenID string) error {
	a, err := o.manageServiceAccount(ctx, id, nil, "manage this service account's API tokens")
	if err != nil {
		return err
	}
	return o.revokeToken(ctx, a.ID, a.OrganizationID, tokenID)
}
