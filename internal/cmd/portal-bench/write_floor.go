package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"

	_ "modernc.org/sqlite" // the API's SQLite driver, for the write floor
)

// writeFloorCommand makes the benchmark binary measure the write floor: the
// least one durable write of a user costs on the API's SQLite driver, with
// the API's pragmas, in a process of its own. It is what any SQLite-backed
// implementation of PATCH pays besides HTTP: one transaction that updates
// the user's row and records its audit event, and its commit. Nothing else
// (no authentication, no authorization, no reading the row first, no dry
// run), so the API's figure over "bare handler + write floor" is what the
// API's own rules cost.
const writeFloorCommand = "write-floor"

// measureWriteFloor runs the write floor on the database at path against
// user for loadTime, group writes to a transaction (each in a savepoint, as
// the API's group commit runs them, when more than one), and returns its CPU
// per write.
func measureWriteFloor(ctx context.Context, path, user string, group int) (time.Duration, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, self, writeFloorCommand, path, user, strconv.Itoa(group))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("write floor: %w: %s", err, stderr.Bytes())
	}
	ns, err := strconv.ParseInt(string(out), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("write floor: unexpected output %q", out)
	}
	return time.Duration(ns), nil
}

// runWriteFloor is the write-floor process: it prints its CPU time per
// write, in nanoseconds.
func runWriteFloor(ctx context.Context, args []string) error {
	if len(args) != 3 {
		return errors.New("usage: portal-bench write-floor <database file> <user id> <writes per transaction>")
	}
	group, err := strconv.Atoi(args[2])
	if err != nil || group < 1 {
		return fmt.Errorf("writes per transaction: %q is not a positive number", args[2])
	}
	// The API's pragmas (internal/store), on one connection: the writer's.
	dsn := "file:" + (&url.URL{Path: args[0]}).EscapedPath() + "?" + store.SQLitePragmas + "&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	db.SetMaxOpenConns(1)
	update, err := db.PrepareContext(ctx, "UPDATE users SET version = version + 1, updated_at = ?, first_name = ? WHERE id = ?")
	if err != nil {
		return err
	}
	audit, err := db.PrepareContext(
		ctx,
		`INSERT INTO audit_events (id, at, actor_user_id, action, object_type, object_id, organization_id, before_json, after_json)
		VALUES (?, ?, NULL, 'user.update', 'user', ?, NULL, ?, ?)`,
	)
	if err != nil {
		return err
	}
	// An audit event holds the user before and after, as the API's does.
	before, err := json.Marshal(benchUser(args[1], time.Now().UTC()))
	if err != nil {
		return err
	}
	one := func(tx *sql.Tx, i int) error {
		at := time.Now().UTC().Format(time.RFC3339Nano)
		if _, err := tx.StmtContext(ctx, update).ExecContext(ctx, at, fmt.Sprintf("Floor %d", i), args[1]); err != nil {
			return err
		}
		_, err := tx.StmtContext(ctx, audit).ExecContext(ctx, domain.NewID("aud"), at, args[1], string(before), string(before))
		return err
	}
	// A group's writes each run in a savepoint, as the API's group commit
	// runs them.
	savepoint := func(tx *sql.Tx, stmt string) error {
		if group == 1 {
			return nil
		}
		_, err := tx.ExecContext(ctx, stmt)
		return err
	}
	commit := func(i int) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
		for j := range group {
			if err := savepoint(tx, "SAVEPOINT group_member"); err != nil {
				return err
			}
			if err := one(tx, i+j); err != nil {
				return err
			}
			if err := savepoint(tx, "RELEASE group_member"); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
	if err := commit(-1); err != nil { // warm the statements and the page cache
		return err
	}
	cpu0, err := cpuTime(os.Getpid())
	if err != nil {
		return err
	}
	n := 0
	for deadline := time.Now().Add(loadTime); time.Now().Before(deadline); n += group {
		if err := commit(n); err != nil {
			return err
		}
	}
	cpu1, err := cpuTime(os.Getpid())
	if err != nil {
		return err
	}
	_, err = fmt.Print(int64(cpu1-cpu0) / int64(max(n, 1)))
	return err
}
