package acctest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop test databases
)

// EnvPostgres names an existing PostgreSQL server for the tests (a URL whose
// user may create databases). Without it the tests start a throwaway cluster
// from the PostgreSQL binaries on PATH.
const EnvPostgres = "PORTAL_TEST_POSTGRES"

// EnvStore set to "postgres" runs every StartAPI on PostgreSQL instead of SQLite.
const EnvStore = "PORTAL_TEST_STORE"

var cluster struct {
	once    sync.Once
	url     string // the server's admin URL
	dir     string // set when this process started the cluster
	pgCtl   string
	runAs   *syscall.Credential
	err     error
	counter atomic.Int64
}

// Main runs a package's tests and then stops the PostgreSQL cluster they
// started, if any. Use it as the package's TestMain. When the tests drive
// OpenTofu, it first prepares the environment for it.
func Main(m *testing.M) {
	prepareForOpenTofu()
	code := m.Run()
	stopCluster()
	os.Exit(code)
}

// stopCluster stops and removes the cluster this process started, if any.
func stopCluster() {
	if cluster.dir != "" {
		stop := exec.CommandContext(
			context.Background(),
			cluster.pgCtl,
			"stop",
			"-D",
			filepath.Join(cluster.dir, "data"),
			"-m",
			"immediate",
			"-s",
		)
		stop.SysProcAttr = &syscall.SysProcAttr{Credential: cluster.runAs}
		_ = stop.Run()
		_ = os.RemoveAll(cluster.dir)
		cluster.dir = ""
	}
}

// ThrowawayPostgres is Postgres for a program that is not a test (make
// bench): it starts a cluster in a temporary directory from the PostgreSQL
// binaries on PATH and returns the URL of an empty database in it, and a
// function that stops the cluster and removes it.
func ThrowawayPostgres(ctx context.Context) (string, func(), error) {
	cluster.once.Do(func() { cluster.err = startCluster() })
	if cluster.err != nil {
		return "", nil, cluster.err
	}
	admin, err := sql.Open("pgx", cluster.url)
	if err != nil {
		stopCluster()
		return "", nil, err
	}
	defer func() { _ = admin.Close() }()
	const name = "portal_bench"
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		stopCluster()
		return "", nil, fmt.Errorf("create a database: %w", err)
	}
	u, err := url.Parse(cluster.url)
	if err != nil {
		stopCluster()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), stopCluster, nil
}

// Postgres creates a fresh, empty database for one test and returns its URL;
// the database is dropped when the test ends. The test is skipped, saying
// why, when no PostgreSQL server can be had.
func Postgres(t testing.TB) string {
	t.Helper()
	cluster.once.Do(func() {
		if u := os.Getenv(EnvPostgres); u != "" {
			cluster.url = u
			return
		}
		cluster.err = startCluster()
	})
	if cluster.err != nil {
		t.Skipf("PostgreSQL is not available (%v); install PostgreSQL's initdb and pg_ctl, or set %s", cluster.err, EnvPostgres)
	}
	admin, err := sql.Open("pgx", cluster.url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = admin.Close() }()
	name := fmt.Sprintf("portal_test_%d_%d", os.Getpid(), cluster.counter.Add(1))
	if _, err := admin.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", cluster.url)
		if err == nil {
			_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") // t.Context() has ended
			_ = db.Close()
		}
	})
	u, err := url.Parse(cluster.url)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// startCluster initialises and starts a cluster in a temporary directory,
// listening on a Unix socket only. PostgreSQL refuses to run as root, so as
// root it runs as the postgres (or nobody) account.
func startCluster() error {
	initdb, err := pgBinary("initdb")
	if err != nil {
		return err
	}
	if cluster.pgCtl, err = pgBinary("pg_ctl"); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "portal-pg-")
	if err != nil {
		return err
	}
	cluster.dir = dir
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			if u, err = user.Lookup("nobody"); err != nil {
				return fmt.Errorf("running as root and no postgres or nobody account: %w", err)
			}
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cluster.runAs = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil { // the account above must reach it
		return err
	}
	data := filepath.Join(dir, "data")
	run := func(name string, args ...string) error {
		cmd := exec.CommandContext(context.Background(), name, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cluster.runAs}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %w: %s", filepath.Base(name), err, out)
		}
		return nil
	}
	if err := run(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		return err
	}
	opts := fmt.Sprintf(
		"-k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
		dir,
	)
	if err := run(cluster.pgCtl, "start", "-D", data, "-w", "-s", "-l", filepath.Join(dir, "log"), "-o", opts); err != nil {
		return err
	}
	cluster.url = "postgres://postgres@/postgres?host=" + url.QueryEscape(dir) + "&sslmode=disable"
	return nil
}

// pgBinary finds a PostgreSQL program on PATH or in Debian's versioned directories.
func pgBinary(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1], nil
	}
	return "", fmt.Errorf("%s not found", name)
}
