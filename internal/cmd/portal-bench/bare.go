package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// bareServerCommand makes the benchmark binary serve the bare handler: the
// floor of the API's figures, run as its own process so that its CPU is
// measured exactly as the API's is.
const bareServerCommand = "bare-server"

// serveBare answers every request by decoding its JSON body, if any, and
// encoding one user: what any JSON API does at the least.
func serveBare(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: portal-bench bare-server <address file>")
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := os.WriteFile(args[0], []byte(ln.Addr().String()), 0o600); err != nil {
		return err
	}
	now := time.Now().UTC()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := benchUser("usr_0123456789abcdef0123456789", now)
		if r.ContentLength != 0 {
			if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(u)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// benchUser is a user as the API answers it, the same shape and size: what
// the floors encode and record.
func benchUser(id string, now time.Time) wire.User {
	return wire.User{Meta: wire.Meta{ID: id, Version: 1, CreatedAt: now, UpdatedAt: now}, Email: "someone@bench.example",
		FirstName: "Bench", LastName: "User", OrganizationID: "org_0123456789abcdef0123456789", Enabled: true, Status: "active"}
}
