package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestRateLimitPolicyParsing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  map[string]quotaPolicy
	}{
		{"the API's", []string{`"principal";q=3000;w=60`}, map[string]quotaPolicy{"principal": {3000, 60}}},
		{"a token name", []string{`default;q=100;w=10`}, map[string]quotaPolicy{"default": {100, 10}}},
		{"several members", []string{`"a";q=10;w=1, "b";q=100;w=60`}, map[string]quotaPolicy{"a": {10, 1}, "b": {100, 60}}},
		{"several lines", []string{`"a";q=10;w=1`, `"b";q=5;w=5`}, map[string]quotaPolicy{"a": {10, 1}, "b": {5, 5}}},
		{"unknown parameters", []string{`"a";q=10;w=1;qu="requests";pk=:cHsdsRa894=:;x=?1;y=1.5;z=tok`}, map[string]quotaPolicy{"a": {10, 1}}},
		{"spaces and an escaped name", []string{`  "a\"b"; q=1;w=2 ,	"c";q=3;w=4  `}, map[string]quotaPolicy{`a"b`: {1, 2}, "c": {3, 4}}},
		{"another quota unit", []string{`"bytes";q=1000;w=1;qu="content-bytes", "a";q=10;w=1`}, map[string]quotaPolicy{"a": {10, 1}}},
		{"no window", []string{`"a";q=10`}, map[string]quotaPolicy{}},
		{"no quota", []string{`"a";w=10`}, map[string]quotaPolicy{}},
		{"zero quota", []string{`"a";q=0;w=10`}, map[string]quotaPolicy{}},
		{"negative window", []string{`"a";q=10;w=-1`}, map[string]quotaPolicy{}},
		{"quota as a string", []string{`"a";q="10";w=1`}, map[string]quotaPolicy{}},
		{"quota as a decimal", []string{`"a";q=1.5;w=1`}, map[string]quotaPolicy{}},
		{"an integer item", []string{`100;q=10;w=1`}, map[string]quotaPolicy{}},
		{"absent", nil, map[string]quotaPolicy{}},
		{"unterminated string", []string{`"a;q=10;w=1`}, nil},
		{"trailing comma", []string{`"a";q=10;w=1,`}, nil},
		{"upper-case key", []string{`"a";Q=10;w=1`}, nil},
		{"no separator", []string{`"a" q=10`}, nil},
		{"space before a parameter", []string{`"a" ;q=10;w=1`}, nil},
		{"inner list", []string{`("a" "b");q=10;w=1`}, nil},
		{"older draft's syntax", []string{`limit=100, remaining=50, reset=5`}, nil},
		{"too long an integer", []string{`"a";q=1234567890123456;w=1`}, nil},
		{"control character", []string{"\"a\x01\";q=10;w=1"}, nil},
		{"bad escape", []string{`"a\n";q=10;w=1`}, nil},
		{"one bad line spoils the field", []string{`"a";q=10;w=1`, `"b";q=`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parsePolicies(tc.lines); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parsePolicies(%q) = %v, want %v", tc.lines, got, tc.want)
			}
		})
	}
}

func TestRateLimitStateParsing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  []quotaState
	}{
		{"the API's", []string{`"principal";r=2950;t=1`}, []quotaState{{"principal", 2950}}},
		{"exhausted", []string{`"principal";r=0;t=60`}, []quotaState{{"principal", 0}}},
		{"several", []string{`"a";r=1, b;r=2;t=3`}, []quotaState{{"a", 1}, {"b", 2}}},
		{"no remaining", []string{`"a";t=3`}, nil},
		{"negative remaining", []string{`"a";r=-1`}, nil},
		{"remaining as a token", []string{`"a";r=many`}, nil},
		{"malformed", []string{`"a";r=1;`}, nil},
		{"legacy count", []string{`50`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseStates(tc.lines); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parseStates(%q) = %v, want %v", tc.lines, got, tc.want)
			}
		})
	}
}

type recordingLogger struct {
	mu   sync.Mutex
	msgs []string
}

func (l *recordingLogger) record(level, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, level+" "+msg)
}
func (l *recordingLogger) Error(msg string, _ ...any) { l.record("ERROR", msg) }
func (l *recordingLogger) Info(msg string, _ ...any)  { l.record("INFO", msg) }
func (l *recordingLogger) Debug(msg string, _ ...any) { l.record("DEBUG", msg) }
func (l *recordingLogger) Warn(msg string, _ ...any)  { l.record("WARN", msg) }

func rateLimitHeader(policy, state string) http.Header {
	h := http.Header{}
	if policy != "" {
		h.Set("RateLimit-Policy", policy)
	}
	if state != "" {
		h.Set("RateLimit", state)
	}
	return h
}

// TestPacingFollowsTheRemainingQuota: full speed while the budget is
// comfortable, the sustained rate q/w below the low-water mark (slower as the
// budget nears zero), full speed again only once it has a margin; each change
// of state logged at debug. Answers without usable fields change nothing.
func TestPacingFollowsTheRemainingQuota(t *testing.T) {
	log := &recordingLogger{}
	p := newPacer(log)
	p.begin()() // one request in flight at most: the low-water mark is a tenth of q, 300
	const policy = `"principal";q=3000;w=60`
	for _, step := range []struct {
		policy, state string
		paced         bool
		limit         rate.Limit
	}{
		{policy, `"principal";r=2000;t=20`, false, rate.Inf},
		{policy, `"principal";r=301;t=54`, false, rate.Inf},
		{policy, `"principal";r=240;t=56`, true, 50 * 240.0 / 300},
		{"", `"principal";r=0;t=60`, true, 50 * 240.0 / 300},   // no policy: ignored
		{policy, `"principal";r=oops`, true, 50 * 240.0 / 300}, // malformed: ignored
		{policy, `"other";r=0;t=60`, true, 50 * 240.0 / 300},   // another policy's state: ignored
		{
			policy,
			`"principal";r=0;t=60`,
			true,
			25,
		}, // half the sustained rate at the bottom
		{
			policy,
			`"principal";r=450;t=51`,
			true,
			50,
		}, // above the mark but without a margin: the sustained rate
		{policy, `"principal";r=600;t=48`, false, rate.Inf},                                                // a margin: full speed
		{`"principal";q=3000;w=60, "burst";q=20;w=1`, `"principal";r=2900;t=2, "burst";r=1;t=1`, true, 10}, // the tighter policy paces
	} {
		p.observe(rateLimitHeader(step.policy, step.state))
		if got := p.lim.Limit(); p.paced != step.paced || got != step.limit && math.Abs(float64(got-step.limit)) > 1e-9 {
			t.Fatalf("after %s: paced %v at %v/s, want %v at %v/s", step.state, p.paced, p.lim.Limit(), step.paced, step.limit)
		}
	}
	want := []string{"DEBUG rate limit budget running low; pacing requests", "DEBUG rate limit budget recovered; no longer pacing requests",
		"DEBUG rate limit budget running low; pacing requests"}
	if !reflect.DeepEqual(log.msgs, want) {
		t.Fatalf("logged %q, want %q", log.msgs, want)
	}
}

// TestPacingLowWaterCoversRequestsInFlight: requests already sent when a
// low budget is reported still take from it, so the mark is at least twice
// the most requests the client has had in flight, up to half the quota.
func TestPacingLowWaterCoversRequestsInFlight(t *testing.T) {
	for _, tc := range []struct{ quota, peak, want int64 }{
		{3000, 10, 300}, {3000, 200, 400}, {3000, 5000, 1500}, {20, 8, 10}, {20, 3, 6}, {1, 1, 1}, {100, 0, 10},
	} {
		if got := lowWater(tc.quota, tc.peak); got != tc.want {
			t.Errorf("lowWater(%d, %d) = %d, want %d", tc.quota, tc.peak, got, tc.want)
		}
	}
}

// TestPacingWaitHonoursCancellation: a request waiting for its turn stops
// when its context ends, and gives the turn back.
func TestPacingWaitHonoursCancellation(t *testing.T) {
	p := newPacer(nil)
	p.lim.SetLimit(rate.Every(time.Hour))
	if err := p.wait(context.Background()); err != nil { // the one token of the burst
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.wait(ctx) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("wait after cancel: %v", err)
	}
}

// bucketServer enforces a real token bucket of 20 requests refilled at 20 a
// second and, when told to, announces it as "test";q=20;w=1.
type bucketServer struct {
	mu       sync.Mutex
	lim      *rate.Limiter
	announce bool
	served   atomic.Int64
	limited  atomic.Int64
}

func newBucketServer(announce bool) *bucketServer {
	return &bucketServer{lim: rate.NewLimiter(20, 20), announce: announce}
}

func (b *bucketServer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	now := time.Now()
	b.mu.Lock()
	res := b.lim.ReserveN(now, 1)
	delay := res.DelayFrom(now)
	if delay > 0 {
		res.CancelAt(now)
	}
	tokens := b.lim.TokensAt(now)
	b.mu.Unlock()
	if b.announce {
		w.Header().Set("RateLimit-Policy", `"test";q=20;w=1`)
		w.Header().Set("RateLimit", fmt.Sprintf(`"test";r=%d;t=%d`, int(math.Max(tokens, 0)), int(math.Ceil((20-tokens)/20))))
	}
	if delay > 0 {
		b.limited.Add(1)
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	b.served.Add(1)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{}`))
}

// burst runs get n times in each of several goroutines at once.
func burst(goroutines, n int, get func() error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for range goroutines {
		wg.Go(func() {
			for range n {
				if err := get(); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// TestPacingOnRateLimitHeadersAvoids429: 80 requests from 8 goroutines
// against a bucket of 20 refilled at 20 a second all succeed without a
// single 429, because the client paces itself on the announced budget.
func TestPacingOnRateLimitHeadersAvoids429(t *testing.T) {
	srv := newBucketServer(true)
	c := testClient(t, srv, 10)
	err := burst(8, 10, func() error {
		var out map[string]any
		return c.do(t.Context(), http.MethodGet, "/v1/me", nil, &out)
	})
	if err != nil {
		t.Fatal(err)
	}
	if srv.served.Load() != 80 || srv.limited.Load() != 0 {
		t.Fatalf("server served %d and answered 429 %d times; want 80 and none", srv.served.Load(), srv.limited.Load())
	}
	if !c.pace.paced {
		t.Fatal("the client never paced; the test would prove nothing")
	}
}

// TestRateLimitHeadersIgnoredCollect429s is the control: the same requests
// from a client that ignores the headers are answered 429, so the bucket
// above is really enforced.
func TestRateLimitHeadersIgnoredCollect429s(t *testing.T) {
	srv := newBucketServer(true)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	err := burst(8, 10, func() error {
		resp, err := http.Get(hs.URL + "/v1/me")
		if err != nil {
			return err
		}
		return resp.Body.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if srv.limited.Load() == 0 {
		t.Fatalf("a plain burst of 80 got no 429 (served %d)", srv.served.Load())
	}
	if srv.served.Load()+srv.limited.Load() != 80 {
		t.Fatalf("server saw %d requests", srv.served.Load()+srv.limited.Load())
	}
}
