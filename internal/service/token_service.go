package service

import (
	"context"
	"errors"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TokenCreate is the body of POST /v1/users/{id}/tokens.
type TokenCreate struct {
	Name             string `json:"name"`
	ExpiresInSeconds *int64 `json:"expires_in_seconds"`
}

// CreatedToken is the one answer that carries the secret.
type CreatedToken struct {
	domain.APIToken
	Token string `json:"token"`
}

// tokenOwner checks the caller may manage a user's tokens: their own, or a
// user they could manage (a token acts with its owner's full access).
func (o *Op) tokenOwner(ctx context.Context, userID string) error {
	if userID == o.caller.UserID {
		return nil
	}
	_, err := o.manageUser(ctx, userID, nil, "manage this user's API tokens")
	return err
}

// CreateToken issues an API token for a user.
func (o *Op) CreateToken(ctx context.Context, userID string, in TokenCreate) (CreatedToken, error) {
	var fe domain.Fields
	fe.Check("name", domain.ValidateName(in.Name, domain.MaxPersonNameLength))
	if in.ExpiresInSeconds != nil && (*in.ExpiresInSeconds < 60 || *in.ExpiresInSeconds > 2*366*24*3600) {
		fe.Add("expires_in_seconds", "must be between 60 seconds and 2 years, or omitted for a token that does not expire")
	}
	if err := fe.Err(); err != nil {
		return CreatedToken{}, err
	}
	if err := o.tokenOwner(ctx, userID); err != nil {
		return CreatedToken{}, err
	}
	secret, hash := domain.NewSecret(domain.APITokenPrefix)
	k := domain.APIToken{ID: domain.NewID("tok"), UserID: userID, Name: in.Name, Prefix: secret[:len(domain.APITokenPrefix)+4], CreatedAt: o.now, Hash: hash}
	if in.ExpiresInSeconds != nil {
		k.ExpiresAt = ptr(o.now.Add(time.Duration(*in.ExpiresInSeconds) * time.Second))
	}
	if err := o.tx.InsertToken(ctx, k); err != nil {
		return CreatedToken{}, written(err, "API token", k.ID)
	}
	u, err := o.tx.GetUser(ctx, userID)
	if err != nil {
		return CreatedToken{}, err
	}
	return CreatedToken{APIToken: k, Token: secret}, o.audit(ctx, "api_token.create", "api_token", k.ID, &u.OrganizationID, nil, k)
}

// ListTokens lists a user's tokens (never their secrets).
func (o *Op) ListTokens(ctx context.Context, userID string) ([]domain.APIToken, error) {
	if userID != o.caller.UserID {
		if _, err := o.GetUser(ctx, userID); err != nil {
			return nil, err
		}
	}
	return o.tx.ListTokens(ctx, userID)
}

// DeleteToken revokes a token.
func (o *Op) DeleteToken(ctx context.Context, userID, tokenID string) error {
	if err := o.tokenOwner(ctx, userID); err != nil {
		return err
	}
	k, err := o.tx.GetToken(ctx, userID, tokenID)
	if err != nil {
		return notFound(err, "API token", tokenID)
	}
	if err := o.tx.DeleteToken(ctx, tokenID); err != nil {
		return written(err, "API token", tokenID)
	}
	u, err := o.tx.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	return o.audit(ctx, "api_token.delete", "api_token", tokenID, &u.OrganizationID, k, nil)
}

// ErrUnauthenticated is returned for a missing, unknown, expired or disabled credential.
var ErrUnauthenticated = &domain.Error{Kind: domain.KindUnauthenticated, Code: "unauthenticated",
	Detail: "the bearer token is missing, unknown, expired, or belongs to a disabled account; send Authorization: Bearer <token> with a valid API token"}

// Authenticate resolves a bearer token to its caller.
func (s *Service) Authenticate(ctx context.Context, secret string) (Caller, error) {
	var c Caller
	var touch bool
	now := s.Clock.Now()
	err := s.Store.Read(ctx, func(tx *store.Tx) error {
		k, err := tx.GetTokenByHash(ctx, domain.HashSecret(secret))
		if errors.Is(err, store.ErrNotFound) {
			return ErrUnauthenticated
		}
		if err != nil {
			return err
		}
		if !domain.SecretMatches(secret, k.Hash) || (k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)) {
			return ErrUnauthenticated
		}
		u, err := tx.GetUser(ctx, k.UserID)
		if err != nil {
			return ErrUnauthenticated
		}
		// A disabled account, or one whose organization is cut off, cannot act.
		if !u.Enabled {
			return ErrUnauthenticated
		}
		enabled, err := tx.OrgPathEnabled(ctx, u.OrganizationID)
		if err != nil {
			return err
		}
		if !enabled {
			return ErrUnauthenticated
		}
		c = Caller{UserID: u.ID, TokenID: k.ID}
		touch = k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute
		return nil
	})
	if err == nil && touch {
		s.touchToken(ctx, c.TokenID, now)
	}
	return c, err
}

// Drain waits for the token uses being recorded in the background; call it
// before closing the store.
func (s *Service) Drain() { s.background.Wait() }

// touchToken records a token's use in the background: last_used_at is
// advisory (minute resolution), and a request must never wait for the
// writer just to authenticate. One touch per token is in flight at a time.
func (s *Service) touchToken(ctx context.Context, tokenID string, now time.Time) {
	if _, busy := s.touching.LoadOrStore(tokenID, true); busy {
		return
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		defer s.touching.Delete(tokenID)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if err := s.Store.Write(ctx, func(tx *store.Tx) error { return tx.TouchToken(ctx, tokenID, now) }); err != nil {
			s.Log.DebugContext(ctx, "recording a token's use failed", "error", err.Error())
		}
	}()
}
