package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Writes that arrive while another holds the writer are committed together
// (group commit): the writer that finishes hands the writer to the oldest
// waiting write, which runs every write waiting by then, each in its own
// savepoint, in one transaction. A write that fails rolls back to its
// savepoint and fails alone; the others commit together. A commit costs
// most of a small write: its log frames and its sync, and on SQLite every
// reader's page cache, which a commit invalidates. Grouping pays those once
// for the group. A write that finds the writer free runs alone, as if there
// were no group.

// maxGroup bounds a group, so that the first write in it is not kept
// waiting for many others.
const maxGroup = 32

// groupSavepoint marks where each write of a group starts.
const groupSavepoint = "group_member"

// writeGroups is the queue of writes waiting for the writer.
type writeGroups struct {
	mu      sync.Mutex
	busy    bool          // a write or a group holds the writer
	waiting []*groupWrite // oldest first
}

// groupWrite is one Write waiting for its turn or for its group.
type groupWrite struct {
	ctx context.Context
	fn  func(*Tx) error
	// turn is signalled when this write is to lead the next group.
	turn chan struct{}
	// done is closed when the write ran in another's group; err and
	// panicked hold its outcome.
	done     chan struct{}
	err      error
	panicked any
}

// Write runs fn in one write transaction, committed only when fn returns nil:
// nothing is ever half-written. fn may share its transaction with other
// writes (see groupSavepoint), but never sees their failed work, and its own
// failure never undoes theirs.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	q := &s.groups
	q.mu.Lock()
	if !q.busy {
		q.busy = true
		q.mu.Unlock()
		defer s.handOff()
		return s.run(ctx, writeTx, fn)
	}
	w := &groupWrite{ctx: ctx, fn: fn, turn: make(chan struct{}, 1), done: make(chan struct{})}
	q.waiting = append(q.waiting, w)
	q.mu.Unlock()
	ended := ctx.Done()
	for {
		select {
		case <-w.turn:
			return s.lead(w)
		case <-w.done:
			return w.outcome()
		case <-ended:
			if q.leave(w) {
				return fmt.Errorf("wait for the writer: %w", ctx.Err())
			}
			// Already taken off the queue: into a group, whose outcome it
			// waits for (its fn may be running), or to lead one, which the
			// writes behind it wait for.
			ended = nil
		}
	}
}

// leave takes w off the queue, reporting false when it was no longer there.
func (q *writeGroups) leave(w *groupWrite) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := slices.Index(q.waiting, w)
	if i >= 0 {
		q.waiting = slices.Delete(q.waiting, i, i+1)
	}
	return i >= 0
}

// handOff gives the writer to the oldest waiting write, or frees it.
func (s *Store) handOff() {
	q := &s.groups
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		q.busy = false
		return
	}
	next := q.waiting[0]
	q.waiting = slices.Delete(q.waiting, 0, 1)
	next.turn <- struct{}{}
}

// lead runs w with the writes waiting behind it, then hands the writer on.
func (s *Store) lead(w *groupWrite) error {
	defer s.handOff()
	q := &s.groups
	q.mu.Lock()
	n := min(len(q.waiting), maxGroup-1)
	others := slices.Clone(q.waiting[:n])
	q.waiting = slices.Delete(q.waiting, 0, n)
	q.mu.Unlock()
	if len(others) == 0 {
		return s.run(w.ctx, writeTx, w.fn)
	}
	group := append([]*groupWrite{w}, others...)
	finished := false
	defer func() {
		// Every other write learns its outcome, even when the group
		// ended abnormally (a runtime.Goexit in someone's fn).
		for _, o := range others {
			if !finished && o.err == nil && o.panicked == nil {
				o.err = errors.New("write abandoned: the group it was committed with stopped")
			}
			close(o.done)
		}
	}()
	s.runGroup(group)
	finished = true
	return w.outcome()
}

// runGroup runs every write of group in one transaction, each in its own
// savepoint, and commits what succeeded. The transaction is the group's,
// not any request's: a write whose context ends before its turn is not
// run, and one that has started runs to its end (interrupting a statement
// can roll back the whole transaction, others' work with it).
func (s *Store) runGroup(group []*groupWrite) {
	ctx := context.WithoutCancel(group[0].ctx)
	err := s.run(ctx, writeTx, func(tx *Tx) error {
		tx.grouped = true
		for _, w := range group {
			if err := w.ctx.Err(); err != nil {
				w.err = fmt.Errorf("wait for the writer: %w", err)
				continue
			}
			if _, err := tx.tx.ExecContext(ctx, "SAVEPOINT "+groupSavepoint); err != nil {
				return fmt.Errorf("start a write in its group: %w", err)
			}
			w.panicked, w.err = tx.member(w.fn)
			end := []string{"RELEASE " + groupSavepoint}
			if w.err != nil || w.panicked != nil {
				end = append([]string{"ROLLBACK TO " + groupSavepoint}, end...)
			}
			for _, stmt := range end {
				if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
					// The transaction itself failed (on SQLite some errors
					// roll it back): nothing of the group can commit.
					return fmt.Errorf("end a write in its group: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		for _, w := range group {
			if w.err == nil && w.panicked == nil {
				w.err = err
			}
		}
	}
}

// member runs one write of a group, turning a panic into its outcome so
// that it reaches the write's own goroutine instead of the leader's, with
// its value unchanged (http.ErrAbortHandler must stay itself).
func (t *Tx) member(fn func(*Tx) error) (panicked any, err error) {
	defer func() { panicked = recover() }()
	return nil, fn(t)
}

// outcome is the write's result in its own goroutine: its error, or the
// panic its fn raised.
func (w *groupWrite) outcome() error {
	if w.panicked != nil {
		panic(w.panicked)
	}
	return w.err
}
