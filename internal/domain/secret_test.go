package domain

import (
	"math"
	"strings"
	"testing"
	"time"
)

// fixedSecret keeps these tests deterministic; NewSecret's output has the same shape.
const fixedSecret = "ptk_Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1zZWNyZXQtYXQtYWxs"

func TestNewSecretIsPrefixedRandomAndStoredOnlyAsAHash(t *testing.T) {
	s, h := NewSecret(InvitationTokenPrefix)
	s2, _ := NewSecret(InvitationTokenPrefix)
	if !strings.HasPrefix(s, InvitationTokenPrefix) || len(s) != len(InvitationTokenPrefix)+43 || s == s2 {
		t.Fatalf("secret %q is not a prefixed 256-bit random value", s)
	}
	if strings.Contains(h, s[len(InvitationTokenPrefix):]) || h != HashSecret(s) || len(h) != 64 {
		t.Fatalf("hash %q of %q", h, s)
	}
}

func TestSecretMatches(t *testing.T) {
	h := HashSecret(fixedSecret)
	if !SecretMatches(fixedSecret, h) {
		t.Fatal("the secret does not match its own hash")
	}
	refused := []string{"", fixedSecret + "x", fixedSecret[:len(fixedSecret)-1], strings.ToUpper(fixedSecret), " " + fixedSecret, h}
	for i := range len(fixedSecret) { // every single-character change
		b := []byte(fixedSecret)
		b[i] ^= 1
		refused = append(refused, string(b))
	}
	for _, s := range refused {
		if SecretMatches(s, h) {
			t.Errorf("%q matched the hash of %q", s, fixedSecret)
		}
	}
	for _, stored := range []string{"", strings.ToUpper(h), h[:32], h + "00"} {
		if SecretMatches(fixedSecret, stored) {
			t.Errorf("the secret matched a malformed stored hash %q", stored)
		}
	}
}

// An attacker who times the comparison to guess a secret byte by byte gains
// nothing: what is compared is the digest of the guess, and a guess sharing
// any prefix of the secret does not share a prefix with the secret's digest.
// (The comparison itself is crypto/subtle's, which also never stops early.)
func TestSecretComparisonDoesNotFollowTheGuessedPrefix(t *testing.T) {
	stored := HashSecret(fixedSecret)
	longest := 0
	for n := range len(fixedSecret) {
		guess := fixedSecret[:n] + strings.Repeat("?", len(fixedSecret)-n)
		d := HashSecret(guess)
		common := 0
		for common < len(d) && d[common] == stored[common] {
			common++
		}
		longest = max(longest, common)
	}
	// 56 guesses sharing 0 to 55 characters with the secret; by chance the
	// digests share at most a hex digit or two with the stored one.
	if longest > 3 {
		t.Fatalf("a guess's digest shares %d leading hex digits with the stored hash", longest)
	}
}

// BenchmarkSecretMatches shows that a guess wrong in its first character and
// one wrong only in its last take the same time.
func BenchmarkSecretMatches(b *testing.B) {
	h := HashSecret(fixedSecret)
	last := []byte(fixedSecret)
	last[len(last)-1] ^= 1
	for _, c := range []struct{ name, guess string }{
		{"wrong-first-char", "x" + fixedSecret[1:]}, {"wrong-last-char", string(last)}, {"exact", fixedSecret},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				SecretMatches(c.guess, h)
			}
		})
	}
}

// BenchmarkSecretMatchesLeak is a dudect-style measurement: it alternates
// batches of guesses that share nothing with the secret and guesses that
// share all but the last character, and reports Welch's t statistic between
// the two timing samples. |t| below 4.5 is the usual "no leak detected".
func BenchmarkSecretMatchesLeak(b *testing.B) {
	h := HashSecret(fixedSecret)
	near := []byte(fixedSecret)
	near[len(near)-1] ^= 1
	classes := [2]string{strings.Repeat("?", len(fixedSecret)), string(near)}
	var samples [2][]float64
	const batch = 200
	i := 0
	for b.Loop() {
		c := i % 2
		start := time.Now()
		for range batch {
			SecretMatches(classes[c], h)
		}
		samples[c] = append(samples[c], float64(time.Since(start))/batch)
		i++
	}
	b.ReportMetric(math.Abs(welchT(samples[0], samples[1])), "|t|")
}

func welchT(a, b []float64) float64 {
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	variance := func(x []float64, m float64) float64 {
		s := 0.0
		for _, v := range x {
			s += (v - m) * (v - m)
		}
		return s / float64(len(x)-1)
	}
	if len(a) < 2 || len(b) < 2 {
		return 0
	}
	ma, mb := mean(a), mean(b)
	se := math.Sqrt(variance(a, ma)/float64(len(a)) + variance(b, mb)/float64(len(b)))
	if se == 0 {
		return 0
	}
	return (ma - mb) / se
}
