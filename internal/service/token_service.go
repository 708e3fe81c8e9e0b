package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TokenReplayError is what a retry of the request that created token id
// (same Idempotency-Key) answers instead of its result: the secret is shown
// once and never stored, so it cannot be shown again, and the caller must
// know the token exists.
func TokenReplayError(id string) error {
	e := domain.Conflict(
		"secret_not_replayable",
		fmt.Sprintf("API token %q was already created by an earlier request with this Idempotency-Key, "+
			"and its secret is shown only once: if that answer was lost, delete the token and create a new one", id),
	)
	e.ExistingID = id
	return e
}

// tokenOwner checks the caller may manage a user's tokens: their own, or a
// user they could manage (a token acts with its owner's full access). The
// user routes are for people: a service account's tokens have their own
// routes, even for the service account itself.
func (o *Op) tokenOwner(ctx context.Context, userID string) (domain.User, error) {
	if userID != o.caller.UserID {
		return o.manageUser(ctx, userID, nil, "manage this user's API tokens")
	}
	u, err := o.self(ctx)
	if err != nil {
		return u, err
	}
	// Through a limited token, even one's own tokens need covering oneself.
	return u, o.coverUser(ctx, u.ID, "manage your API tokens with a token someone else minted")
}

// self reads the caller's own account as a user: a service account is not
// one (404, like any id the user routes do not know).
func (o *Op) self(ctx context.Context) (domain.User, error) {
	u, err := o.tx.GetUser(ctx, o.caller.UserID)
	if err == nil && u.ServiceAccount {
		err = store.ErrNotFound
	}
	return u, notFound(err, "user", o.caller.UserID)
}

// MaxTokensPerUser bounds a user's live API tokens. All of a user's tokens
// share one rate-limit bucket, and the bound keeps an account from minting
// credentials without end.
const MaxTokensPerUser = 20

func validateToken(in wire.TokenCreate) error {
	var fe domain.Fields
	fe.Check("name", domain.ValidateName(in.Name, domain.MaxPersonNameLength))
	if in.ExpiresInSeconds != nil && (*in.ExpiresInSeconds < 60 || *in.ExpiresInSeconds > 2*366*24*3600) {
		fe.Add("expires_in_seconds", "must be between 60 seconds and 2 years, or omitted for a token that does not expire")
	}
	return fe.Err()
}

// CreateToken issues an API token for a user; at most MaxTokensPerUser live at once.
func (o *Op) CreateToken(ctx context.Context, userID string, in wire.TokenCreate) (wire.CreatedToken, error) {
	normalizeName(&in.Name)
	if err := validateToken(in); err != nil {
		return wire.CreatedToken{}, err
	}
	u, err := o.tokenOwner(ctx, userID)
	if err != nil {
		return wire.CreatedToken{}, err
	}
	return o.mintToken(ctx, u.ID, u.OrganizationID, in, "/v1/users/"+u.ID+"/tokens")
}

// mintToken issues a token for a principal (person or service account) the
// caller was checked to manage, homed in orgID; tokensPath is where its
// tokens are listed and revoked.
func (o *Op) mintToken(ctx context.Context, userID, orgID string, in wire.TokenCreate, tokensPath string) (wire.CreatedToken, error) {
	if o.caller.Session && userID != o.caller.UserID {
		// A session is a person at a browser: credentials for someone else
		// (a user, a service account) are minted with an API token.
		return wire.CreatedToken{}, domain.Forbidden("a sign-in session mints API tokens only for its own user; mint tokens for " +
			"other accounts with an API token")
	}
	n, err := o.tx.CountLiveTokens(ctx, userID, o.now)
	if err != nil {
		return wire.CreatedToken{}, err
	}
	if n >= MaxTokensPerUser {
		return wire.CreatedToken{}, domain.Conflict(
			"too_many_tokens",
			fmt.Sprintf(
				"account %s already has %d API tokens that have not expired, the most one account may hold; delete tokens that are no longer used "+
					"(DELETE %s/{id}) and try again",
				userID,
				n,
				tokensPath,
			),
		)
	}
	secret, hash := domain.NewSecret(domain.APITokenPrefix)
	// The displayed prefix is the type prefix only: characters of the secret
	// would show part of it to everyone who can list the user's tokens.
	k := domain.APIToken{
		APIToken: wire.APIToken{ID: domain.NewID("tok"), UserID: userID, Name: in.Name, Prefix: domain.APITokenPrefix, CreatedAt: o.now},
		Hash:     hash,
		IssuedBy: o.caller.UserID,
	}
	if in.ExpiresInSeconds != nil {
		k.ExpiresAt = ptr(o.now.Add(time.Duration(*in.ExpiresInSeconds) * time.Second))
	}
	if userID != o.caller.UserID || o.caller.Limit != nil {
		// Minted for someone else, or through a limited token: the new token
		// carries at most what the caller holds now, so an account's access
		// growing later never hands its manager a way up.
		acc, err := o.Access(ctx)
		if err != nil {
			return wire.CreatedToken{}, err
		}
		k.Limit = append([]domain.Grant{}, acc.Grants()...)
	}
	if err := o.tx.InsertToken(ctx, k); err != nil {
		return wire.CreatedToken{}, written(err, "API token", k.ID)
	}
	return wire.CreatedToken{APIToken: k.APIToken, Token: secret}, o.audit(ctx, "api_token.create", "api_token", k.ID, &orgID, nil, k)
}

// ListTokens lists a user's tokens (never their secrets).
func (o *Op) ListTokens(ctx context.Context, userID string) ([]domain.APIToken, error) {
	// Tokens are managed with users:write; seeing a user is not enough to
	// see their credentials.
	if _, err := o.tokenOwner(ctx, userID); err != nil {
		return nil, err
	}
	return o.tx.ListTokens(ctx, userID)
}

// DeleteToken revokes a token.
func (o *Op) DeleteToken(ctx context.Context, userID, tokenID string) error {
	u, err := o.tokenOwner(ctx, userID)
	if err != nil {
		return err
	}
	return o.revokeToken(ctx, u.ID, u.OrganizationID, tokenID)
}

// revokeToken deletes a token of a principal homed in orgID.
func (o *Op) revokeToken(ctx context.Context, userID, orgID, tokenID string) error {
	k, err := o.tx.GetToken(ctx, userID, tokenID)
	if err != nil {
		return notFound(err, "API token", tokenID)
	}
	if err := o.tx.DeleteToken(ctx, tokenID); err != nil {
		return written(err, "API token", tokenID)
	}
	return o.audit(ctx, "api_token.delete", "api_token", tokenID, &orgID, k, nil)
}

// ErrUnauthenticated is returned for a missing, unknown, expired or disabled credential.
var ErrUnauthenticated = &domain.Error{Kind: domain.KindUnauthenticated, Code: "unauthenticated",
	Detail: "the bearer token is missing, unknown, expired, or belongs to a disabled account; send Authorization: Bearer <token> with a " +
		"valid API token"}

// Authenticate resolves a bearer token to its caller.
func (s *Service) Authenticate(ctx context.Context, secret string) (Caller, error) {
	now := s.Clock.Now()
	hash := domain.HashSecret(secret)
	h, err := s.tokenHolder(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return Caller{}, ErrUnauthenticated
	}
	if err != nil {
		return Caller{}, err
	}
	k := h.Token
	if !domain.HashMatches(hash, k.Hash) || (k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)) {
		return Caller{}, ErrUnauthenticated
	}
	// A disabled account, or one whose organization is cut off, cannot act;
	// a locked one cannot use a session (its API tokens are not sign-ins).
	if !h.HolderEnabled || !h.HomeEnabled || (k.Session && h.HolderLocked) {
		return Caller{}, ErrUnauthenticated
	}
	c := Caller{UserID: k.UserID, TokenID: k.ID, Limit: k.Limit, Session: k.Session, MustChangePassword: k.Session && h.MustChangePassword}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute {
		s.touchToken(ctx, c.TokenID, now)
	}
	return c, nil
}

// tokenHolder reads the token whose secret hashes to hash, from the cache
// when nothing it depends on changed since it was read there.
func (s *Service) tokenHolder(ctx context.Context, hash string) (store.TokenHolder, error) {
	// The version is read before the token, never after: an entry must
	// not be filed under a version newer than what it was read from.
	v, exact, err := s.Store.AuthVersion(ctx)
	if err != nil || !exact {
		return s.Store.TokenHolder(ctx, hash)
	}
	if h, ok := s.auth.get(v, hash); ok {
		return h, nil
	}
	h, err := s.Store.TokenHolder(ctx, hash)
	if err == nil {
		s.auth.put(v, hash, h)
	}
	return h, err
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
