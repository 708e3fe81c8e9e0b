package client

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// The client paces itself on the API's RateLimit-Policy and RateLimit fields
// (draft-ietf-httpapi-ratelimit-headers) instead of collecting 429s: while
// the remaining quota is comfortable it sends as fast as its callers ask;
// once it falls below a low-water mark it spaces requests at the quota's
// sustained rate q/w, so that a long run drains the bucket to that mark and
// then rides along its refill. A 429 with Retry-After remains the safety net.

// quotaPolicy is a member of RateLimit-Policy: quota requests per window seconds.
type quotaPolicy struct {
	quota, window int64
}

// quotaState is a member of RateLimit: remaining requests of the named policy.
type quotaState struct {
	name      string
	remaining int64
}

// parsePolicies reads the RateLimit-Policy field lines. Members without a
// positive integer q and w, or counting another unit than requests, are
// skipped; a field that is not a structured-field list is ignored whole.
func parsePolicies(lines []string) map[string]quotaPolicy {
	items, ok := parseSFList(strings.Join(lines, ","))
	if !ok {
		return nil
	}
	out := map[string]quotaPolicy{}
	for _, it := range items {
		q, _ := it.params["q"].(int64)
		w, _ := it.params["w"].(int64)
		if it.name == "" || q <= 0 || w <= 0 {
			continue
		}
		if qu, ok := it.params["qu"]; ok && qu != "requests" && qu != sfToken("requests") {
			continue
		}
		out[it.name] = quotaPolicy{quota: q, window: w}
	}
	return out
}

// parseStates reads the RateLimit field lines, like parsePolicies.
func parseStates(lines []string) []quotaState {
	items, ok := parseSFList(strings.Join(lines, ","))
	if !ok {
		return nil
	}
	var out []quotaState
	for _, it := range items {
		r, ok := it.params["r"].(int64)
		if it.name == "" || !ok || r < 0 {
			continue
		}
		out = append(out, quotaState{name: it.name, remaining: r})
	}
	return out
}

// pacer is shared by every goroutine using one Client.
type pacer struct {
	log      retryablehttp.LeveledLogger
	lim      *rate.Limiter // rate.Inf unless paced
	inFlight atomic.Int64
	peak     atomic.Int64 // the most requests seen in flight at once
	mu       sync.Mutex
	paced    bool
}

func newPacer(log retryablehttp.LeveledLogger) *pacer {
	return &pacer{log: log, lim: rate.NewLimiter(rate.Inf, 1)}
}

// wait blocks until the pace allows one more request, or ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	r := p.lim.Reserve()
	d := r.Delay()
	if !r.OK() || d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}

// begin counts a request in flight until the returned func runs.
func (p *pacer) begin() (end func()) {
	n := p.inFlight.Add(1)
	for {
		peak := p.peak.Load()
		if n <= peak || p.peak.CompareAndSwap(peak, n) {
			break
		}
	}
	return func() { p.inFlight.Add(-1) }
}

// lowWater is the remaining quota below which the client paces: a tenth of
// the quota, and at least twice the requests it has had in flight at once
// (those already sent when the low value arrives still take from the bucket),
// but never more than half the quota.
func lowWater(quota, peak int64) int64 {
	return min(max(quota/10, 2*peak, 1), max(quota/2, 1))
}

// observe adjusts the pace to the fields of one answer.
func (p *pacer) observe(h http.Header) {
	policies := parsePolicies(h.Values("RateLimit-Policy"))
	if len(policies) == 0 {
		return
	}
	peak := p.peak.Load()
	var matched, below bool
	pace := rate.Inf
	var why quotaState
	var whyPolicy quotaPolicy
	for _, s := range parseStates(h.Values("RateLimit")) {
		pol, ok := policies[s.name]
		if !ok {
			continue
		}
		matched = true
		low := lowWater(pol.quota, peak)
		high := max(min(2*low, pol.quota-1), low) // back to full speed only with a margin
		if s.remaining >= high {
			continue
		}
		below = below || s.remaining < low
		// The sustained rate, down to half of it as the budget nears zero, so
		// that the bucket climbs back to the mark.
		factor := min(max(float64(s.remaining)/float64(low), 0.5), 1)
		if r := rate.Limit(float64(pol.quota) / float64(pol.window) * factor); r < pace {
			pace, why, whyPolicy = r, s, pol
		}
	}
	if !matched {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case below && !p.paced:
		p.paced = true
		p.lim.SetLimit(pace)
		p.debug("rate limit budget running low; pacing requests", "policy", why.name, "remaining", why.remaining,
			"quota", whyPolicy.quota, "window_seconds", whyPolicy.window, "requests_per_second", strconv.FormatFloat(float64(pace), 'f', 2, 64))
	case p.paced && pace == rate.Inf:
		p.paced = false
		p.lim.SetLimit(rate.Inf)
		p.debug("rate limit budget recovered; no longer pacing requests")
	case p.paced:
		p.lim.SetLimit(pace)
	}
}

func (p *pacer) debug(msg string, kv ...any) {
	if p.log != nil {
		p.log.Debug(msg, kv...)
	}
}

// sfItem is a member of a structured-field list (RFC 9651) whose value is a
// String or a Token (name "" otherwise), with its parameters: int64 for an
// Integer, float64 for a Decimal, string for a String, sfToken for a Token,
// bool for a Boolean and []byte for a Byte Sequence.
type sfItem struct {
	name   string
	params map[string]any
}

type sfToken string

type sfParser struct {
	s string
	i int
}

// parseSFList parses a structured-field List of Items; inner lists and any
// syntax error make the whole field invalid, as RFC 9651 asks.
func parseSFList(s string) ([]sfItem, bool) {
	p := &sfParser{s: strings.Trim(s, " ")}
	var out []sfItem
	for p.i < len(p.s) {
		v, ok := p.bareItem()
		if !ok {
			return nil, false
		}
		it := sfItem{params: map[string]any{}}
		switch v := v.(type) {
		case string:
			it.name = v
		case sfToken:
			it.name = string(v)
		}
		for p.peek() == ';' {
			p.i++
			p.skip(" ")
			key, ok := p.key()
			if !ok {
				return nil, false
			}
			var val any = true
			if p.peek() == '=' {
				p.i++
				if val, ok = p.bareItem(); !ok {
					return nil, false
				}
			}
			it.params[key] = val
		}
		out = append(out, it)
		p.skip(" \t")
		if p.i == len(p.s) {
			break
		}
		if p.peek() != ',' {
			return nil, false
		}
		p.i++
		p.skip(" \t")
		if p.i == len(p.s) { // a trailing comma
			return nil, false
		}
	}
	return out, true
}

func (p *sfParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *sfParser) skip(set string) {
	for p.i < len(p.s) && strings.IndexByte(set, p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *sfParser) take(ok func(byte) bool) string {
	start := p.i
	for p.i < len(p.s) && ok(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isAlpha(c byte) bool { return isLower(c) || 'A' <= c && c <= 'Z' }

func (p *sfParser) key() (string, bool) {
	if c := p.peek(); !isLower(c) && c != '*' {
		return "", false
	}
	return p.take(func(c byte) bool { return isLower(c) || isDigit(c) || strings.IndexByte("_-.*", c) >= 0 }), true
}

func (p *sfParser) bareItem() (any, bool) {
	switch c := p.peek(); {
	case c == '-' || isDigit(c):
		return p.number()
	case c == '"':
		return p.str()
	case c == '*' || isAlpha(c):
		return sfToken(p.take(func(c byte) bool {
			return isAlpha(c) || isDigit(c) || strings.IndexByte("!#$%&'*+-.^_`|~:/", c) >= 0
		})), true
	case c == ':':
		p.i++
		b := p.take(func(c byte) bool { return isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=' })
		if p.peek() != ':' {
			return nil, false
		}
		p.i++
		return []byte(b), true
	case c == '?':
		if p.i+1 < len(p.s) && (p.s[p.i+1] == '0' || p.s[p.i+1] == '1') {
			p.i += 2
			return p.s[p.i-1] == '1', true
		}
	}
	return nil, false
}

func (p *sfParser) number() (any, bool) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	whole := p.take(isDigit)
	if whole == "" || len(whole) > 15 {
		return nil, false
	}
	if p.peek() != '.' {
		n, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
		return n, err == nil
	}
	p.i++
	frac := p.take(isDigit)
	if len(whole) > 12 || frac == "" || len(frac) > 3 {
		return nil, false
	}
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	return f, err == nil
}

func (p *sfParser) str() (any, bool) {
	p.i++ // the opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String(), true
		case c == '\\':
			if p.i == len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\\') {
				return nil, false
			}
			b.WriteByte(p.s[p.i])
			p.i++
		case c < 0x20 || c > 0x7e:
			return nil, false
		default:
			b.WriteByte(c)
		}
	}
	return nil, false // no closing quote
}
