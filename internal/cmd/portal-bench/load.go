package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// server is a process serving HTTP on loopback: the API or the bare handler.
type server struct {
	cmd  *exec.Cmd
	base string // http://host:port
}

// startServer runs name with args (which must make it write its address to
// the file addrFile) and waits until it listens.
func startServer(ctx context.Context, addrFile string, env []string, name string, args ...string) (*server, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &limitedBuffer{b: &stderr, n: 64 << 10}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	for range 600 {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			return &server{cmd: cmd, base: "http://" + string(b)}, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, fmt.Errorf("%s did not start listening within 30 s: %s", filepath.Base(name), stderr.String())
}

func (s *server) pid() int { return s.cmd.Process.Pid }

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// limitedBuffer keeps the first n bytes written: a server's log, for errors.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// request is one HTTP call of a load.
type request struct {
	method, path, token, accept string
	body                        []byte
	want                        int // expected status
}

// call sends r and reads the whole answer.
func call(ctx context.Context, c *http.Client, base string, r request) ([]byte, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, base+r.path, body)
	if err != nil {
		return nil, err
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	want := r.want
	if want == 0 {
		want = http.StatusOK
	}
	if resp.StatusCode != want {
		return b, fmt.Errorf("%s %s answered %d, want %d: %.300s", r.method, r.path, resp.StatusCode, want, b)
	}
	return b, nil
}

// newHTTPClient keeps a connection per concurrent client, as a real client does.
func newHTTPClient(clients int) *http.Client {
	t := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	return &http.Client{Transport: t, Timeout: time.Minute}
}

// loadResult is what a load measured.
type loadResult struct {
	requests int
	wall     time.Duration
	cpu      time.Duration // the server process's CPU over the load
	lat      []time.Duration
}

func (r loadResult) perSecond() float64 { return float64(r.requests) / r.wall.Seconds() }

func (r loadResult) cpuPerRequest() time.Duration {
	return r.cpu / time.Duration(max(r.requests, 1))
}

// quantile of the latencies, q in [0, 1].
func (r loadResult) quantile(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// drive runs clients workers against srv for loadTime, each calling next(worker, i)
// for its i-th request, and measures the server's CPU over the run.
func drive(ctx context.Context, srv *server, clients int, next func(worker, i int) request) (loadResult, error) {
	c := newHTTPClient(clients)
	defer c.CloseIdleConnections()
	// Warm the connections and the server's caches; not counted.
	for w := range clients {
		if _, err := call(ctx, c, srv.base, next(w, -1)); err != nil {
			return loadResult{}, err
		}
	}
	cpu0, err := cpuTime(srv.pid())
	if err != nil {
		return loadResult{}, err
	}
	start := time.Now()
	deadline := start.Add(loadTime)
	lats := make([][]time.Duration, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	for w := range clients {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				if _, err := call(ctx, c, srv.base, next(w, i)); err != nil {
					errs[w] = err
					return
				}
				lats[w] = append(lats[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	cpu1, err := cpuTime(srv.pid())
	if err != nil {
		return loadResult{}, err
	}
	if err := errors.Join(errs...); err != nil {
		return loadResult{}, err
	}
	r := loadResult{wall: wall, cpu: cpu1 - cpu0}
	for _, l := range lats {
		r.lat = append(r.lat, l...)
	}
	r.requests = len(r.lat)
	return r, nil
}

// rounds is how many times each of the API's loads runs, alternating with
// its floor's when it has one. This machine's noise moves a single run by a
// third; the table reports the median round.
const rounds = 3

// load is what a load sends: its i-th request from worker w.
type load func(w, i int) request

// driveRounds runs next against srv rounds times and returns the median
// round by key.
func driveRounds(ctx context.Context, srv *server, clients int, next load, key func(loadResult) time.Duration) (loadResult, error) {
	got, _, err := driveBeside(ctx, srv, nil, clients, next, nil, key)
	return got, err
}

// driveBeside runs the API's load and its floor's (when floor is not nil)
// alternately, rounds times each, so that both see the same spells of the
// machine, and returns the median round of each by key.
func driveBeside(
	ctx context.Context,
	api, floor *server,
	clients int,
	next, floorNext load,
	key func(loadResult) time.Duration,
) (got, base loadResult, err error) {
	var apiRounds, floorRounds []loadResult
	for range rounds {
		if floor != nil {
			r, err := drive(ctx, floor, clients, floorNext)
			if err != nil {
				return got, base, fmt.Errorf("the bare handler: %w", err)
			}
			floorRounds = append(floorRounds, r)
		}
		r, err := drive(ctx, api, clients, next)
		if err != nil {
			return got, base, err
		}
		apiRounds = append(apiRounds, r)
	}
	return medianRound(apiRounds, key), medianRound(floorRounds, key), nil
}

// medianRound is the round whose key is the median (zero for no rounds).
func medianRound(rs []loadResult, key func(loadResult) time.Duration) loadResult {
	if len(rs) == 0 {
		return loadResult{}
	}
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b loadResult) int { return cmp.Compare(key(a), key(b)) })
	return s[len(s)/2]
}

// Keys for medianRound.
func byCPU(r loadResult) time.Duration { return r.cpuPerRequest() }
func byP50(r loadResult) time.Duration { return r.quantile(0.5) }
func byP99(r loadResult) time.Duration { return r.quantile(0.99) }
