package mailer

import (
	"context"
	"fmt"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestMain stops the PostgreSQL cluster the tests may have started.
func TestMain(m *testing.M) { acctest.Main(m) }

// TestTwoProcessesDeliverEachMessageOnce drains one outbox with two mailers,
// each over its own store (as two API processes on one database would), and
// counts what the relay received: every message exactly once.
func TestTwoProcessesDeliverEachMessageOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "mail.db")
		testTwoProcesses(t, path)
	})
	t.Run("postgres", func(t *testing.T) { testTwoProcesses(t, acctest.Postgres(t)) })
}

func testTwoProcesses(t *testing.T, dsn string) {
	const n = 300
	stores := make([]*store.Store, 2)
	for i := range stores {
		st, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		stores[i] = st
	}
	want := map[string]bool{}
	if err := stores[0].Write(t.Context(), func(tx *store.Tx) error {
		for i := range n {
			msg := domain.OutboxMessage{ID: domain.NewID("msg"), To: fmt.Sprintf("u%03d@example.com", i), Subject: "Set up your portal account",
				Body: "Set up: http://portal.test/account/setup?token=pset_" + fmt.Sprint(i) + "\n", CreatedAt: time.Now()}
			want[msg.ID] = true
			if err := tx.InsertOutbox(t.Context(), msg); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	r := acctest.StartSMTPRelay(t)
	var wg sync.WaitGroup
	errs := make(chan error, len(stores))
	for i, st := range stores {
		// Each process signs with its own sender, to show how they shared the work.
		m := New(st, Config{Addr: r.Addr, From: fmt.Sprintf("portal-%d@msp.example", i)}, quiet)
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			for ctx.Err() == nil {
				if err := m.DeliverPending(ctx); err != nil {
					errs <- err
					return
				}
				var left int
				if err := st.Read(ctx, func(tx *store.Tx) error {
					msgs, err := tx.UnsentOutbox(ctx, 1)
					left = len(msgs)
					return err
				}); err != nil {
					errs <- err
					return
				}
				if left == 0 {
					return
				}
			}
			errs <- ctx.Err()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	seen, by := map[string]int{}, map[string]int{}
	for _, got := range r.Messages() {
		by[got.From]++
		parsed, err := mail.ReadMessage(strings.NewReader(got.Data))
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(parsed.Header.Get("Message-ID"), "<"), "@msp.example>")
		seen[id]++
	}
	dups, missing := 0, 0
	for id := range want {
		switch c := seen[id]; {
		case c == 0:
			missing++
		case c > 1:
			dups += c - 1
		}
	}
	t.Logf("%d messages, %d deliveries (by sender %v), %d duplicates, %d missing", n, len(r.Messages()), by, dups, missing)
	if dups != 0 || missing != 0 || len(r.Messages()) != n {
		t.Fatalf("want each of %d messages delivered once: %d deliveries, %d duplicates, %d missing", n, len(r.Messages()), dups, missing)
	}
}
