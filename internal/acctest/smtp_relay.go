package acctest

import (
	"encoding/base64"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Relay is a minimal SMTP server on loopback that records what it is sent,
// for the tests of e-mail delivery.
type Relay struct {
	// Addr is the relay's host:port.
	Addr string
	mu   sync.Mutex
	got  []Relayed
	auth []string
	// failRcpt answers this many RCPT commands with a temporary failure.
	failRcpt int
}

// Relayed is one message the relay took.
type Relayed struct {
	From string
	To   []string
	Data string
}

// StartSMTPRelay starts a relay that lives as long as the test.
func StartSMTPRelay(t testing.TB) *Relay {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{Addr: ln.Addr().String()}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.session(c)
		}
	}()
	return r
}

func (r *Relay) session(c net.Conn) {
	defer func() { _ = c.Close() }()
	tp := textproto.NewConn(c)
	reply := func(line string) { _ = tp.PrintfLine("%s", line) }
	reply("220 relay.test ESMTP")
	var cur Relayed
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250-relay.test")
			reply("250 AUTH PLAIN")
		case strings.HasPrefix(cmd, "AUTH PLAIN "):
			cred, _ := base64.StdEncoding.DecodeString(line[len("AUTH PLAIN "):])
			r.mu.Lock()
			r.auth = append(r.auth, string(cred))
			r.mu.Unlock()
			reply("235 accepted")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur = Relayed{From: strings.Trim(line[len("MAIL FROM:"):], "<> ")}
			reply("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			r.mu.Lock()
			fail := r.failRcpt > 0
			if fail {
				r.failRcpt--
			}
			r.mu.Unlock()
			if fail {
				reply("451 try again later")
				continue
			}
			cur.To = append(cur.To, strings.Trim(line[len("RCPT TO:"):], "<> "))
			reply("250 ok")
		case cmd == "DATA":
			reply("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			r.mu.Lock()
			r.got = append(r.got, cur)
			r.mu.Unlock()
			reply("250 queued")
		case cmd == "RSET", cmd == "NOOP":
			reply("250 ok")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// Messages are the messages taken so far.
func (r *Relay) Messages() []Relayed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Relayed(nil), r.got...)
}

// Auth are the credentials of every AUTH PLAIN so far.
func (r *Relay) Auth() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.auth...)
}

// FailRcpt makes the next n RCPT commands fail temporarily.
func (r *Relay) FailRcpt(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failRcpt = n
}
