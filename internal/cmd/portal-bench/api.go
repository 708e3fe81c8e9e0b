package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// loadTime is how long each load runs.
const loadTime = 3 * time.Second

// apiFigures measures the API on SQLite (and PostgreSQL when given) beside a
// bare net/http handler, with c.clients concurrent clients on loopback.
func apiFigures(ctx context.Context, c config, t *table) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bareAddr := filepath.Join(c.work, "bare.addr")
	bare, err := startServer(ctx, bareAddr, nil, self, bareServerCommand, bareAddr)
	if err != nil {
		return fmt.Errorf("start the bare handler: %w", err)
	}
	defer bare.stop()
	if err := sqliteFigures(ctx, c, t, bare); err != nil {
		return err
	}
	return postgresFigures(ctx, c, t, bare)
}

// The bare handler's loads: a GET, and a POST of a small body.
var (
	bareGet  load = func(int, int) request { return request{method: http.MethodGet, path: "/v1/users/x"} }
	barePost load = func(int, int) request {
		return request{method: http.MethodPost, path: "/v1/users", body: []byte(`{"first_name":"Bench","last_name":"Floor"}`)}
	}
)

// cpuFigure is a figure of CPU per request beside the bare handler's, which
// must stay within 3× of it.
func cpuFigure(what string, got, base loadResult, extra string) figure {
	x := float64(got.cpuPerRequest()) / float64(base.cpuPerRequest())
	return figure{what: what + ": CPU per request", value: micros(got.cpuPerRequest()) + extra,
		floor: "bare handler " + micros(base.cpuPerRequest()) + fmt.Sprintf(", %.0f req/s", base.perSecond()),
		ratio: ratio(float64(got.cpuPerRequest()), float64(base.cpuPerRequest())), target: "≤ 3×", met: x <= 3}
}

// benchSecretKey seals TOTP secrets for every replica of a run (base64 of 32 bytes).
const benchSecretKey = "9Th7OrLAhMhdPPREddBFUO9eZ2+dH7CxRiS5/IsitsY="

func startAPI(ctx context.Context, c config, name, dsn string) (*server, error) {
	addr := filepath.Join(c.work, name+".addr")
	// Rate limits off: the load is the benchmark's, not a runaway client's.
	args := []string{"serve", "-addr", "127.0.0.1:0", "-addr-file", addr, "-db", dsn, "-rate-limit", "0"}
	if c.profiles != "" {
		profile, err := filepath.Abs(filepath.Join(c.profiles, "api-"+name+".pprof"))
		if err != nil {
			return nil, err
		}
		args = append(args, "-cpu-profile", profile)
	}
	return startServer(
		ctx,
		addr,
		[]string{"PORTAL_BOOTSTRAP_TOKEN=" + rootToken, "PORTAL_SECRET_KEY=" + benchSecretKey},
		filepath.Join(c.bin, "portal-api"),
		args...)
}

func sqliteFigures(ctx context.Context, c config, t *table, bare *server) error {
	dsn := filepath.Join(c.work, "figures.db") // not api.db: the Terraform figures' API has that one
	p, err := seed(ctx, dsn, c.orgs, c.users)
	if err != nil {
		return err
	}
	api, err := startAPI(ctx, c, "sqlite", dsn)
	if err != nil {
		return err
	}
	defer api.stop()
	scale := fmt.Sprintf(" (%d users, %d organizations, SQLite, %d clients, median of %d rounds)", c.users, c.orgs, c.clients, rounds)

	get, base, err := driveBeside(ctx, api, bare, c.clients, func(int, int) request {
		return request{method: http.MethodGet, path: "/v1/users/" + p.target, token: rootToken}
	}, bareGet, byCPU)
	if err != nil {
		return err
	}
	t.add(cpuFigure("GET user"+scale, get, base, fmt.Sprintf(", %.0f req/s", get.perSecond())))

	for _, who := range []struct{ name, token string }{{"root admin", rootToken}, {"client admin", p.clientToken}} {
		list, err := driveRounds(ctx, api, c.clients, func(int, int) request {
			return request{method: http.MethodGet, path: "/v1/users?limit=100", token: who.token}
		}, byP50)
		if err != nil {
			return err
		}
		t.add(
			figure{
				what:   "list users, page of 100, " + who.name + ": p50 latency" + scale,
				value:  millis(list.quantile(0.5)) + ", p99 " + millis(list.quantile(0.99)) + ", " + micros(list.cpuPerRequest()) + " CPU",
				target: "p50 ≤ 5 ms",
				met:    list.quantile(0.5) <= 5*time.Millisecond,
			},
		)
	}

	if err := pageThrough(ctx, t, api, p.users); err != nil {
		return err
	}
	if err := csvExport(ctx, t, api, p); err != nil {
		return err
	}
	base, err = writeFigures(ctx, c, t, api, bare, p, scale)
	if err != nil {
		return err
	}
	return writeFloorFigure(ctx, t, dsn, p, c.clients, base)
}

// pageThrough reads every user, 200 a page, as a client working through the
// portal would, then reads the API's resident memory.
func pageThrough(ctx context.Context, t *table, api *server, users int) error {
	hc := newHTTPClient(1)
	defer hc.CloseIdleConnections()
	n, token := 0, ""
	start := time.Now()
	for {
		path := "/v1/users?limit=200"
		if token != "" {
			path += "&page_token=" + url.QueryEscape(token)
		}
		b, err := call(ctx, hc, api.base, request{method: http.MethodGet, path: path, token: rootToken})
		if err != nil {
			return err
		}
		var page struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next_page_token"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return err
		}
		n += len(page.Items)
		if token = page.Next; token == "" {
			break
		}
	}
	took := time.Since(start)
	mem, err := readMemory(api.pid())
	if err != nil {
		return err
	}
	if n != users {
		return fmt.Errorf("paging through the users read %d of %d", n, users)
	}
	t.add(
		figure{
			what:   fmt.Sprintf("API resident memory after paging through %d users (%.1f s)", n, took.Seconds()),
			value:  mebibytes(mem.rss) + ", peak " + mebibytes(mem.peak),
			target: "≤ 64 MB",
			met:    mem.rss <= 64<<20,
		},
	)
	return nil
}

// csvExport times an export of every user and watches the API's memory
// while it runs; an export of one partner's users is the reference, since
// streamed memory must not grow with the row count.
func csvExport(ctx context.Context, t *table, api *server, p portal) error {
	export := func(path string) (time.Duration, int64, error) {
		hc := newHTTPClient(1)
		defer hc.CloseIdleConnections()
		before, err := readMemory(api.pid())
		if err != nil {
			return 0, 0, err
		}
		var peak atomic.Int64
		done := make(chan struct{})
		go func() {
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				if m, err := readMemory(api.pid()); err == nil && m.rss > peak.Load() {
					peak.Store(m.rss)
				}
				select {
				case <-done:
					return
				case <-tick.C:
				}
			}
		}()
		start := time.Now()
		_, err = call(ctx, hc, api.base, request{method: http.MethodGet, path: path, token: rootToken, accept: "text/csv"})
		took := time.Since(start)
		close(done)
		return took, max(0, peak.Load()-before.rss), err
	}
	_, small, err := export("/v1/users?include_descendants=true&organization_id=" + p.partnerOrg)
	if err != nil {
		return err
	}
	took, grew, err := export("/v1/users")
	if err != nil {
		return err
	}
	t.add(
		figure{
			what:  fmt.Sprintf("CSV export of all %d users: time, and growth of the API's memory during it", p.users),
			value: fmt.Sprintf("%.2f s, +%s", took.Seconds(), mebibytes(grew)),
			floor: "one partner's export: +" + mebibytes(
				small,
			),
			target: "≤ 2 s; memory not growing with rows (≤ floor + 8 MB)",
			met:    took <= 2*time.Second && grew <= small+8<<20,
		},
	)
	return nil
}

// writeFigures creates and patches users, and returns the bare handler's
// median round of POSTs beside them.
func writeFigures(ctx context.Context, c config, t *table, api, bare *server, p portal, scale string) (loadResult, error) {
	run, seq := time.Now().UnixNano(), atomic.Int64{}
	create, base, err := driveBeside(ctx, api, bare, c.clients, func(int, int) request {
		body := fmt.Sprintf(
			`{"email":"w%d-%d@load.bench.example","first_name":"Load","last_name":"User","organization_id":%q,"send_invitation":false}`,
			run,
			seq.Add(1),
			p.clientOrg,
		)
		return request{method: http.MethodPost, path: "/v1/users", token: rootToken, body: []byte(body), want: http.StatusCreated}
	}, barePost, byCPU)
	if err != nil {
		return base, err
	}
	t.add(cpuFigure("create user"+scale, create, base, ""))
	t.add(
		figure{
			what:   "create user: writes per second" + scale,
			value:  fmt.Sprintf("%.0f/s, p99 %s", create.perSecond(), millis(create.quantile(0.99))),
			target: "≥ 1,000/s",
			met:    create.perSecond() >= 1000,
		},
	)

	patch, base, err := driveBeside(ctx, api, bare, c.clients, func(w, i int) request {
		return request{
			method: http.MethodPatch,
			path:   "/v1/users/" + patchTarget(p, w),
			token:  rootToken,
			body:   fmt.Appendf(nil, `{"first_name":"Patched %d"}`, i),
		}
	}, barePost, byCPU)
	if err != nil {
		return base, err
	}
	t.add(cpuFigure("PATCH user"+scale, patch, base, fmt.Sprintf(", %.0f/s", patch.perSecond())))
	return base, nil
}

// writeFloorFigure measures the write floor (see writeFloorCommand) on the
// same database, once the API's loads are over: one write per transaction,
// and eight (as many as the clients, the most group commit could gather).
func writeFloorFigure(ctx context.Context, t *table, dsn string, p portal, clients int, base loadResult) error {
	bare := base.cpuPerRequest()
	for _, group := range []int{1, clients} {
		var runs []time.Duration
		for range rounds {
			floor, err := measureWriteFloor(ctx, dsn, patchTarget(p, 0), group)
			if err != nil {
				return err
			}
			runs = append(runs, floor)
		}
		floor := median(runs)
		how := "one write per transaction"
		if group > 1 {
			how = fmt.Sprintf("%d writes per transaction, each in a savepoint", group)
		}
		t.add(
			figure{
				what: fmt.Sprintf(
					"write floor: SQLite updating a user and inserting its audit event, committed (the API's driver and pragmas, %s, no HTTP; median of "+
						"%d runs): CPU per write",
					how,
					rounds,
				),
				value: micros(floor) + fmt.Sprintf("; with the bare handler %s", micros(bare+floor)),
				floor: "bare handler " + micros(bare),
				ratio: ratio(float64(floor), float64(bare)) + fmt.Sprintf("; %s with it", ratio(float64(bare+floor), float64(bare))),
			},
		)
	}
	return nil
}

// patchTarget gives each worker its own user, so that PATCHes measure the
// write path rather than conflicts on one row.
func patchTarget(p portal, worker int) string { return p.clientUsers[1+worker%(len(p.clientUsers)-1)] }
