package api_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts a headless Chromium for one test, with nothing of its
// own reaching the network, stopped when the test ends or after limit.
func startBrowser(t *testing.T, chrome string, limit time.Duration) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.UserDataDir(t.TempDir()))
	actx, stopAllocator := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, stopBrowser := chromedp.NewContext(actx)
	ctx, stop := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { stop(); stopBrowser(); stopAllocator() })
	return ctx
}

// TestBrowserAcceptsInvitation opens the link from the e-mail in a real
// browser, fills the form, and checks the account is active.
func TestBrowserAcceptsInvitation(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("no chromium on PATH: install Debian's chromium package to run the browser test (.ci/run does when it can)")
	}
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "browser@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	var outbox struct{ Items []struct{ Body string } }
	if err := json.Unmarshal(s.Admin(t, 200, "GET", "/v1/dev/outbox?to=browser@example.com", nil).Body, &outbox); err != nil {
		t.Fatal(err)
	}
	body := outbox.Items[0].Body
	link := strings.TrimSpace(body[strings.Index(body, "http://"):])

	ctx := startBrowser(t, chrome, 60*time.Second)

	for _, step := range []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(link),
		chromedp.WaitVisible(`#first_name`),
		chromedp.SendKeys(`#first_name`, "Brow"),
		chromedp.SendKeys(`#last_name`, "Ser"),
		chromedp.SendKeys(`#password`, "a long enough password"),
		chromedp.Click(`#submit`),
		chromedp.WaitVisible(`#done`),
	} {
		if _, err := chromedp.Run(ctx, step); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	done, err := chromedp.Run(ctx, chromedp.Text(`#done`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if !strings.Contains(done, "Your account is ready") {
		t.Fatalf("page says %q", done)
	}
	var users struct {
		Items []struct{ Status, FirstName string } `json:"items"`
	}
	if err := json.Unmarshal(s.Admin(t, 200, "GET", "/v1/users?email=browser@example.com", nil).Body, &users); err != nil ||
		len(users.Items) != 1 ||
		users.Items[0].Status != "active" {
		t.Fatalf("account after browser accept: %+v %v", users, err)
	}
}
