package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// TestCSVExportsRunningAtOnceAreBounded: an export holds a read connection
// while it is read, so exports must not be able to take every connection.
// Past the bound an export waits its turn for ExportWait, then is refused
// with a 429 and Retry-After, and the other reads go on; once one finishes,
// the next starts.
func TestCSVExportsRunningAtOnceAreBounded(t *testing.T) {
	s := acctest.StartAPI(t)
	s.Service.ExportWait = 200 * time.Millisecond
	root := service.Caller{UserID: s.AdminID}
	release := make(chan struct{})
	started := make(chan struct{})
	var wg sync.WaitGroup
	for range service.MaxExports {
		wg.Go(func() {
			first := true
			err := s.Service.ExportUsers(t.Context(), root, domain.UserFilter{}, "", false, 10, func(service.ExportedUser) error {
				if first {
					first = false
					started <- struct{}{}
					<-release // a client that does not read
				}
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	for range service.MaxExports {
		<-started
	}
	r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/users?limit=10", nil, "Accept", "text/csv")
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" ||
		!strings.Contains(r.Str(t, "detail"), "CSV exports are being read") {
		t.Errorf("an export past the bound: %d %v %s", r.Status, r.Header, r.Body)
	}
	// Everything else still reads, several at once: the exports hold
	// connections of their own, not the ones requests read with.
	reads := make(chan struct{})
	go func() {
		var rw sync.WaitGroup
		for range 4 {
			rw.Go(func() {
				s.Admin(t, 200, "GET", "/v1/users?limit=10", nil)
				s.Admin(t, 200, "GET", "/v1/users/"+s.AdminID, nil)
			})
		}
		rw.Wait()
		close(reads)
	}()
	select {
	case <-reads:
	case <-time.After(time.Minute):
		t.Fatal("reads waited for the exports' connections")
	}
	close(release)
	wg.Wait()
	if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/users?limit=10", nil, "Accept", "text/csv"); r.Status != http.StatusOK {
		t.Errorf("an export after the others finished: %d %s", r.Status, r.Body)
	}
}
