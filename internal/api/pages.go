package api

import (
	"html/template"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// The pages behind e-mailed links, for people finishing in a browser. Plain
// HTML forms with no script, so they work in any browser; the token travels
// in a hidden field and is never logged (request logs carry no query strings
// or bodies).

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1.2rem;padding:.6rem 1.2rem}.error{color:#b00020}</style></head>
<body><h1>{{.Title}}</h1>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
{{if .Done}}<p id="done">{{.Done}}</p>{{else}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
{{if .AskName}}<label for="first_name">First name</label><input id="first_name" name="first_name" required autocomplete="given-name">
<label for="last_name">Last name</label><input id="last_name" name="last_name" required autocomplete="family-name">{{end}}
<label for="password">Password (at least 12 characters)</label><input id="password" name="password" type="password" required minlength="12" autocomplete="new-password">
<button type="submit" id="submit">{{.Button}}</button>
</form>{{end}}
</body></html>`))

type page struct {
	Title, Action, Token, Button, Error, Done string
	AskName                                   bool
}

func writePage(w http.ResponseWriter, status int, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, p)
}

func acceptPage(token string) page {
	return page{Title: "Accept your invitation", Action: "/invitations/accept", Token: token, Button: "Create my account", AskName: true}
}

func setupPage(token string) page {
	return page{Title: "Set up your account", Action: "/account/setup", Token: token, Button: "Set my password"}
}

func (a *API) acceptForm(w http.ResponseWriter, r *http.Request) {
	writePage(w, http.StatusOK, acceptPage(r.URL.Query().Get("token")))
}

func (a *API) acceptSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, page{Title: "Accept your invitation", Error: "The form could not be read; open the link from your e-mail again."})
		return
	}
	in := service.InvitationAccept{Token: r.PostForm.Get("token"), FirstName: r.PostForm.Get("first_name"), LastName: r.PostForm.Get("last_name"), Password: r.PostForm.Get("password")}
	in.NormalizeNames()
	p := acceptPage(in.Token)
	var hash string
	err := a.checkLink(r.Context(), in.Token, (*service.Op).CheckInvitationLink)
	if err == nil {
		hash, err = service.HashPassword(in.Password)
	}
	if err == nil {
		err = a.svc.Store.Write(r.Context(), func(tx *store.Tx) error {
			_, err := a.svc.Op(tx, service.Caller{}).AcceptInvitation(r.Context(), in, hash)
			return err
		})
	}
	if err != nil {
		pr := problemFor(err)
		p.Error = pr.Detail
		for _, f := range pr.Errors {
			p.Error += " " + f.Field + ": " + f.Message + "."
		}
		writePage(w, pr.Status, p)
		return
	}
	p.Done = "Your account is ready. You can now sign in to the portal."
	writePage(w, http.StatusOK, p)
}

func (a *API) setupForm(w http.ResponseWriter, r *http.Request) {
	writePage(w, http.StatusOK, setupPage(r.URL.Query().Get("token")))
}

func (a *API) setupSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, page{Title: "Set up your account", Error: "The form could not be read; open the link from your e-mail again."})
		return
	}
	token := r.PostForm.Get("token")
	p := setupPage(token)
	var hash string
	err := a.checkLink(r.Context(), token, (*service.Op).CheckSetupLink)
	if err == nil {
		hash, err = service.HashPassword(r.PostForm.Get("password"))
	}
	if err == nil {
		err = a.svc.Store.Write(r.Context(), func(tx *store.Tx) error {
			_, err := a.svc.Op(tx, service.Caller{}).CompleteSetup(r.Context(), token, hash)
			return err
		})
	}
	if err != nil {
		pr := problemFor(err)
		p.Error = pr.Detail
		writePage(w, pr.Status, p)
		return
	}
	p.Done = "Your account is ready. You can now sign in to the portal."
	writePage(w, http.StatusOK, p)
}
