// Command portal-api runs the reference management API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/mailer"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portal-api:", err)
		os.Exit(1)
	}
}

// devWarning is logged at start in dev mode.
const devWarning = "dev mode is on: /v1/dev/* (outbox, clock, sign-in events) is served to root administrators, and the outbox keeps " +
	"invitation and set-up links after delivery so that tests can follow them; use --dev for tests only, never with real users"

func usage(w io.Writer) {
	_, _ = fmt.Fprintln(w, `usage: portal-api serve [flags]

Runs the portal management API. Flags:`)
}

// run serves until ctx ends (SIGINT or SIGTERM), then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "serve" {
		usage(stderr)
		return errors.New(`the only command is "serve"`)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	db := fs.String("db", "portal.db", "SQLite database file, or a postgres:// URL (several API replicas may share one PostgreSQL database)")
	dev := fs.Bool(
		"dev",
		false,
		"dev mode, for tests only: serve /v1/dev/* (outbox, clock) and keep e-mailed links in the outbox after delivery",
	)
	baseURL := fs.String("base-url", "", "public URL of the API, used in e-mailed links (default http://<addr>)")
	rootName := fs.String("root-name", "Root Partner", "name of the root partner organization created on first start")
	adminEmail := fs.String("admin-email", "admin@portal.local", "e-mail of the administrator created on first start")
	rateLimit := fs.Float64(
		"rate-limit",
		api.DefaultRateLimit,
		"sustained requests per second allowed per user or service account (all of its API tokens together); 0 turns the limit off",
	)
	rateBurst := fs.Int(
		"rate-burst",
		0,
		"requests a user or service account may make at once before the sustained rate applies (default a minute of --rate-limit: 3000)",
	)
	addrFile := fs.String("addr-file", "", "write the listening address to this file once ready (for scripts)")
	smtpAddr := fs.String("smtp-addr", os.Getenv("PORTAL_SMTP_ADDR"), "SMTP relay host:port; e-mail goes to the log when empty")
	smtpFrom := fs.String("smtp-from", "portal@localhost", "sender address of e-mails")
	keyFile := fs.String("secret-key-file", os.Getenv("PORTAL_SECRET_KEY_FILE"),
		"file holding the base64 key that seals TOTP secrets (default <db>.key beside a SQLite file, made on first start; "+
			"PORTAL_SECRET_KEY gives the key itself)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	cpuProfile := fs.String(
		"cpu-profile",
		"",
		"write a CPU profile of the whole run to this file (for `go tool pprof`; make bench's -cpuprofile sets it)",
	)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *rateLimit < 0 || *rateBurst < 0 {
		return errors.New("--rate-limit and --rate-burst cannot be negative (--rate-limit 0 turns the limit off)")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}

	key, err := secretKey(*db, *keyFile)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	if *baseURL == "" {
		*baseURL = "http://" + ln.Addr().String()
	}
	svc := service.New(st, *baseURL, log)
	if err := svc.SetSecretKey(key); err != nil {
		return err
	}
	defer svc.Drain() // runs before the store closes
	boot, err := svc.Bootstrap(
		ctx,
		service.BootstrapConfig{RootName: *rootName, AdminEmail: *adminEmail, Token: os.Getenv("PORTAL_BOOTSTRAP_TOKEN")},
	)
	if err != nil {
		return fmt.Errorf("initialize database: %w", err)
	}
	if boot.Created {
		log.Info(
			"created the root organization and its administrator",
			slog.String("root_id", boot.RootID),
			slog.String("admin_id", boot.AdminID),
			slog.String("admin_email", *adminEmail),
		)
	}
	if boot.TokenGenerated {
		// Printed once, to stdout only, never to the log.
		_, _ = fmt.Fprintf(stdout, "Administrator API token (shown once, store it now): %s\n", boot.Token)
	}

	if *dev {
		log.Warn(devWarning)
	}
	// In dev mode delivered messages keep their links, for the dev outbox;
	// otherwise the outbox keeps a link only until its message is delivered.
	m := mailer.New(
		st,
		mailer.Config{
			Addr:      *smtpAddr,
			From:      *smtpFrom,
			User:      os.Getenv("PORTAL_SMTP_USER"),
			Pass:      os.Getenv("PORTAL_SMTP_PASSWORD"),
			KeepLinks: *dev,
		},
		log,
	)
	mailerCtx, stopMailer := context.WithCancel(ctx)
	mailerDone := make(chan struct{})
	go func() {
		defer close(mailerDone)
		m.Run(mailerCtx, time.Second)
	}()
	// The store closes only after the mailer has recorded the message it
	// is sending: one sent but not recorded would be sent again.
	defer func() {
		stopMailer()
		<-mailerDone
	}()
	go every(ctx, log, time.Hour, "purging old idempotency keys", svc.PurgeExpired)
	go every(ctx, log, time.Minute, "recording the grants that expired", svc.RecordLapses)

	srv := &http.Server{
		Handler: api.New(svc, log, api.Options{Dev: *dev, RateLimit: *rateLimit, RateBurst: *rateBurst, RateLimitOff: *rateLimit == 0}).
			Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(ln.Addr().String()), 0o600); err != nil {
			return err
		}
	}
	log.Info("portal API listening", slog.String("addr", ln.Addr().String()), slog.Bool("dev", *dev))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// every runs job now and then every d until ctx ends, logging its failures.
func every(ctx context.Context, log *slog.Logger, d time.Duration, what string, job func(context.Context) error) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		if err := job(ctx); err != nil && ctx.Err() == nil {
			log.Warn(what+" failed", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
