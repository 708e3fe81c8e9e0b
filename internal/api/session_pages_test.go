package api_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// browser is an HTTP client with cookies, as a browser without script.
type browser struct {
	t *testing.T
	s *acctest.Server
	c *http.Client
}

func newBrowser(t *testing.T, s *acctest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, c: &http.Client{Jar: jar}}
}

// post sends a form as a page of the portal would (same origin), following redirects.
func (b *browser) post(path string, form url.Values, headers ...string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), "POST", b.s.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.s.URL)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), "GET", b.s.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestSignInPages: the sign-in page sets an HttpOnly, SameSite=Strict
// session cookie and leads to the account page; without a session the
// account page sends the browser to sign in; a form posted from another
// site is refused and changes nothing.
func TestSignInPages(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.UserWithSession(t, org, "viewer", "ann@example.com")
	b := newBrowser(t, s)
	if resp, _ := b.get("/account"); resp.Request.URL.Path != "/signin" {
		t.Fatalf("the account page without a session ends at %s", resp.Request.URL)
	}
	resp, body := b.post("/signin", url.Values{"email": {"ann@example.com"}, "password": {"a wrong password"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "after 5 failed attempts") {
		t.Fatalf("a wrong password: %d %s", resp.StatusCode, body)
	}
	noRedirect := *b.c
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, _ := http.NewRequestWithContext(t.Context(), "POST", s.URL+"/signin",
		strings.NewReader(url.Values{"email": {"ann@example.com"}, "password": {acctest.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	first, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = first.Body.Close()
	cookie := first.Header.Get("Set-Cookie")
	if first.StatusCode != http.StatusSeeOther || !strings.Contains(cookie, "portal_session=pses_") ||
		!strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Fatalf("sign in: %d, Set-Cookie %q", first.StatusCode, cookie)
	}
	resp, body = b.get("/account")
	if resp.StatusCode != 200 || !strings.Contains(body, "ann@example.com") || resp.Header.Get("Cache-Control") != "no-store" ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("account page: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	before := s.Snapshot(t)
	for _, h := range [][]string{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}, {"Origin", "null"}} {
		resp, _ = b.post("/account/mfa", nil, h...)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a form from another site (%s: %s): %d", h[0], h[1], resp.StatusCode)
		}
	}
	if s.Snapshot(t) != before {
		t.Fatal("a refused cross-site form changed the database")
	}
	resp, body = b.post("/account/password", url.Values{"current_password": {acctest.Password}, "new_password": {"password1234"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "commonly used") {
		t.Fatalf("a common new password: %d %s", resp.StatusCode, body)
	}
	if resp, _ = b.post("/signout", nil); resp.Request.URL.Path != "/signin" {
		t.Fatalf("sign out ends at %s", resp.Request.URL)
	}
	if resp, _ = b.get("/account"); resp.Request.URL.Path != "/signin" {
		t.Fatal("the account page still opens after signing out")
	}
}

// TestResetPages: asking for a link shows the same page for every address;
// the link's page sets the password once.
func TestResetPages(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.UserWithSession(t, org, "viewer", "ann@example.com")
	b := newBrowser(t, s)
	_, unknown := b.post("/account/reset", url.Values{"email": {"nobody@example.com"}})
	_, known := b.post("/account/reset", url.Values{"email": {"ann@example.com"}})
	if unknown != known || !strings.Contains(known, "If an account with this address") {
		t.Fatalf("reset pages differ:\n%s\n%s", unknown, known)
	}
	token := awaitLink(t, s, "ann@example.com", "prst_", 1)
	if resp, body := b.get("/account/reset?token=" + token); resp.StatusCode != 200 || !strings.Contains(body, `name="password"`) {
		t.Fatalf("the link's page: %d %s", resp.StatusCode, body)
	}
	if resp, _ := b.post("/account/reset", url.Values{"token": {token}, "password": {"a quiet harbour at dawn"}}); resp.StatusCode != 200 {
		t.Fatalf("set the password: %d", resp.StatusCode)
	}
	if resp, body := b.post("/account/reset", url.Values{"token": {token}, "password": {"another one please"}}); resp.StatusCode != 410 ||
		strings.Contains(body, `name="password"`) {
		t.Fatalf("the link used twice: %d %s", resp.StatusCode, body)
	}
	s.Session(t, "ann@example.com", "a quiet harbour at dawn", "")
}

// TestAccountPageGuards: a cookie-authenticated form is refused (403, the
// database unchanged, the session still working) unless it comes from the
// portal's own origin: another scheme on the same host, a sibling site, an
// origin with a path or a navigation no page of ours makes are all refused,
// and so is signing in from another site (a forced sign-in into someone
// else's account). A session that must change its password may only change
// it from the account page, as on the API.
func TestAccountPageGuards(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.UserWithSession(t, org, "viewer", "ann@example.com")
	b := newBrowser(t, s)
	signIn := url.Values{"email": {"ann@example.com"}, "password": {acctest.Password}}
	if resp, _ := b.post("/signin", signIn); resp.Request.URL.Path != "/account" {
		t.Fatalf("sign in ends at %s", resp.Request.URL)
	}
	host := strings.TrimPrefix(s.URL, "http://")
	refused := [][]string{
		{"Origin", "https://" + host}, {"Origin", s.URL + "/account"}, {"Origin", "http://evil.example"},
		{"Sec-Fetch-Site", "same-site"}, {"Sec-Fetch-Site", "none"}, {"Origin", "null", "Sec-Fetch-Site", "cross-site"},
	}
	before := s.Snapshot(t)
	for _, h := range refused {
		for _, path := range []string{"/account/password", "/account/mfa", "/signout"} {
			form := url.Values{"current_password": {acctest.Password}, "new_password": {"a quiet harbour at dawn"}}
			if resp, body := b.post(path, form, h...); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "another site") {
				t.Errorf("POST %s with %v: %d", path, h, resp.StatusCode)
			}
		}
		if resp, _ := b.post("/signin", signIn, h...); resp.StatusCode != 403 {
			t.Errorf("a sign-in from another site (%v): %d", h, resp.StatusCode)
		}
	}
	if s.Snapshot(t) != before {
		t.Fatal("a refused cross-site form changed the database")
	}
	// Chromium posts the pages' forms with Origin: null (they send no
	// referrer) and Sec-Fetch-Site: same-origin: that is ours.
	if resp, body := b.get("/account"); resp.StatusCode != 200 || !strings.Contains(body, "ann@example.com") {
		t.Fatalf("the session stopped working: %d %s", resp.StatusCode, body)
	}
	if resp, body := b.post("/account/mfa", nil, "Origin", "null", "Sec-Fetch-Site", "same-origin"); resp.StatusCode != 200 ||
		!strings.Contains(body, `src="data:image/png;base64,`) ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "img-src data:") {
		t.Fatalf("enrolling from our own page: %d %v %s", resp.StatusCode, resp.Header, body)
	}

	userID, _ := s.UserWithToken(t, org, "viewer", "bob@example.com")
	s.Admin(t, 200, "PATCH", "/v1/users/"+userID, map[string]any{"initial_password": "set by an administrator"})
	bob := newBrowser(t, s)
	resp, body := bob.post("/signin", url.Values{"email": {"bob@example.com"}, "password": {"set by an administrator"}})
	if resp.Request.URL.Path != "/account" || !strings.Contains(body, "must choose a new password") || strings.Contains(body, `id="enrol"`) {
		t.Fatalf("a session that must change its password: %s %s", resp.Request.URL, body)
	}
	before = s.Snapshot(t)
	if resp, body = bob.post("/account/mfa", nil); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "data:image/png") {
		t.Fatalf("enrolling before changing the password: %d %s", resp.StatusCode, body)
	}
	if s.Snapshot(t) != before {
		t.Fatal("a refused enrolment changed the database")
	}
	form := url.Values{"current_password": {"set by an administrator"}, "new_password": {"a quiet harbour at dawn"}}
	if resp, body = bob.post("/account/password", form); resp.StatusCode != 200 || !strings.Contains(body, `id="enrol"`) {
		t.Fatalf("changing the password from the page: %d %s", resp.StatusCode, body)
	}
}
