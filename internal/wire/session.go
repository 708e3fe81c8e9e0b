package wire

import "time"

// SessionCreate is the body of the public POST /v1/sessions: a person signs in.
type SessionCreate struct {
	// The account's address, ignoring case.
	Email string `json:"email" oas:"format=email" example:"ann@example.com"`
	// The account's password.
	Password string `json:"password" oas:"format=password,writeOnly=true,maxLength=128" example:"correct horse battery"`
	// The current 6-digit code of the authenticator app, for an account
	// enrolled in TOTP; a sign-in without it answers 401 mfa_required.
	TOTPCode string `json:"totp_code,omitempty" oas:"pattern=^[0-9]{6}$" example:"492039"`
}

// Session is a new sign-in session: its bearer token is shown once.
type Session struct {
	// The session's bearer token: send it as Authorization: Bearer <token>.
	// Shown once; stored only as a hash.
	Token string `json:"token" example:"pses_3q2x7k9m4n8p6r5s1t0v"`
	// When the session ends: twelve hours after sign-in, however it is
	// used (sessions do not slide).
	ExpiresAt time.Time `json:"expires_at" example:"2026-11-03T20:00:00Z"`
	// The user signed in.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The session may do nothing but change the password (POST
	// /v1/me/password), read /v1/me and sign out, until it does.
	PasswordChangeRequired bool `json:"password_change_required" example:"false"`
}

// TOTPEnrollment is a TOTP secret being enrolled, to enter in an
// authenticator app; POST /v1/me/mfa/totp/confirm with a code finishes it.
type TOTPEnrollment struct {
	// The base32 secret, for apps that take it typed in.
	Secret string `json:"secret" example:"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"`
	// The otpauth URI that authenticator apps read, usually from a QR code.
	OTPAuthURI string `json:"otpauth_uri" example:"otpauth://totp/Portal:ann@example.com?issuer=Portal&secret=JBSWY3DPEHPK3PXP"`
}

// TOTPConfirm is the body of POST /v1/me/mfa/totp/confirm.
type TOTPConfirm struct {
	// The current 6-digit code the authenticator app shows.
	Code string `json:"code" oas:"pattern=^[0-9]{6}$" example:"492039"`
}

// PasswordChange is the body of POST /v1/me/password.
type PasswordChange struct {
	// The password in use now.
	CurrentPassword string `json:"current_password" oas:"format=password,writeOnly=true,maxLength=128" example:"correct horse battery"`
	// The new password: 12 to 128 characters, at most 72 bytes in UTF-8, not
	// a commonly used password, and not containing the account's address.
	NewPassword string `json:"new_password" oas:"newPassword" example:"a quiet harbour at dawn"`
}

// PasswordResetRequest is the body of the public POST /v1/password-resets.
type PasswordResetRequest struct {
	// The address of the account whose password is forgotten.
	Email string `json:"email" oas:"format=email" example:"ann@example.com"`
}

// PasswordResetAccepted is the answer to every password-reset request,
// whether or not an account has the address.
type PasswordResetAccepted struct {
	// What happens next.
	Detail string `json:"detail" example:"If an account with this address can sign in, a link to choose a new password was e-mailed to it."`
}

// PasswordResetComplete is the body of the public POST /v1/password-resets/complete.
type PasswordResetComplete struct {
	// The token at the end of the e-mailed reset link.
	Token string `json:"token" example:"prst_3q2x7k9m4n8p6r5s1t0v"`
	// The new password (see PasswordChange.new_password).
	Password string `json:"password" oas:"newPassword" example:"a quiet harbour at dawn"`
}

// SignInForm is the form of the sign-in page: the e-mail and password, or
// the second step's challenge and TOTP code.
type SignInForm struct {
	// The account's address (first step).
	Email string `json:"email,omitempty" oas:"format=email" example:"ann@example.com"`
	// The account's password (first step).
	Password string `json:"password,omitempty" oas:"format=password,writeOnly=true,maxLength=128" example:"correct horse battery"`
	// The proof of the first step the page carries to the second.
	Challenge string `json:"challenge,omitempty" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3.1796280000.q2x7k9m4.VfZr"`
	// The authenticator's current code (second step).
	TOTPCode string `json:"totp_code,omitempty" example:"492039"`
}

// PasswordResetForm is the form of the reset page: an address to mail a
// link to, or a link's token with the new password.
type PasswordResetForm struct {
	// The account's address, to ask for a link.
	Email string `json:"email,omitempty" oas:"format=email" example:"ann@example.com"`
	// The token of the e-mailed link.
	Token string `json:"token,omitempty" example:"prst_3q2x7k9m4n8p6r5s1t0v"`
	// The new password, with token.
	Password string `json:"password,omitempty" oas:"format=password,writeOnly=true,maxLength=128" example:"a quiet harbour at dawn"`
}
