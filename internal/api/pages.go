package api

import (
	"html/template"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// The pages behind e-mailed links, for people finishing in a browser. Plain
// HTML forms with no script, so they work in any browser; the token travels
// in a hidden field and is never logged (request logs carry no query strings
// or bodies).

// pageHead opens every page of the portal: one look, the title, and what went wrong.
const pageHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1.2rem;padding:.6rem 1.2rem}.error{color:#b00020}
code{word-break:break-all}section{margin-top:2rem}</style></head>
<body><h1>{{.Title}}</h1>
{{if .Error}}<p class="error" role="alert" id="error">{{.Error}}</p>{{end}}
`

var pageTemplate = template.Must(template.New("page").Parse(pageHead + `{{if .Done}}<p id="done">{{.Done}}</p>{{else if .Action}}
{{if .Intro}}<p id="intro">{{.Intro}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
{{if .AskName}}<label for="first_name">First name</label><input id="first_name" name="first_name" required autocomplete="given-name">
<label for="last_name">Last name</label><input id="last_name" name="last_name" required autocomplete="family-name">{{end}}
<label for="password">{{.PasswordLabel}}</label>
<input id="password" name="password" type="password" required minlength="12" autocomplete="{{.Autocomplete}}">
<button type="submit" id="submit">{{.Button}}</button>
</form>{{end}}
</body></html>`))

// page is one rendering; without an Action (a dead link) it shows no form.
type page struct {
	Title, Intro, Action, Token, Button, Error, Done string
	PasswordLabel, Autocomplete                      string
	AskName                                          bool
}

func writePage(w http.ResponseWriter, status int, p page) {
	writeHTML(w, status, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", pageTemplate, p)
}

// writeHTML answers a page: never cached, never framed, sending no
// referrer (the address may hold a link's token), under a policy csp.
func writeHTML(w http.ResponseWriter, status int, csp string, t *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Content-Security-Policy", csp)
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = t.Execute(w, data)
}

const newPassword = "Choose a password (at least 12 characters)"

// acceptPage asks for what accepting needs: a new account's names and
// password, an unfinished account's password, or an existing account's own
// password, and says which one it is.
func acceptPage(token string, link service.InvitationLink) page {
	p := page{
		Title:         "Accept your invitation",
		Action:        "/invitations/accept",
		Token:         token,
		PasswordLabel: newPassword,
		Autocomplete:  "new-password",
	}
	switch link.Account {
	case service.AccountExisting:
		p.Intro = "You already have a portal account, " + link.Email + ". Enter its password to add access to " +
			"" + link.OrganizationNames + " to that account."
		p.PasswordLabel, p.Autocomplete, p.Button = "Password of your portal account", "current-password", "Accept with my account"
	case service.AccountUnfinished:
		p.Intro = "An account for " + link.Email + " was created for you but never set up. Choose a password to finish setting it up and join " +
			"" + link.OrganizationNames + "."
		p.Button = "Set my password and accept"
	default:
		p.Intro = "You are invited to join " + link.OrganizationNames + " on the portal as " + link.Email + "."
		p.AskName, p.Button = true, "Create my account"
	}
	return p
}

func acceptDone(link service.InvitationLink) string {
	switch link.Account {
	case service.AccountExisting:
		return "Invitation accepted: your account " + link.Email + " now has access to " + link.OrganizationNames + "."
	case service.AccountUnfinished:
		return "Your account is set up and has access to " + link.OrganizationNames + ". You can now sign in to the portal."
	}
	return "Your account is ready. You can now sign in to the portal."
}

func setupPage(token string) page {
	return page{
		Title:         "Set up your account",
		Action:        "/account/setup",
		Token:         token,
		Button:        "Set my password",
		PasswordLabel: newPassword,
		Autocomplete:  "new-password",
	}
}

// writeDeadLink shows why a link no longer works, without a form to fill in for nothing.
func writeDeadLink(w http.ResponseWriter, title string, err error) {
	pr := problemFor(err)
	writePage(w, pr.Status, page{Title: title, Error: pr.Detail})
}

// formError puts a problem's detail and field messages on the page.
func formError(p *page, err error) int {
	pr := problemFor(err)
	p.Error = pr.Detail
	for _, f := range pr.Errors {
		p.Error += " " + f.Field + ": " + f.Message + "."
	}
	return pr.Status
}

func (a *API) acceptForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	link, err := a.inspectInvitationLink(r.Context(), token)
	if err != nil {
		writeDeadLink(w, "Accept your invitation", err)
		return
	}
	writePage(w, http.StatusOK, acceptPage(token, link))
}

func (a *API) acceptSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		writePage(
			w,
			http.StatusBadRequest,
			page{Title: "Accept your invitation", Error: "The form could not be read; open the link from your e-mail again."},
		)
		return
	}
	in := wire.InvitationAccept{
		Token:     r.PostForm.Get("token"),
		FirstName: r.PostForm.Get("first_name"),
		LastName:  r.PostForm.Get("last_name"),
		Password:  r.PostForm.Get("password"),
	}
	_, link, err := a.acceptWithLink(r.Context(), in)
	if domain.IsKind(err, domain.KindGone) {
		writeDeadLink(w, "Accept your invitation", err)
		return
	}
	p := acceptPage(in.Token, link)
	if err != nil {
		writePage(w, formError(&p, err), p)
		return
	}
	p.Done = acceptDone(link)
	writePage(w, http.StatusOK, p)
}

func (a *API) setupForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if _, err := a.checkSetupLink(r.Context(), token); err != nil {
		writeDeadLink(w, "Set up your account", err)
		return
	}
	writePage(w, http.StatusOK, setupPage(token))
}

func (a *API) setupSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		writePage(
			w,
			http.StatusBadRequest,
			page{Title: "Set up your account", Error: "The form could not be read; open the link from your e-mail again."},
		)
		return
	}
	token := r.PostForm.Get("token")
	_, err := a.setupWithLink(r.Context(), token, r.PostForm.Get("password"))
	if domain.IsKind(err, domain.KindGone) {
		writeDeadLink(w, "Set up your account", err)
		return
	}
	p := setupPage(token)
	if err != nil {
		writePage(w, formError(&p, err), p)
		return
	}
	p.Done = "Your account is ready. You can now sign in to the portal."
	writePage(w, http.StatusOK, p)
}
