package service

import (
	"context"
	"errors"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// The service owns transactions: callers hand it an operation on an Op and
// get its result, never a transaction.

// Read runs fn for caller on one consistent snapshot.
func Read[T any](ctx context.Context, s *Service, caller Caller, fn func(context.Context, *Op) (T, error)) (T, error) {
	var res T
	err := s.Store.Read(ctx, func(tx *store.Tx) error {
		var err error
		res, err = fn(ctx, s.Op(tx, caller))
		return err
	})
	return res, err
}

// Write runs fn for caller in one write transaction, committed only when fn
// succeeds. It is for flows that checked their preconditions on a snapshot
// themselves (the public link endpoints); requests use Mutate.
func Write[T any](ctx context.Context, s *Service, caller Caller, fn func(context.Context, *Op) (T, error)) (T, error) {
	var res T
	err := s.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		res, err = fn(ctx, s.Op(tx, caller))
		return err
	})
	return res, err
}

// Mutation is a write request, for Mutate.
type Mutation struct {
	Caller Caller
	// IdempotencyKey, when not empty, makes a retry of the same request get
	// the first answer instead of running again.
	IdempotencyKey string
	// RequestHash identifies the request, so that a key reused for another
	// request is refused.
	RequestHash string
	// Answer turns the operation's result into what the key keeps for
	// retries (the answer the client got).
	Answer func(res any) (domain.IdempotentResponse, error)
}

// Mutate runs fn in one write transaction, after a dry run on a read
// snapshot has checked that fn gets as far as writing: a write refused for
// authorization, validation or a precondition is answered from the dry run,
// without waiting for or holding the single writer. A keyed request stores
// its answer in the same transaction as its writes; a retry gets that first
// answer back as replay, and fn does not run again.
func (s *Service) Mutate(
	ctx context.Context,
	m Mutation,
	fn func(context.Context, *Op) (any, error),
) (res any, replay *domain.IdempotentResponse, err error) {
	var memo hashMemo
	run := func(tx *store.Tx) error {
		res, replay = nil, nil
		if m.IdempotencyKey != "" {
			prev, err := tx.GetIdempotent(ctx, m.Caller.UserID, m.IdempotencyKey)
			if err == nil {
				if prev.RequestHash != m.RequestHash {
					return domain.Conflict(
						"idempotency_key_reused",
						"this Idempotency-Key was already used for a different request; use a new key for a new request",
					)
				}
				replay = &prev
				return nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		var err error
		op := s.Op(tx, m.Caller)
		op.hashes = &memo
		res, err = fn(ctx, op)
		if err != nil || m.IdempotencyKey == "" {
			return err
		}
		stored, err := m.Answer(res)
		if err != nil {
			return err
		}
		stored.RequestHash = m.RequestHash
		return tx.PutIdempotent(ctx, m.Caller.UserID, m.IdempotencyKey, stored, s.Clock.Now())
	}
	err = s.Store.DryRun(ctx, run)
	var refused *domain.Error
	if err != nil && !errors.Is(err, store.ErrWouldWrite) && errors.As(err, &refused) {
		return nil, nil, err
	}
	if err := s.Store.Write(ctx, run); err != nil {
		return nil, nil, err
	}
	return res, replay, nil
}

// RequireRootAdmin answers nil when caller is a root administrator.
func (s *Service) RequireRootAdmin(ctx context.Context, caller Caller) error {
	_, err := Read(ctx, s, caller, func(ctx context.Context, op *Op) (struct{}, error) {
		return struct{}{}, op.RequireRootAdmin(ctx)
	})
	return err
}

// Outbox lists the messages sent to an address (all when empty), newest
// first, for the dev routes.
func (s *Service) Outbox(ctx context.Context, to string, limit int) ([]domain.OutboxMessage, error) {
	var msgs []domain.OutboxMessage
	err := s.Store.Read(ctx, func(tx *store.Tx) error {
		var err error
		msgs, err = tx.ListOutbox(ctx, to, limit)
		return err
	})
	return msgs, err
}

// Ping checks that the database answers, for health checks.
func (s *Service) Ping(ctx context.Context) error { return s.Store.Ping(ctx) }
