package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// postgresFigures measures GETs and list pages on PostgreSQL: with one pool
// serving every request, connection churn shows first in the tail.
func postgresFigures(ctx context.Context, c config, t *table, bare *server) error {
	dsn := c.postgres
	switch dsn {
	case "off":
		return nil
	case "auto":
		var stop func()
		var err error
		if dsn, stop, err = acctest.ThrowawayPostgres(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "portal-bench: skipping the PostgreSQL figures:", err)
			return nil
		}
		defer stop()
	}
	p, err := seed(ctx, dsn, c.orgs, c.users)
	if err != nil {
		return err
	}
	api, err := startAPI(ctx, c, "postgres", dsn)
	if err != nil {
		return err
	}
	defer api.stop()
	scale := fmt.Sprintf(" (%d users, %d organizations, PostgreSQL, %d clients, median of %d rounds)", c.users, c.orgs, c.clients, rounds)
	get, base, err := driveBeside(ctx, api, bare, c.clients, func(int, int) request {
		return request{method: http.MethodGet, path: "/v1/users/" + p.target, token: rootToken}
	}, bareGet, byP99)
	if err != nil {
		return err
	}
	t.add(figure{what: "GET user: p99 latency" + scale, value: millis(get.quantile(0.99)) + ", p50 " + millis(get.quantile(0.5)),
		floor: "bare handler p99 " + millis(base.quantile(0.99)), target: "p99 ≤ 20 ms", met: get.quantile(0.99) <= 20*time.Millisecond})
	list, err := driveRounds(ctx, api, c.clients, func(int, int) request {
		return request{method: http.MethodGet, path: "/v1/users?limit=100", token: rootToken}
	}, byP50)
	if err != nil {
		return err
	}
	// The 5 ms target is SQLite's; on PostgreSQL only the GET tail above has
	// one, and this figure shows what a page costs there.
	t.add(
		figure{
			what:  "list users, page of 100, root admin: p50 latency" + scale,
			value: millis(list.quantile(0.5)) + ", p99 " + millis(list.quantile(0.99)),
		},
	)
	return nil
}
