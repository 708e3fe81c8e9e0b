package api

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
	qrcode "github.com/skip2/go-qrcode"
)

// sessionCookie carries a browser's session token. HttpOnly, so no script
// reads it; SameSite=Strict, so no other site's page sends it; the POSTs it
// authenticates also check that they come from this origin (sameOrigin).
const sessionCookie = "portal_session"

// setSessionCookie keeps the cookie as long as the session: its expiry is
// on the service's clock (which tests and dev mode move), so the lifetime
// is counted on that clock too, not on the wall clock.
func (a *API) setSessionCookie(w http.ResponseWriter, r *http.Request, s wire.Session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.Token, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: max(1, int(s.ExpiresAt.Sub(a.svc.Clock.Now()).Seconds()))})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// sameOrigin refuses a form posted from another site: a browser says where
// a request comes from in Sec-Fetch-Site and Origin. Only same-origin
// passes ("same-site" is a sibling subdomain, which may be someone else's;
// "none" is a typed address or bookmark, never a form of ours). Clients
// that send neither header are no browser, and carry no victim's cookie.
func sameOrigin(r *http.Request) bool {
	site := r.Header.Get("Sec-Fetch-Site")
	if site != "" && site != "same-origin" {
		return false
	}
	switch origin := r.Header.Get("Origin"); origin {
	case "":
		return true
	case "null": // the pages send no referrer, so browsers hide the origin: the fetch metadata says it
		return site == "same-origin"
	default:
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		// An https page posting to http (or back) is another origin, even on the same host.
		u, err := url.Parse(origin)
		return err == nil && u.Scheme == scheme && u.Host == r.Host && u.Path == ""
	}
}

// readForm parses a posted form, bounded like every body; false when it
// could not be read or came from another site (the page is written).
func readForm(w http.ResponseWriter, r *http.Request, title string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if !sameOrigin(r) {
		writeSessionPage(
			w,
			http.StatusForbidden,
			sessionPage{Title: title, Error: "This form was sent from another site; open the portal's page and try again."},
		)
		return false
	}
	if err := r.ParseForm(); err != nil {
		writeSessionPage(w, http.StatusBadRequest, sessionPage{Title: title, Error: "The form could not be read; open the page again."})
		return false
	}
	return true
}

// pageErr is a problem as a page shows it: its detail, then each field's message.
func pageErr(err error) (int, string) {
	var p page
	status := formError(&p, err)
	return status, p.Error
}

func (a *API) signInForm(w http.ResponseWriter, _ *http.Request) {
	writeSessionPage(w, http.StatusOK, sessionPage{Title: "Sign in", SignIn: true})
}

func (a *API) signInSubmit(w http.ResponseWriter, r *http.Request) {
	if !readForm(w, r, "Sign in") {
		return
	}
	var s wire.Session
	var challenge string
	var err error
	if c := r.PostForm.Get("challenge"); c != "" {
		s, err = a.svc.SignInWithChallenge(r.Context(), c, r.PostForm.Get("totp_code"))
		challenge = c
	} else {
		in := wire.SessionCreate{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password")}
		s, challenge, err = a.svc.SignInStep(r.Context(), in)
	}
	switch {
	case err == nil:
		a.setSessionCookie(w, r, s)
		http.Redirect(w, r, "/account", http.StatusSeeOther)
	case challenge != "" && problemFor(err).Code == "mfa_required":
		p := sessionPage{Title: "Sign in", Challenge: challenge}
		if r.PostForm.Get("totp_code") != "" {
			_, p.Error = pageErr(err)
		}
		writeSessionPage(w, http.StatusUnauthorized, p)
	default:
		status, msg := pageErr(err)
		writeSessionPage(w, status, sessionPage{Title: "Sign in", SignIn: true, Error: msg})
	}
}

// pageCaller is the signed-in person of a browser request, from its
// session cookie; false when there is none that works.
func (a *API) pageCaller(r *http.Request) (service.Caller, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return service.Caller{}, false
	}
	caller, err := a.svc.Authenticate(r.Context(), c.Value)
	return caller, err == nil && caller.Session
}

// accountPage renders the account page of caller, with what a step left to show.
func (a *API) accountPage(ctx context.Context, caller service.Caller, p sessionPage) (sessionPage, error) {
	u, err := service.Read(ctx, a.svc, caller, func(ctx context.Context, op *service.Op) (domain.User, error) { return op.Self(ctx) })
	p.Title, p.Email, p.MustChange, p.MFAEnrolled = "Your account", u.Email, u.PasswordChangeRequired, u.MFAEnrolled
	return p, err
}

// account serves a signed-in page: without a session it sends the browser
// to sign in; a POST runs step (form read and checked) for what to show.
// The pages are public routes, so the gate the API puts on a session that
// must change its password (sessionGate) is applied here, from o.
func (a *API) account(o *Operation, step func(r *http.Request, c service.Caller) (sessionPage, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		caller, ok := a.pageCaller(r)
		if !ok {
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !readForm(w, r, "Your account") {
			return
		}
		var shown sessionPage
		status := http.StatusOK
		if step != nil {
			err := service.SessionMayRun(caller, o.DuringPasswordChange)
			if err == nil {
				shown, err = step(r, caller)
			}
			if err != nil {
				status, shown.Error = pageErr(err)
			}
		}
		if caller, ok = a.pageCaller(r); !ok { // the step may have ended the session (a new password ends the others)
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		p, err := a.accountPage(r.Context(), caller, shown)
		if err != nil {
			status, p.Error = pageErr(err)
		}
		writeSessionPage(w, status, p)
	}
}

func (a *API) changePasswordPage(r *http.Request, c service.Caller) (sessionPage, error) {
	_, err := a.svc.ChangePassword(r.Context(), c, wire.PasswordChange{CurrentPassword: r.PostForm.Get("current_password"),
		NewPassword: r.PostForm.Get("new_password")})
	return sessionPage{Done: "Your password was changed; your other sessions were signed out."}, err
}

func (a *API) startTOTPPage(r *http.Request, c service.Caller) (sessionPage, error) {
	e, err := service.Write(r.Context(), a.svc, c, func(ctx context.Context, op *service.Op) (wire.TOTPEnrollment, error) {
		return op.StartTOTP(ctx)
	})
	if err != nil {
		return sessionPage{}, err
	}
	png, err := qrcode.Encode(e.OTPAuthURI, qrcode.Medium, 256)
	if err != nil {
		return sessionPage{}, err
	}
	qr := template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)) //nolint:gosec // our own PNG
	return sessionPage{Secret: e.Secret, OTPAuthURI: e.OTPAuthURI, QRCode: qr}, nil
}

func (a *API) confirmTOTPPage(r *http.Request, c service.Caller) (sessionPage, error) {
	_, err := service.Write(r.Context(), a.svc, c, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.ConfirmTOTP(ctx, wire.TOTPConfirm{Code: r.PostForm.Get("code")})
	})
	return sessionPage{Done: "Your authenticator app is enrolled: signing in now asks for its code."}, err
}

func (a *API) signOutSubmit(w http.ResponseWriter, r *http.Request) {
	caller, ok := a.pageCaller(r)
	if ok && !readForm(w, r, "Sign out") {
		return
	}
	if ok {
		if _, err := service.Write(r.Context(), a.svc, caller, func(ctx context.Context, op *service.Op) (struct{}, error) {
			return struct{}{}, op.SignOut(ctx)
		}); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

func (a *API) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if token == "" {
		writeSessionPage(w, http.StatusOK, sessionPage{Title: "Reset your password", ResetRequest: true})
		return
	}
	if _, err := a.checkResetLink(r.Context(), token); err != nil {
		status, msg := pageErr(err)
		writeSessionPage(w, status, sessionPage{Title: "Reset your password", Error: msg})
		return
	}
	writeSessionPage(w, http.StatusOK, sessionPage{Title: "Reset your password", ResetToken: token})
}

func (a *API) resetSubmit(w http.ResponseWriter, r *http.Request) {
	if !readForm(w, r, "Reset your password") {
		return
	}
	token := r.PostForm.Get("token")
	if token == "" {
		done := a.svc.RequestPasswordReset(r.Context(), wire.PasswordResetRequest{Email: r.PostForm.Get("email")})
		writeSessionPage(w, http.StatusOK, sessionPage{Title: "Reset your password", Done: done.Detail})
		return
	}
	_, err := a.resetWithLink(r.Context(), token, r.PostForm.Get("password"))
	p := sessionPage{Title: "Reset your password", ResetToken: token}
	switch {
	case domain.IsKind(err, domain.KindGone):
		p.ResetToken = ""
		fallthrough
	case err != nil:
		status, msg := pageErr(err)
		p.Error = msg
		writeSessionPage(w, status, p)
	default:
		writeSessionPage(w, http.StatusOK, sessionPage{Title: "Reset your password", Done: "Your password is set. You can now sign in.",
			SignIn: true})
	}
}
