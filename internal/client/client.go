package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Config configures a Client.
type Config struct {
	Endpoint       string // base URL, e.g. http://127.0.0.1:8080
	Token          string
	UserAgent      string
	MaxRetries     int           // retries after the first attempt
	RequestTimeout time.Duration // per attempt
	RetryWaitMin   time.Duration
	RetryWaitMax   time.Duration // also caps Retry-After
	Logger         retryablehttp.LeveledLogger
	// StrictDecoding refuses an answer carrying a field the client's types do
	// not know, so that tests against the bundled API catch every drift
	// between these types and the real answers. Production leaves it off: an
	// API that gains a field must not break the providers already released.
	StrictDecoding bool
}

// Client talks to one portal API with one token.
type Client struct {
	base   *url.URL
	token  string
	ua     string
	http   *retryablehttp.Client
	pace   *pacer
	strict bool
}

// New validates cfg and builds a client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.Endpoint, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q is not an http(s) URL such as https://portal.example.com", cfg.Endpoint)
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = 500 * time.Millisecond
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = 30 * time.Second
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	rc := retryablehttp.NewClient()
	rc.RetryMax = max(cfg.MaxRetries, 0)
	rc.RetryWaitMin, rc.RetryWaitMax = cfg.RetryWaitMin, cfg.RetryWaitMax
	rc.HTTPClient.Timeout = cfg.RequestTimeout
	if t, ok := rc.HTTPClient.Transport.(*http.Transport); ok {
		// The pooled default keeps GOMAXPROCS+1 idle connections per host;
		// Terraform runs 10 operations at once (more with -parallelism), so
		// most requests of a plan would open a new connection.
		t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	}
	// The library's policy retries transport errors (not TLS, scheme or
	// redirect failures), 429 and 5xx except 501, and stops on a cancelled
	// context; never another 4xx: a 412 means someone else changed the
	// object, and retrying blindly would overwrite their change.
	rc.CheckRetry = retryablehttp.DefaultRetryPolicy
	rc.Backoff = backoff
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.Logger = cfg.Logger
	// Every answer, retried ones included, tells the pacer the API's budget;
	// every attempt, retries included, waits for the pace.
	pace := newPacer(cfg.Logger)
	rc.ResponseLogHook = func(_ retryablehttp.Logger, resp *http.Response) { pace.observe(resp.Header) }
	rc.PrepareRetry = func(req *http.Request) error { return pace.wait(req.Context()) }
	return &Client{base: u, token: cfg.Token, ua: cfg.UserAgent, http: rc, pace: pace, strict: cfg.StrictDecoding}, nil
}

// maxIdleConnsPerHost covers Terraform's parallelism up to 32.
const maxIdleConnsPerHost = 32

// backoff waits Retry-After when the server sent one (capped at max), else
// exponentially from min with full jitter so that many clients spread out.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if s := resp.Header.Get("Retry-After"); s != "" {
			if secs, err := strconv.Atoi(s); err == nil && secs >= 0 {
				if secs >= int(maxWait/time.Second) { // before multiplying, which could overflow
					return maxWait
				}
				return time.Duration(secs) * time.Second
			}
			if t, err := http.ParseTime(s); err == nil {
				return min(max(time.Until(t), 0), maxWait)
			}
		}
	}
	ceiling := float64(minWait) * math.Pow(2, float64(attempt))
	if ceiling > float64(maxWait) || math.IsInf(ceiling, 0) {
		ceiling = float64(maxWait)
	}
	n, err := rand.Int(rand.Reader, big.NewInt(int64(ceiling)/2+1))
	if err != nil {
		return time.Duration(ceiling)
	}
	return time.Duration(ceiling/2) + time.Duration(n.Int64())
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// request carries the optional parts of one call.
type request struct {
	query   url.Values
	ifMatch int64
	accept  string
}

// Option adjusts one request.
type Option func(*request)

// IfMatch makes a write conditional on the object's version.
func IfMatch(version int64) Option { return func(r *request) { r.ifMatch = version } }

func (c *Client) do(ctx context.Context, method, path string, in, out any, opts ...Option) error {
	var rq request
	for _, o := range opts {
		o(&rq)
	}
	u := *c.base
	u.Path += path
	if len(rq.query) > 0 {
		u.RawQuery = rq.query.Encode()
	}
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/json")
	if rq.accept != "" {
		req.Header.Set("Accept", rq.accept)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method == http.MethodPost {
		// One key for all retries of this call: a create the server committed
		// before the connection dropped is answered again, not made twice.
		req.Header.Set("Idempotency-Key", newIdempotencyKey())
	}
	if rq.ifMatch > 0 {
		req.Header.Set("If-Match", fmt.Sprintf(`"%d"`, rq.ifMatch))
	}
	if err := c.pace.wait(ctx); err != nil {
		return err
	}
	end := c.pace.begin()
	resp, err := c.http.Do(req)
	end()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s %s: %w", method, path, redactErr(err, c.token))
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		return decodeProblem(method, path, resp.StatusCode, raw)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if s, ok := out.(*[]byte); ok {
		*s = raw
		return nil
	}
	if err := c.decode(raw, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not the expected JSON: %w", method, path, err)
	}
	return nil
}

// decode reads a successful answer into out. Problem documents never come
// here: RFC 9457 lets them carry extension members, so they stay tolerant.
func (c *Client) decode(raw []byte, out any) error {
	if !c.strict {
		return json.Unmarshal(raw, out)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return err
	}
	// As strict as json.Unmarshal about what follows the value.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON value")
	}
	return nil
}

func redactErr(err error, token string) error {
	if token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "[REDACTED]"))
}

// maxPage is the largest page the API serves; lists read whole ones.
const maxPage = 200

// withQuery sends the query parameters q.
func withQuery(q url.Values) Option { return func(r *request) { r.query = q } }

// listAll reads a list: one answer for a list the API does not page, else
// page after page of the largest size, following next_page_token until the
// last. q is the list's query type of package wire, its page left zero.
func listAll[T any](ctx context.Context, c *Client, path string, q any) ([]T, error) {
	params := wire.EncodeQuery(q)
	paged := slices.ContainsFunc(wire.QueryFields(reflect.TypeOf(q)), func(f wire.QueryField) bool { return f.Name == "page_token" })
	if paged {
		params.Set("limit", strconv.Itoa(maxPage))
	}
	var all []T
	for {
		var p wire.List[T]
		if err := c.do(ctx, http.MethodGet, path, nil, &p, withQuery(params)); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if !paged || p.NextPageToken == "" {
			return all, nil
		}
		params.Set("page_token", p.NextPageToken)
	}
}

func pathID(prefix, id string) string { return prefix + "/" + url.PathEscape(id) }
