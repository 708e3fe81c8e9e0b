package store

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

func TestPageTokenRoundTrip(t *testing.T) {
	for _, id := range []string{"org_06h0", "a", "usr_\u00e9"} {
		got, err := domain.DecodePageToken(domain.EncodePageToken(id))
		if err != nil || got != id {
			t.Fatalf("%q: %q %v", id, got, err)
		}
	}
	for _, bad := range []string{"abc", "!!!", "e30", "bnVsbA"} {
		if _, err := domain.DecodePageToken(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzDecodePageToken(f *testing.F) {
	f.Add(domain.EncodePageToken("org_x"))
	f.Add("e30")
	f.Fuzz(func(t *testing.T, tok string) {
		id, err := domain.DecodePageToken(tok)
		if err == nil && tok != "" && id == "" {
			t.Fatalf("%q decoded to an empty cursor", tok)
		}
	})
}
