package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// planClaims notices two resources of one configuration that would manage
// the same portal object (two portal_user blocks with one address, a grant
// written twice). Without it the second create fails at apply with a 409
// whose advice, "import it", points at an object the configuration already
// manages. Terraform plans every resource instance once per run of the
// provider, so a second claim on a key within one run is a duplicate; the
// claims start afresh with each provider configuration.
type planClaims struct {
	mu     sync.Mutex
	holder map[string]string // key → id of the object that claimed it, "" for a create
}

func newPlanClaims() *planClaims { return &planClaims{holder: map[string]string{}} }

// claim records that the object id (empty for one being created) manages
// key. It reports false when another resource of the configuration already
// claimed the key. A replacement is planned twice, as the prior object and
// then as a create, and the framework does not say at the first call that
// it replaces: an object whose plan changes anything (changing may mean
// replacing) hands its claim to one create. An unchanged object keeps it.
func (c *planClaims) claim(key, id string, changing bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	prior, taken := c.holder[key]
	switch {
	case !taken, id != "" && prior == id, id == "" && prior == replacedMark:
	default:
		return false
	}
	c.holder[key] = id
	if changing {
		c.holder[key] = replacedMark
	}
	return true
}

// replacedMark holds the claim of an object whose plan may replace it.
const replacedMark = "\x00replaced"

// naturalKey names what makes an object of a resource type unique in the
// portal: the attributes, compared ignoring case, and how to say it.
type naturalKey struct {
	resourceType string
	attributes   []string
	describe     func(values []string) string
}

// claimNaturalKey fails the plan when another resource in the configuration
// manages the object this one plans to manage. Unknown values are left to
// the API: they are only known at apply.
func (b *resourceBase) claimNaturalKey(
	ctx context.Context,
	req resource.ModifyPlanRequest,
	resp *resource.ModifyPlanResponse,
	k naturalKey,
) {
	if b.claims == nil || req.Plan.Raw.IsNull() {
		return
	}
	values, folded := make([]string, len(k.attributes)), make([]string, len(k.attributes))
	for i, name := range k.attributes {
		// Read from the raw plan: some of these attributes have custom types.
		raw, _, err := tftypes.WalkAttributePath(req.Plan.Raw, tftypes.NewAttributePath().WithAttributeName(name))
		v, ok := raw.(tftypes.Value)
		if err != nil || !ok || !v.IsKnown() || v.IsNull() || v.As(&values[i]) != nil {
			return
		}
		folded[i] = strings.ToLower(values[i])
	}
	var id types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	}
	key := k.resourceType + "\x00" + strings.Join(folded, "\x00")
	changing := !req.State.Raw.IsNull() && !req.Plan.Raw.Equal(req.State.Raw)
	if !b.claims.claim(key, id.ValueString(), changing) {
		last := k.attributes[len(k.attributes)-1]
		resp.Diagnostics.AddAttributeError(path.Root(last), "Duplicate "+k.resourceType+" in the configuration",
			fmt.Sprintf("Another %s in this configuration already manages %s. Each portal object can be managed by one resource only: "+
				"remove one of the two resources (or one instance of the count or for_each), or make them differ.", k.resourceType, k.describe(values)))
	}
}
