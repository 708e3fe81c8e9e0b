package api

import (
	"html/template"
	"net/http"
)

// The sign-in and account pages: plain HTML forms with no script, like the
// pages behind e-mailed links. One template, whose sections show by what
// the page holds.
var sessionTemplate = template.Must(template.New("session").Parse(pageHead + `{{if .Done}}<p id="done">{{.Done}}</p>{{end}}
{{if .SignIn}}<form method="post" action="/signin">
<label for="email">E-mail address</label><input id="email" name="email" type="email" required autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password" required autocomplete="current-password">
<button type="submit" id="submit">Sign in</button></form>
<p><a href="/account/reset" id="forgot">Forgot your password?</a></p>{{end}}
{{if .Challenge}}<form method="post" action="/signin"><input type="hidden" name="challenge" value="{{.Challenge}}">
<label for="totp_code">6-digit code from your authenticator app</label>
<input id="totp_code" name="totp_code" required inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code">
<button type="submit" id="submit">Verify</button></form>{{end}}
{{if .ResetRequest}}<form method="post" action="/account/reset">
<label for="email">E-mail address of your account</label><input id="email" name="email" type="email" required autocomplete="username">
<button type="submit" id="submit">Send me a link</button></form>{{end}}
{{if .ResetToken}}<form method="post" action="/account/reset"><input type="hidden" name="token" value="{{.ResetToken}}">
<label for="password">Choose a password (at least 12 characters)</label>
<input id="password" name="password" type="password" required minlength="12" autocomplete="new-password">
<button type="submit" id="submit">Set my password</button></form>{{end}}
{{if .Email}}<p id="account">Signed in as <strong>{{.Email}}</strong>.
{{if .MustChange}}You must choose a new password before doing anything else.{{end}}</p>
<section><h2>Change your password</h2><form method="post" action="/account/password">
<label for="current_password">Current password</label>
<input id="current_password" name="current_password" type="password" required autocomplete="current-password">
<label for="new_password">New password (at least 12 characters)</label>
<input id="new_password" name="new_password" type="password" required minlength="12" autocomplete="new-password">
<button type="submit" id="change">Change my password</button></form></section>
{{if not .MustChange}}<section><h2>Authenticator app</h2>
{{if .MFAEnrolled}}<p id="mfa">An authenticator app is enrolled: signing in asks for its code.</p>
{{else if .OTPAuthURI}}<p>Scan this code with your authenticator app, or enter the key by hand, then type the code it shows.</p>
<img id="qr" alt="QR code of the authenticator set-up" width="256" height="256" src="{{.QRCode}}">
<p>Key: <code id="secret">{{.Secret}}</code></p><p>Link: <code id="otpauth">{{.OTPAuthURI}}</code></p>
<form method="post" action="/account/mfa/confirm"><label for="code">6-digit code</label>
<input id="code" name="code" required inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code">
<button type="submit" id="confirm">Confirm</button></form>
{{else}}<form method="post" action="/account/mfa"><button type="submit" id="enrol">Set up an authenticator app</button></form>{{end}}
</section>{{end}}
<form method="post" action="/signout"><button type="submit" id="signout">Sign out</button></form>{{end}}
</body></html>`))

// sessionPage is one rendering of sessionTemplate.
type sessionPage struct {
	Title, Error, Done string
	SignIn             bool   // the e-mail and password form
	Challenge          string // the TOTP step, carrying proof of the password
	ResetRequest       bool   // the form asking for a reset link
	ResetToken         string // the form choosing a password with a reset link
	// The account page: who is signed in, and the enrolment in progress.
	Email                   string
	MustChange, MFAEnrolled bool
	Secret, OTPAuthURI      string
	QRCode                  template.URL // a data: URI of a PNG
}

func writeSessionPage(w http.ResponseWriter, status int, p sessionPage) {
	// The QR code is an inline PNG: images from data: URIs, nothing else.
	writeHTML(w, status, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'", sessionTemplate, p)
}
