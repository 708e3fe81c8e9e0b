package api_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestAttackStalledExportsStarveNoOne is the third round's first finding: a
// client viewer who sees 12,000 users opens exports with a tiny receive
// buffer and never reads. They get one export at a time (a second is 429),
// their tenant two, and every other tenant's export is answered in full;
// the stalled download holds no snapshot, so 600 writes meanwhile leave the
// write-ahead log bounded; after ExportStall without progress the download
// is cut off and the viewer may export again.
func TestAttackStalledExportsStarveNoOne(t *testing.T) {
	const stall = 2 * time.Second
	s := acctest.StartAPI(t, acctest.Options{ExportStall: stall, SendBuffer: 4096, RateLimitOff: true})
	msp := s.Org(t, "Stall MSP", "partner", s.RootID)
	hostile := s.Org(t, "Hostile Client", "client", msp)
	other := s.Org(t, "Other Client", "client", msp)
	bulkUsers(t, s, hostile, 12000)
	_, viewer := s.UserWithToken(t, hostile, "viewer", "viewer@hostile.example")
	_, colleague := s.UserWithToken(t, hostile, "viewer", "colleague@hostile.example")
	_, third := s.UserWithToken(t, hostile, "viewer", "third@hostile.example")
	_, neighbour := s.UserWithToken(t, other, "viewer", "viewer@other.example")

	stalled := stallExport(t, s, viewer)
	if r := s.Do(t, viewer, "GET", "/v1/exports/users", nil); r.Status != http.StatusTooManyRequests ||
		r.Header.Get("Retry-After") == "" || !strings.Contains(r.Str(t, "detail"), "previous CSV export") {
		t.Errorf("a second export by the stalling viewer: %d %s", r.Status, r.Body)
	}
	stallExport(t, s, colleague)
	if r := s.Do(t, third, "GET", "/v1/exports/users", nil); r.Status != http.StatusTooManyRequests ||
		!strings.Contains(r.Str(t, "detail"), "of your organization") {
		t.Errorf("a third export of the stalling tenant: %d %s", r.Status, r.Body)
	}
	if r := s.Do(t, neighbour, "GET", "/v1/exports/users", nil); r.Status != http.StatusOK ||
		strings.Count(string(r.Body), "\n") != 2 {
		t.Errorf("another tenant's export while two stall: %d %q", r.Status, r.Body)
	}

	if s.DatabasePath() != "" { // SQLite: a held snapshot would keep the log from being checkpointed
		wal := s.DatabasePath() + "-wal"
		before := fileSize(t, wal)
		for i := range 600 {
			s.Admin(t, 201, "POST", "/v1/users", map[string]any{
				"email": fmt.Sprintf("write%d@other.example", i), "first_name": "Write", "last_name": "During Stall",
				"organization_id": other,
			})
		}
		after := fileSize(t, wal)
		t.Logf("write-ahead log over 600 writes during two stalled exports: %.1f → %.1f MiB", mib(before), mib(after))
		if after > before+8<<20 {
			t.Errorf("the write-ahead log grew from %.1f to %.1f MiB: a stalled export holds a snapshot", mib(before), mib(after))
		}
	}

	// The stalled viewer gets their slot back once the server has given up
	// on the download, which it has sent only in part.
	start := time.Now()
	for {
		r := s.Do(t, viewer, "GET", "/v1/exports/users", nil)
		if r.Status == http.StatusOK {
			break
		}
		if time.Since(start) > stall+time.Minute {
			t.Fatalf("the viewer's slot was not given back after the cut-off: %d %s", r.Status, r.Body)
		}
		time.Sleep(stall / 10)
	}
	if got := stalled.drain(t); got >= stalled.length {
		t.Errorf("the stalled export was sent whole (%d of %d bytes), want it cut off", got, stalled.length)
	}
	t.Logf("a stalled download of %d bytes was cut off after %s with %d bytes sent", stalled.length,
		time.Since(start).Round(100*time.Millisecond), stalled.sent)
}

// stalledDownload is an export whose client stopped reading after the headers.
type stalledDownload struct {
	conn   net.Conn
	rd     *bufio.Reader
	length int64
	sent   int64 // what drain read
}

// stallExport asks for an export on a connection with a 4 KiB receive
// buffer, reads the answer's head, then nothing more until drain.
func stallExport(t *testing.T, s *acctest.Server, token string) *stalledDownload {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		if cerr := c.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		}); cerr != nil {
			return cerr
		}
		return err
	}}
	conn, err := d.DialContext(context.Background(), "tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if _, err := fmt.Fprintf(conn, "GET /v1/exports/users HTTP/1.1\r\nHost: portal\r\nAuthorization: Bearer %s\r\n\r\n", token); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReaderSize(conn, 1024)
	resp, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the stalling export: %d", resp.StatusCode)
	}
	n, _ := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64)
	return &stalledDownload{conn: conn, rd: rd, length: n}
}

// drain reads what the server sent before it cut the download off: a few
// KiB that were in the sockets' buffers, then the end of the connection.
func (d *stalledDownload) drain(t *testing.T) int64 {
	t.Helper()
	_ = d.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	n, err := io.Copy(io.Discard, d.rd)
	if err != nil && !strings.Contains(err.Error(), "reset") {
		t.Errorf("reading a cut-off export: %v", err)
	}
	d.sent = n
	return n
}

// bulkUsers inserts n users into org in one transaction, below the API,
// since creating them one by one would be most of the test.
func bulkUsers(t *testing.T, s *acctest.Server, org string, n int) {
	t.Helper()
	now := time.Now().UTC()
	err := s.Service.Store.Write(t.Context(), func(tx *store.Tx) error {
		for i := range n {
			u := domain.User{User: wire.User{
				Meta:  domain.Meta{ID: domain.NewID("usr"), Version: 1, CreatedAt: now, UpdatedAt: now},
				Email: fmt.Sprintf("bulk-user-%05d@hostile-client.example", i), FirstName: "Bulk",
				LastName: "User Of The Hostile Client", OrganizationID: org, Enabled: true,
			}}
			if err := tx.InsertUser(t.Context(), u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
