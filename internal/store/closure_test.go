package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestMain stops the PostgreSQL cluster the tests may have started.
func TestMain(m *testing.M) { acctest.Main(m) }

// openBoth opens a fresh store, with a plain connection to the same database
// for checks: SQLite, or PostgreSQL under PORTAL_TEST_STORE=postgres.
func openBoth(t *testing.T) (st *store.Store, raw *sql.DB, dsn string) {
	t.Helper()
	driver := "sqlite"
	dsn = filepath.Join(t.TempDir(), "portal.db")
	if os.Getenv(acctest.EnvStore) == "postgres" {
		driver, dsn = "pgx", acctest.Postgres(t)
	}
	st, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	raw, err = sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close(); _ = st.Close() })
	return st, raw, dsn
}

// rows returns the closure table and what a recursive walk of parent_id
// says it should be, each as sorted "ancestor>descendant@depth" lines.
func closureVsParents(t *testing.T, raw *sql.DB) (got, want []string) {
	t.Helper()
	read := func(q string) []string {
		rs, err := raw.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = rs.Close() }()
		var out []string
		for rs.Next() {
			var a, d string
			var n int
			if err := rs.Scan(&a, &d, &n); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s>%s@%d", a, d, n))
		}
		slices.Sort(out)
		return out
	}
	got = read("SELECT ancestor_id, descendant_id, depth FROM organization_closure")
	want = read(`WITH RECURSIVE pairs (ancestor_id, descendant_id, depth) AS (
			SELECT id, id, 0 FROM organizations
			UNION ALL
			SELECT pairs.ancestor_id, o.id, pairs.depth + 1 FROM pairs JOIN organizations o ON o.parent_id = pairs.descendant_id)
		SELECT ancestor_id, descendant_id, depth FROM pairs`)
	return got, want
}

func checkClosure(t *testing.T, raw *sql.DB, when string) {
	t.Helper()
	got, want := closureVsParents(t, raw)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: closure table (%d rows) differs from the parent links (%d pairs)\n got: %v\nwant: %v", when, len(got), len(want), got, want)
	}
}

type randomTree struct {
	st      *store.Store
	rng     *rand.Rand
	ids     []string
	parent  map[string]string
	version map[string]int64
}

func (r *randomTree) org(id, parent string) domain.Organization {
	now := time.Now().UTC()
	o := domain.Organization{Meta: domain.Meta{ID: id, Version: r.version[id], CreatedAt: now, UpdatedAt: now},
		Name: id, Kind: domain.KindPartner, Enabled: true}
	if parent != "" {
		o.ParentID = &parent
	}
	return o
}

func (r *randomTree) write(t *testing.T, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := r.st.Write(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func (r *randomTree) subtree(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, c := range r.ids {
			if r.parent[c] == out[i] {
				out = append(out, c)
			}
		}
	}
	return out
}

// TestClosureFollowsInsertMoveDelete builds a random tree, moves random
// subtrees and deletes random leaves, and checks after each step that the
// closure table is exactly what the parent links imply, and that the
// store's lookups agree with it.
func TestClosureFollowsInsertMoveDelete(t *testing.T) {
	st, raw, _ := openBoth(t)
	r := &randomTree{st: st, rng: rand.New(rand.NewPCG(1, 2)), parent: map[string]string{}, version: map[string]int64{}}
	r.write(t, func(ctx context.Context, tx *store.Tx) error {
		for i := range 120 {
			id := fmt.Sprintf("org%03d", i)
			parent := ""
			if i > 0 {
				parent = r.ids[r.rng.IntN(len(r.ids))]
			}
			r.version[id] = 1
			if err := tx.InsertOrg(ctx, r.org(id, parent)); err != nil {
				return err
			}
			r.ids = append(r.ids, id)
			r.parent[id] = parent
		}
		return nil
	})
	checkClosure(t, raw, "after inserts")

	for step := range 40 {
		id := r.ids[1+r.rng.IntN(len(r.ids)-1)]
		sub := r.subtree(id)
		var to string
		for to == "" || slices.Contains(sub, to) {
			to = r.ids[r.rng.IntN(len(r.ids))]
		}
		r.write(t, func(ctx context.Context, tx *store.Tx) error {
			below, err := tx.IsAncestorOrSelf(ctx, id, to)
			if err != nil || below {
				return fmt.Errorf("IsAncestorOrSelf(%s, %s) = %v, %w; want false", id, to, below, err)
			}
			before, err := tx.GetOrg(ctx, id)
			if err != nil {
				return err
			}
			r.version[id]++
			return tx.UpdateOrg(ctx, before, r.org(id, to))
		})
		r.parent[id] = to
		checkClosure(t, raw, fmt.Sprintf("after move %d (%s under %s)", step, id, to))
	}

	// The store's lookups against the model.
	err := st.Read(t.Context(), func(tx *store.Tx) error {
		ctx := t.Context()
		lines, err := tx.OrgLineages(ctx, append(slices.Clone(r.ids), "missing"))
		if err != nil {
			return err
		}
		if _, ok := lines["missing"]; ok {
			t.Error("lineage of a missing organization")
		}
		for _, id := range r.ids {
			var want []string
			for n := id; n != ""; n = r.parent[n] {
				want = append(want, n)
			}
			var got []string
			for _, n := range lines[id] {
				got = append(got, n.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("lineage of %s = %v, want %v", id, got, want)
			}
			sub, err := tx.OrgSubtree(ctx, id)
			if err != nil {
				return err
			}
			wantSub := r.subtree(id)
			if sub[0] != id || !sameSet(sub, wantSub) {
				t.Errorf("subtree of %s = %v, want %v", id, sub, wantSub)
			}
			depth, height, err := tx.OrgDepth(ctx, id)
			if err != nil {
				return err
			}
			if depth != len(want)-1 {
				t.Errorf("depth of %s = %d, want %d", id, depth, len(want)-1)
			}
			if height < 0 || (len(wantSub) == 1) != (height == 0) {
				t.Errorf("height of %s = %d with subtree %v", id, height, wantSub)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	for step := range 30 {
		var leaves []string
		for _, id := range r.ids[1:] {
			if len(r.subtree(id)) == 1 {
				leaves = append(leaves, id)
			}
		}
		id := leaves[r.rng.IntN(len(leaves))]
		r.write(t, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteOrg(ctx, id) })
		r.ids = slices.DeleteFunc(r.ids, func(x string) bool { return x == id })
		delete(r.parent, id)
		checkClosure(t, raw, fmt.Sprintf("after delete %d (%s)", step, id))
	}
}

// TestClosureMigrationBackfills drops the closure table and reapplies its
// migration (and the later ones) over an existing tree.
func TestClosureMigrationBackfills(t *testing.T) {
	st, raw, dsn := openBoth(t)
	r := &randomTree{st: st, rng: rand.New(rand.NewPCG(3, 4)), parent: map[string]string{}, version: map[string]int64{}}
	r.write(t, func(ctx context.Context, tx *store.Tx) error {
		for i := range 60 {
			id := fmt.Sprintf("org%03d", i)
			parent := ""
			if i > 0 {
				parent = r.ids[r.rng.IntN(len(r.ids))]
			}
			if err := tx.InsertOrg(ctx, r.org(id, parent)); err != nil {
				return err
			}
			r.ids = append(r.ids, id)
		}
		return nil
	})
	// Back to version 5, before the closure table: the migrations after it
	// are undone too, whatever they are.
	if err := st.MigrateDownTo(t.Context(), 5); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	st2, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st2.Close() }()
	got, want := closureVsParents(t, raw)
	if len(want) < 60 || !slices.Equal(got, want) {
		t.Fatalf("backfilled closure differs from the parent links:\n got: %v\nwant: %v", strings.Join(got, " "), strings.Join(want, " "))
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestSubtreeScopeNarrowAndBroad: a list scoped to subtrees answers the
// same whether the scope is small (listed from the closure table) or large
// (checked per row), page after page.
func TestSubtreeScopeNarrowAndBroad(t *testing.T) {
	st, _, _ := openBoth(t)
	r := &randomTree{st: st, rng: rand.New(rand.NewPCG(5, 6)), parent: map[string]string{}, version: map[string]int64{}}
	home := map[string]string{} // user → organization
	r.write(t, func(ctx context.Context, tx *store.Tx) error {
		for i := range 700 {
			id := fmt.Sprintf("org%03d", i)
			parent := ""
			switch {
			case i == 0:
			case i < 8:
				parent = "org000"
			default:
				parent = fmt.Sprintf("org%03d", 1+i%7)
			}
			r.version[id] = 1
			if err := tx.InsertOrg(ctx, r.org(id, parent)); err != nil {
				return err
			}
			r.ids = append(r.ids, id)
			r.parent[id] = parent
			if i%3 == 0 {
				now := time.Now().UTC()
				u := domain.User{
					User: wire.User{
						Meta:           domain.Meta{ID: "usr" + id, Version: 1, CreatedAt: now, UpdatedAt: now},
						Email:          id + "@example.com",
						FirstName:      "F",
						LastName:       "L",
						OrganizationID: id,
						Enabled:        true,
					},
				}
				if err := tx.InsertUser(ctx, u); err != nil {
					return err
				}
				home[u.ID] = id
			}
		}
		return nil
	})
	for _, roots := range [][]string{{"org000"}, {"org001"}, {"org002", "org005"}, {"org100"}, {"org001", "org000"}, {}} {
		in := map[string]bool{}
		for _, root := range roots {
			for _, id := range r.subtree(root) {
				in[id] = true
			}
		}
		var want []string
		for u, org := range home {
			if in[org] {
				want = append(want, u)
			}
		}
		slices.Sort(want)
		got := listAll(t, st, domain.UserFilter{WithinSubtrees: roots}, 37)
		if !slices.Equal(got, want) {
			t.Errorf("users within %v: %d users, want %d", roots, len(got), len(want))
		}
	}
	// Neither scope given: nothing, never everything.
	err := st.Read(t.Context(), func(tx *store.Tx) error {
		items, _, err := tx.ListUsers(t.Context(), domain.UserFilter{}, domain.Page{Limit: 10})
		if err == nil && len(items) != 0 {
			t.Errorf("an unscoped list returned %d users", len(items))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDryRunStopsAtTheFirstWrite: in a dry run every write answers
// ErrWouldWrite, unchanged by the typed writers' error mapping, and nothing
// is written.
func TestDryRunStopsAtTheFirstWrite(t *testing.T) {
	st, _, _ := openBoth(t)
	r := &randomTree{st: st, parent: map[string]string{}, version: map[string]int64{"root": 1, "child": 1}}
	r.write(t, func(ctx context.Context, tx *store.Tx) error { return tx.InsertOrg(ctx, r.org("root", "")) })
	ctx := t.Context()
	err := st.DryRun(ctx, func(tx *store.Tx) error {
		if _, err := tx.GetOrg(ctx, "root"); err != nil {
			return fmt.Errorf("a read failed in a dry run: %w", err)
		}
		for name, err := range map[string]error{
			"insert": tx.InsertOrg(ctx, r.org("child", "root")),
			"update": tx.UpdateOrg(
				ctx,
				r.org("root", ""),
				domain.Organization{Meta: domain.Meta{ID: "root", Version: 2, UpdatedAt: time.Now()}, Name: "renamed", Enabled: true},
			),
			"delete": tx.DeleteOrg(ctx, "root"),
		} {
			if !errors.Is(err, store.ErrWouldWrite) {
				t.Errorf("%s in a dry run: %v, want ErrWouldWrite", name, err)
			}
		}
		return tx.InsertOrg(ctx, r.org("child", "root"))
	})
	if !errors.Is(err, store.ErrWouldWrite) {
		t.Fatalf("dry run: %v", err)
	}
	err = st.Read(ctx, func(tx *store.Tx) error {
		if _, err := tx.GetOrg(ctx, "child"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a dry run wrote: %v", err)
		}
		o, err := tx.GetOrg(ctx, "root")
		if err != nil || o.Name != "root" {
			t.Errorf("a dry run changed root: %+v %v", o, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
