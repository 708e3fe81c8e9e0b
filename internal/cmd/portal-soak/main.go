// Command portal-soak is a bounded load run: it starts the reference API on a
// loopback port with a fresh SQLite database (or on an empty PostgreSQL
// database, as several replicas), drives it with mixed reads and writes from
// several workers for a fixed time, reports throughput and p50/p99 latency
// per operation, and exits non-zero on any 5xx.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

const token = "ptk_soak-run-bootstrap-token-000000000000000"

func main() {
	duration := flag.Duration("duration", 20*time.Second, "how long to drive load")
	workers := flag.Int("workers", 16, "concurrent clients")
	db := flag.String("db", "", "an empty PostgreSQL database (postgres:// URL) to use instead of a fresh SQLite file")
	replicas := flag.Int("replicas", 1, "API servers sharing the database; the workers spread over them")
	flag.Parse()
	if err := run(*duration, *workers, *db, *replicas); err != nil {
		fmt.Fprintln(os.Stderr, "portal-soak:", err)
		os.Exit(1)
	}
}

type sample struct {
	op     string
	took   time.Duration
	status int
}

func run(duration time.Duration, workers int, db string, replicas int) error {
	if db == "" {
		dir, err := os.MkdirTemp("", "portal-soak")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		db = filepath.Join(dir, "soak.db")
	}
	var bases []string
	var rootID string
	for range max(replicas, 1) {
		base, root, stop, err := serve(db)
		if err != nil {
			return err
		}
		defer stop()
		bases, rootID = append(bases, base), root
	}

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	call := func(base, method, path string, body any) (int, map[string]any, time.Duration) {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(context.Background(), method, base+path, rd)
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		start := time.Now()
		resp, err := client.Do(req)
		took := time.Since(start)
		if err != nil {
			return 599, nil, took
		}
		defer func() { _ = resp.Body.Close() }()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m, took
	}

	var (
		mu      sync.Mutex
		samples []sample
		seq     atomic.Int64
		wg      sync.WaitGroup
	)
	deadline := time.Now().Add(duration)
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			base := bases[w%len(bases)]
			call := func(method, path string, body any) (int, map[string]any, time.Duration) {
				return call(base, method, path, body)
			}
			var orgs, users []string
			record := func(op string, status int, took time.Duration) {
				mu.Lock()
				samples = append(samples, sample{op, took, status})
				mu.Unlock()
			}
			for time.Now().Before(deadline) {
				n := seq.Add(1)
				switch x := rng.IntN(100); {
				case x < 10 || len(orgs) == 0:
					status, m, took := call(
						"POST",
						"/v1/organizations",
						map[string]any{"name": fmt.Sprintf("Org %d", n), "kind": "client", "parent_id": rootID},
					)
					record("create organization", status, took)
					if id, ok := m["id"].(string); ok {
						orgs = append(orgs, id)
					}
				case x < 30 || len(users) == 0:
					status, m, took := call(
						"POST",
						"/v1/users",
						map[string]any{"email": fmt.Sprintf("u%d@soak.test", n), "first_name": "Soak", "last_name": "User",
							"organization_id": orgs[rng.IntN(len(orgs))], "send_invitation": n%2 == 0},
					)
					record("create user", status, took)
					if id, ok := m["id"].(string); ok {
						users = append(users, id)
					}
				case x < 40:
					status, _, took := call("PATCH", "/v1/users/"+users[rng.IntN(len(users))], map[string]any{"enabled": rng.IntN(2) == 0})
					record("update user", status, took)
				case x < 65:
					status, _, took := call("GET", "/v1/users/"+users[rng.IntN(len(users))], nil)
					record("read user", status, took)
				case x < 85:
					status, _, took := call("GET", "/v1/users?limit=50&organization_id="+orgs[rng.IntN(len(orgs))], nil)
					record("list users", status, took)
				default:
					status, _, took := call("GET", "/v1/organizations/"+orgs[rng.IntN(len(orgs))], nil)
					record("read organization", status, took)
				}
			}
		})
	}
	wg.Wait()
	return report(samples, duration, workers, len(bases))
}

// serve starts one API server on db on a loopback port; the first one on an
// empty database bootstraps it.
func serve(db string) (base, rootID string, stop func(), err error) {
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		return "", "", nil, err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0") // loopback only
	if err != nil {
		_ = st.Close()
		return "", "", nil, err
	}
	base = "http://" + ln.Addr().String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := service.New(st, base, log)
	boot, err := svc.Bootstrap(ctx, service.BootstrapConfig{RootName: "Soak Root", AdminEmail: "admin@soak.test", Token: token})
	if err != nil {
		_ = st.Close()
		return "", "", nil, err
	}
	srv := &http.Server{Handler: api.New(svc, log, api.Options{RateLimit: 1e6, RateBurst: 1e6}).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return base, boot.RootID, func() { _ = srv.Close(); _ = st.Close() }, nil
}

func report(samples []sample, duration time.Duration, workers, replicas int) error {
	byOp := map[string][]time.Duration{}
	var fivexx, other4xx int
	for _, s := range samples {
		byOp[s.op] = append(byOp[s.op], s.took)
		switch {
		case s.status >= 500:
			fivexx++
		case s.status >= 400:
			other4xx++
		}
	}
	all := make([]time.Duration, 0, len(samples))
	fmt.Printf("soak: %d requests from %d workers to %d API server(s) in %s on loopback: %.0f requests/s\n",
		len(samples), workers, replicas, duration, float64(len(samples))/duration.Seconds())
	ops := make([]string, 0, len(byOp))
	for op := range byOp {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		d := byOp[op]
		all = append(all, d...)
		p50, p99 := percentiles(d)
		fmt.Printf("  %-20s %6d  p50 %8s  p99 %8s\n", op, len(d), p50, p99)
	}
	p50, p99 := percentiles(all)
	fmt.Printf("  %-20s %6d  p50 %8s  p99 %8s\n", "all", len(all), p50, p99)
	fmt.Printf("  5xx: %d, other 4xx: %d\n", fivexx, other4xx)
	if fivexx > 0 {
		return fmt.Errorf("%d requests answered 5xx", fivexx)
	}
	if len(samples) == 0 {
		return fmt.Errorf("no request completed")
	}
	return nil
}

func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) time.Duration {
		return s[min(len(s)-1, int(p*float64(len(s))))].Round(10 * time.Microsecond)
	}
	return at(0.50), at(0.99)
}
