package acctest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/mspportal/terraform-provider-portal/internal/provider"
)

// ProviderFactories serve the provider in-process to terraform-plugin-testing.
// Its client decodes strictly: an answer of the API with a field the client
// does not know fails the test, where a release would ignore it.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"portal": providerserver.NewProtocol6WithError(provider.New("test", provider.StrictDecoding())()),
}

// ProviderBlock configures the provider for this server as its administrator.
func (s *Server) ProviderBlock() string { return s.ProviderBlockWithToken(BootstrapToken) }

// ProviderBlockWithToken configures the provider for this server with another user's token.
func (s *Server) ProviderBlockWithToken(token string) string {
	return s.providerBlock(token, 6)
}

// ProviderBlockWithRetries configures the provider as administrator with more retries, for fault runs.
func (s *Server) ProviderBlockWithRetries(retries int) string {
	return s.providerBlock(BootstrapToken, retries)
}

func (s *Server) providerBlock(token string, retries int) string {
	return fmt.Sprintf(`
provider "portal" {
  endpoint    = %q
  token       = %q
  max_retries = %d
}
`, s.URL, token, retries)
}

// Config prefixes an HCL configuration with the provider block.
func (s *Server) Config(hcl string, args ...any) string {
	return s.ProviderBlock() + fmt.Sprintf(hcl, args...)
}

// ExpectOnlyChanged asserts that the planned update of addr changes exactly
// attrs: drift correction must touch what drifted and nothing else.
func ExpectOnlyChanged(addr string, attrs ...string) plancheck.PlanCheck {
	return onlyChanged{addr: addr, attrs: attrs}
}

type onlyChanged struct {
	addr  string
	attrs []string
}

func (c onlyChanged) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		var changed []string
		for k, b := range before {
			if u, _ := unknown[k].(bool); u {
				changed = append(changed, k+"(unknown)")
				continue
			}
			if !reflect.DeepEqual(b, after[k]) {
				changed = append(changed, k)
			}
		}
		sort.Strings(changed)
		want := slices.Clone(c.attrs)
		sort.Strings(want)
		if !slices.Equal(changed, want) {
			resp.Error = fmt.Errorf("%s: planned changes to %v, want exactly %v", c.addr, changed, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", c.addr)
}
