package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func postForm(t *testing.T, s *acctest.Server, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(s.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func TestAcceptPageWithoutABrowser(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "form@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	token := s.LinkToken(t, "form@example.com")

	resp, err := http.Get(s.URL + "/invitations/accept?token=" + url.QueryEscape(`"><script>alert(1)</script>`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("security headers missing: %v", resp.Header)
	}
	status, body := postForm(
		t,
		s,
		"/invitations/accept",
		url.Values{"token": {`<b>x</b>`}, "first_name": {"F"}, "last_name": {"L"}, "password": {"a long enough password"}},
	)
	if status != http.StatusGone || strings.Contains(body, "<b>x</b>") {
		t.Fatalf("bad token: %d, reflected unescaped: %v", status, strings.Contains(body, "<b>x</b>"))
	}
	status, body = postForm(
		t,
		s,
		"/invitations/accept",
		url.Values{"token": {token}, "first_name": {"F"}, "last_name": {"L"}, "password": {"short"}},
	)
	if status != http.StatusBadRequest || !strings.Contains(body, "12") {
		t.Fatalf("short password: %d %s", status, body)
	}
	status, body = postForm(
		t,
		s,
		"/invitations/accept",
		url.Values{"token": {token}, "first_name": {"Form"}, "last_name": {"User"}, "password": {"a long enough password"}},
	)
	if status != http.StatusOK || !strings.Contains(body, "Your account is ready") {
		t.Fatalf("accept: %d %s", status, body)
	}
}
