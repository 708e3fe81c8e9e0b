// Command portal-bench measures the provider and the reference API side by
// side with their floors, in one run, and prints one Markdown table: each
// figure, the floor it is compared with, their ratio and the target. It never
// asserts times; make bench runs it and .github/PERFORMANCE.md keeps its table.
//
// Floors: a do-nothing terraform-plugin-framework provider with portal_user's
// schema (and terraform_data) for Terraform runs; a bare net/http JSON
// handler on loopback for the API.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) > 1 {
		// The floors run as processes of their own, measured as the API is.
		sub := map[string]func(context.Context, []string) error{bareServerCommand: serveBare, writeFloorCommand: runWriteFloor}[os.Args[1]]
		if sub != nil {
			if err := sub(context.Background(), os.Args[2:]); err != nil {
				fmt.Fprintln(os.Stderr, "portal-bench:", err)
				os.Exit(1)
			}
			return
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portal-bench:", err)
		os.Exit(1)
	}
}

// config is what a run measures, from the command line.
type config struct {
	bin       string // directory holding terraform-provider-portal and portal-api
	terraform string // terraform CLI to drive
	only      string // "terraform", "api" or "" for everything
	resources int    // portal_user resources in a Terraform run
	rounds    int    // interleaved rounds per Terraform comparison
	users     int    // users in the API's portal
	orgs      int    // organizations in the API's portal
	clients   int    // concurrent API clients
	postgres  string // an empty PostgreSQL database, "auto" or "off"
	work      string // scratch directory
	profiles  string // directory for the API's CPU profiles; "" for none
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var c config
	fs := flag.NewFlagSet("portal-bench", flag.ContinueOnError)
	fs.StringVar(&c.bin, "bin", "bin", "directory with terraform-provider-portal and portal-api (make build)")
	fs.StringVar(&c.terraform, "terraform", "terraform", "terraform CLI to drive")
	fs.StringVar(&c.only, "only", "", `measure only "terraform" or "api" (default both)`)
	fs.IntVar(&c.resources, "resources", 1000, "portal_user resources in each Terraform run")
	fs.IntVar(&c.rounds, "rounds", 3, "interleaved rounds of each Terraform comparison (the median is reported)")
	fs.IntVar(&c.users, "users", 50000, "users in the API's portal")
	fs.IntVar(&c.orgs, "orgs", 20000, "organizations in the API's portal")
	fs.IntVar(&c.clients, "clients", 8, "concurrent API clients")
	fs.StringVar(
		&c.postgres,
		"postgres",
		cmp.Or(os.Getenv("PORTAL_BENCH_POSTGRES"), "auto"),
		`an empty PostgreSQL database (postgres:// URL) for the PostgreSQL figures; "auto" starts a throwaway cluster `+
			`from PostgreSQL's binaries (skipped, saying so, without them); "off" skips them`,
	)
	fs.StringVar(
		&c.profiles,
		"cpuprofile",
		"",
		"write the API's CPU profiles under its loads to this directory (api-sqlite.pprof, api-postgres.pprof), for go tool pprof",
	)
	keep := fs.Bool("keep", false, "keep the scratch directory (databases, configurations) for inspection")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch c.only {
	case "", "terraform", "api":
	default:
		return fmt.Errorf(`-only: %q is not a part; use "terraform" or "api"`, c.only)
	}
	work, err := os.MkdirTemp("", "portal-bench")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintln(os.Stderr, "portal-bench: keeping the scratch directory", work)
	} else {
		defer func() { _ = os.RemoveAll(work) }()
	}
	c.work = work

	var t table
	if c.only == "" || c.only == "terraform" {
		if err := terraformFigures(ctx, c, &t); err != nil {
			return fmt.Errorf("terraform figures: %w", err)
		}
	}
	if c.only == "" || c.only == "api" {
		if err := apiFigures(ctx, c, &t); err != nil {
			return fmt.Errorf("API figures: %w", err)
		}
	}
	t.print(out)
	return nil
}

// figure is one row of the table.
type figure struct {
	what   string // what was measured, and how
	value  string // the measured figure
	floor  string // what it is compared with, and that floor's figure; "" for none
	ratio  string // value relative to the floor; "" for none
	target string // what it must reach; "" for a figure that explains others
	met    bool
}

type table struct{ rows []figure }

func (t *table) add(f figure) {
	t.rows = append(t.rows, f)
	// Progress goes to stderr as it comes: a full run takes minutes.
	fmt.Fprintf(os.Stderr, "portal-bench: %s: %s (floor %s) %s\n", f.what, f.value, orDash(f.floor), orDash(f.ratio))
}

func (t *table) print(w io.Writer) {
	_, _ = fmt.Fprintln(w, "| what | figure | floor | ratio | target | met |")
	_, _ = fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	for _, f := range t.rows {
		met := "no"
		switch {
		case f.target == "": // a figure that explains others, with nothing to reach
			met = "—"
		case f.met:
			met = "yes"
		}
		_, _ = fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", f.what, f.value, orDash(f.floor), orDash(f.ratio), orDash(f.target), met)
	}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
