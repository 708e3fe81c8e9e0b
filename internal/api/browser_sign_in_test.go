package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestBrowserSignInWalk walks what a person does in a real browser: accept
// the invitation, sign in, enrol an authenticator from the QR code's key,
// sign out, sign in with a code, fail five codes and see the lock, and sign
// in again once an administrator unlocked the account.
func TestBrowserSignInWalk(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("no chromium on PATH: install Debian's chromium package to run the browser test (.ci/run does when it can)")
	}
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "walk@example.com", "organization_id": org,
		"role_ids": []string{"viewer"}})
	accept := s.URL + "/invitations/accept?token=" + s.LinkToken(t, "walk@example.com")

	ctx := startBrowser(t, chrome, 90*time.Second)
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, step := range steps {
			if _, err := chromedp.Run(ctx, step); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return v
	}
	// submit sends the form of field and waits for the answer to replace
	// the page: the field is marked first, so the old page is told apart.
	submit := func(field string) {
		t.Helper()
		run("submit", chromedp.SetAttributeValue(field, "data-sent", "1"), chromedp.Click(`#submit`),
			chromedp.WaitNotPresent(field+`[data-sent]`))
	}
	signIn := func() {
		run("sign in", chromedp.Navigate(s.URL+"/signin"), chromedp.WaitVisible(`#email`),
			chromedp.SendKeys(`#email`, "walk@example.com"), chromedp.SendKeys(`#password`, acctest.Password))
		submit(`#email`)
	}
	enterCode := func(code string) {
		run("enter a code", chromedp.WaitVisible(`#totp_code`), chromedp.SendKeys(`#totp_code`, code))
		submit(`#totp_code`)
	}

	run("accept", chromedp.Navigate(accept), chromedp.WaitVisible(`#first_name`), chromedp.SendKeys(`#first_name`, "Walk"),
		chromedp.SendKeys(`#last_name`, "Er"), chromedp.SendKeys(`#password`, acctest.Password), chromedp.Click(`#submit`),
		chromedp.WaitVisible(`#done`))
	signIn()
	run("account page", chromedp.WaitVisible(`#account`), chromedp.Click(`#enrol`), chromedp.WaitVisible(`#secret`))
	secret := text(`#secret`)
	qr, err := chromedp.Run(ctx, chromedp.AttributeValue(`#qr`, "src"))
	if err != nil || !strings.HasPrefix(qr.Value, "data:image/png;base64,") {
		t.Fatalf("no QR code: %.60q %v", qr.Value, err)
	}
	if !strings.Contains(text(`#otpauth`), "secret="+secret) {
		t.Fatalf("the otpauth URI shown does not carry the key")
	}
	run("confirm", chromedp.SendKeys(`#code`, s.TOTPCode(t, secret)), chromedp.Click(`#confirm`), chromedp.WaitVisible(`#mfa`))
	run("sign out", chromedp.Click(`#signout`), chromedp.WaitVisible(`#email`))

	signIn()
	enterCode(s.TOTPCode(t, secret))
	run("signed in with a code", chromedp.WaitVisible(`#account`), chromedp.Click(`#signout`), chromedp.WaitVisible(`#email`))

	signIn()
	for range 5 {
		good := s.TOTPCode(t, secret)
		enterCode(string('0'+(good[0]-'0'+1)%10) + good[1:])
		run("a wrong code refused", chromedp.WaitVisible(`#error`))
	}
	id := s.Admin(t, 200, "GET", "/v1/users?email=walk@example.com", nil).JSON(t)["items"].([]any)[0].(map[string]any)
	if id["locked"] != true {
		t.Fatalf("five wrong codes did not lock: %v", id)
	}
	signIn()
	run("locked", chromedp.WaitVisible(`#error`))
	if msg := text(`#error`); !strings.Contains(msg, "locked until an administrator unlocks it") {
		t.Fatalf("a locked person reads %q", msg)
	}
	s.Admin(t, 200, "POST", "/v1/users/"+id["id"].(string)+"/unlock", nil)
	signIn()
	enterCode(s.TOTPCode(t, secret))
	run("signed in after unlock", chromedp.WaitVisible(`#account`))
}
