package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestWritesWaitingTogetherCommitTogether: writes that queue while another
// holds the writer are committed as one group, in one commit, and still each
// succeed or fail alone: a failed write, a panicking write and a write whose
// request ended while it waited leave nothing behind, and take nothing of
// the others' with them. A write later in a group sees that an earlier one
// changed access (it must not cache what it reads of access).
func TestWritesWaitingTogetherCommitTogether(t *testing.T) {
	st, _, _ := openBoth(t)
	ctx := t.Context()
	now := time.Now().UTC()
	org := func(id string, v int64) domain.Organization {
		return domain.Organization{
			Meta:    domain.Meta{ID: id, Version: v, CreatedAt: now, UpdatedAt: now},
			Name:    id,
			Kind:    domain.KindPartner,
			Enabled: true,
		}
	}
	insert := func(id string) func(*store.Tx) error {
		return func(tx *store.Tx) error { return tx.InsertOrg(ctx, org(id, 1)) }
	}
	if err := st.Write(ctx, insert("root")); err != nil {
		t.Fatal(err)
	}

	held, release := make(chan struct{}), make(chan struct{})
	holderDone := make(chan error, 1)
	go func() {
		holderDone <- st.Write(ctx, func(*store.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held

	errFailed := errors.New("refused after writing")
	gone, cancel := context.WithCancel(ctx)
	var cacheableAfterAccessChange, sharedUncommitted bool
	writes := []struct {
		name string
		ctx  context.Context
		fn   func(*store.Tx) error
	}{
		{"ok-1", ctx, insert("ok-1")},
		{"failed", ctx, func(tx *store.Tx) error {
			if err := insert("failed")(tx); err != nil {
				return err
			}
			return errFailed
		}},
		{"panicked", ctx, func(tx *store.Tx) error {
			if err := insert("panicked")(tx); err != nil {
				return err
			}
			panic("boom")
		}},
		{"gone", gone, insert("gone")},
		{"access", ctx, func(tx *store.Tx) error {
			renamed := org("root", 2)
			renamed.Name = "Renamed root"
			return tx.UpdateOrg(ctx, org("root", 1), renamed)
		}},
		{"ok-2", ctx, func(tx *store.Tx) error {
			cacheableAfterAccessChange = tx.AccessCacheable()
			// ok-1 is in this transaction, not yet committed: one group.
			_, inGroup := tx.GetOrg(ctx, "ok-1")
			committed := st.Read(ctx, func(r *store.Tx) error { _, err := r.GetOrg(ctx, "ok-1"); return err })
			sharedUncommitted = inGroup == nil && errors.Is(committed, store.ErrNotFound)
			return insert("ok-2")(tx)
		}},
	}
	results := make([]any, len(writes))
	var wg sync.WaitGroup
	for i, w := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					results[i] = fmt.Sprintf("panic: %v", p)
				}
			}()
			results[i] = st.Write(w.ctx, w.fn)
		}()
		// Queue them in this order: a group runs its writes oldest first.
		waitFor(t, func() bool { return st.WaitingWrites() == i+1 })
	}
	cancel()
	waitFor(t, func() bool { return st.WaitingWrites() == len(writes)-1 })
	close(release)
	wg.Wait()
	if err := <-holderDone; err != nil {
		t.Fatal(err)
	}

	for i, w := range writes {
		got := results[i]
		switch w.name {
		case "ok-1", "ok-2", "access":
			if got != nil {
				t.Errorf("%s: %v, want success", w.name, got)
			}
		case "failed":
			if err, _ := got.(error); !errors.Is(err, errFailed) {
				t.Errorf("failed: %v, want its own error", got)
			}
		case "panicked":
			if s, _ := got.(string); !strings.HasPrefix(s, "panic: boom") {
				t.Errorf("panicked: %v, want its panic raised in its own goroutine", got)
			}
		case "gone":
			if err, _ := got.(error); !errors.Is(err, context.Canceled) {
				t.Errorf("gone: %v, want context.Canceled", got)
			}
		}
	}
	if !sharedUncommitted {
		t.Error("the writes queued together did not share one transaction")
	}
	if cacheableAfterAccessChange {
		t.Error("a write after another's access change in its group was told that access is cacheable")
	}
	err := st.Read(ctx, func(tx *store.Tx) error {
		for id, want := range map[string]bool{"ok-1": true, "ok-2": true, "failed": false, "panicked": false, "gone": false} {
			_, err := tx.GetOrg(ctx, id)
			if found := err == nil; found != want {
				t.Errorf("organization %s stored: %v, want %v (%v)", id, found, want, err)
			}
		}
		root, err := tx.GetOrg(ctx, "root")
		if err == nil && (root.Name != "Renamed root" || root.Version != 2) {
			t.Errorf("root after the group: %q version %d, want the rename at version 2", root.Name, root.Version)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAWriteAloneRunsOnItsCaller: a write that finds the writer free is not
// grouped: it runs on its caller's goroutine, so its panic reaches its
// caller unchanged, and the writer is free again afterwards.
func TestAWriteAloneRunsOnItsCaller(t *testing.T) {
	st, _, _ := openBoth(t)
	ctx := t.Context()
	func() {
		defer func() {
			if p := recover(); p != "alone" {
				t.Errorf("recovered %v, want the write's own panic value", p)
			}
		}()
		_ = st.Write(ctx, func(*store.Tx) error { panic("alone") })
	}()
	if err := st.Write(ctx, func(*store.Tx) error { return nil }); err != nil {
		t.Fatalf("the writer after a panicking write: %v", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(time.Millisecond)
	}
}
