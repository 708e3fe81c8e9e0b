package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"
)

// tfSubject is one of the three compared, with its measurements.
type tfSubject struct {
	name           string
	dir            *tfDir
	plugin         string // executable name whose RSS the plan watches; "" for none
	config         string
	applies, plans []time.Duration
	rss            []int64
}

// terraformFigures times terraform apply of c.resources portal_user from an
// empty state, then a plan with them in state and nothing to change, against
// the reference API at its default settings. The same configuration against
// portal-floor-provider (the same schema, no work) is the floor, and
// terraform_data is shown beside them as the cost of Terraform alone. The
// three alternate in every round, in rotating order, and the medians are
// compared. Destroys are not timed.
func terraformFigures(ctx context.Context, c config, t *table) error {
	if c.resources < 1 || c.rounds < 1 {
		return fmt.Errorf("-resources and -rounds must be at least 1")
	}
	setup, err := setUpTerraform(ctx, c)
	if err != nil {
		return err
	}
	// The figures are at the API's defaults; the same plan with its rate
	// limits off shows whether the defaults slow Terraform down.
	api, err := startReferenceAPI(ctx, setup.apiBin, c.work, "api")
	if err != nil {
		return err
	}
	defer api.stop()
	unlimited, err := startReferenceAPI(ctx, setup.apiBin, c.work, "api-unlimited", "-rate-limit", "0")
	if err != nil {
		return err
	}
	defer unlimited.stop()

	user, err := newUsersSubject(ctx, c, "portal_user", setup.realRC, api)
	if err != nil {
		return err
	}
	free, err := newUsersSubject(ctx, c, "portal_user-limits-off", setup.realRC, unlimited)
	if err != nil {
		return err
	}
	// The floor gets the very configuration the provider gets, and ignores it.
	floor, err := newTFSubject(ctx, c, "floor", setup.floorRC, user.config, providerBinary, floorSchemaEnv+"="+setup.floorSchema)
	if err != nil {
		return err
	}
	data, err := newTFSubject(ctx, c, "terraform_data", setup.plainRC, dataConfig(c.resources), "")
	if err != nil {
		return err
	}

	subjects := []*tfSubject{user, floor, data, free}
	for r := range c.rounds {
		for k := range subjects {
			s := subjects[(r+k)%len(subjects)]
			if err := s.round(ctx, c.resources); err != nil {
				return fmt.Errorf("%s, round %d: %w", s.name, r+1, err)
			}
			fmt.Fprintf(
				os.Stderr,
				"portal-bench: round %d/%d: %s: apply %s, plan %s",
				r+1,
				c.rounds,
				s.name,
				seconds(s.applies[r]),
				seconds(s.plans[r]),
			)
			if s.plugin != "" {
				fmt.Fprintf(os.Stderr, ", plugin peak RSS %d kB", s.rss[r]>>10)
			}
			fmt.Fprintln(os.Stderr)
		}
	}

	how := fmt.Sprintf("Terraform %s, median of %d interleaved rounds", setup.version, c.rounds)
	t.add(
		durationFigure(
			fmt.Sprintf(
				"terraform plan, %d portal_user in state, no changes (%s; terraform_data: %s)",
				c.resources,
				how,
				seconds(median(data.plans)),
			),
			median(user.plans),
			median(floor.plans),
			1.00,
		),
	)
	t.add(
		durationFigure(
			fmt.Sprintf("terraform apply, %d portal_user created (%s; terraform_data: %s)", c.resources, how, seconds(median(data.applies))),
			median(user.applies),
			median(floor.applies),
			1.10,
		),
	)
	limited, off := median(user.plans), median(free.plans)
	t.add(figure{
		what:   fmt.Sprintf("terraform plan of %d portal_user at the API's default rate limits (%s)", c.resources, how),
		value:  seconds(limited),
		floor:  "the same plan with the API's limits off: " + seconds(off),
		ratio:  ratio(limited.Seconds(), off.Seconds()),
		target: "within 5%",
		met:    off > 0 && limited.Seconds() <= 1.05*off.Seconds(),
	})
	userRSS, floorRSS := median(user.rss), median(floor.rss)
	t.add(figure{
		what:   fmt.Sprintf("provider peak RSS during that plan (VmHWM, %s)", how),
		value:  mebibytes(userRSS),
		floor:  "do-nothing framework provider: " + mebibytes(floorRSS),
		ratio:  ratio(float64(userRSS), float64(floorRSS)),
		target: "≤ floor + 10%",
		met:    floorRSS > 0 && float64(userRSS) <= 1.10*float64(floorRSS),
	})
	return nil
}

// newUsersSubject prepares the portal_user configuration against api.
func newUsersSubject(ctx context.Context, c config, name, rc string, api *server) (*tfSubject, error) {
	org, err := clientOrganization(ctx, api)
	if err != nil {
		return nil, err
	}
	return newTFSubject(ctx, c, name, rc, usersConfig(c.resources, api.base, referenceAPIToken, org), providerBinary)
}

// newTFSubject prepares a working directory for one of the compared, untimed:
// the configuration, terraform init unless a plugin comes from a dev
// override (which needs none, and Terraform 1.11 then fails to reach the
// registry), and a validate that starts the plugin once so that no
// subject's first timed run pays for reading a cold binary.
func newTFSubject(ctx context.Context, c config, name, rc, config, plugin string, extra ...string) (*tfSubject, error) {
	d, err := newTFDir(c.terraform, filepath.Join(c.work, "tf-"+name), rc, config, extra...)
	if err != nil {
		return nil, err
	}
	if plugin == "" {
		if _, err := d.run(ctx, "", "init", "-input=false"); err != nil {
			return nil, err
		}
	}
	if _, err := d.run(ctx, "", "validate"); err != nil {
		return nil, err
	}
	return &tfSubject{name: name, dir: d, plugin: plugin, config: config}, nil
}

// round applies n resources from an empty state, plans with them in state,
// and destroys them; the apply and the plan are timed.
func (s *tfSubject) round(ctx context.Context, n int) error {
	apply, err := s.dir.expect(
		ctx,
		fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed.", n),
		"",
		"apply",
		"-auto-approve",
		"-input=false",
	)
	if err != nil {
		return err
	}
	plan, err := s.dir.expect(ctx, "No changes.", s.plugin, "plan", "-input=false")
	if err != nil {
		return err
	}
	if _, err := s.dir.expect(ctx, fmt.Sprintf("Resources: %d destroyed.", n), "", "destroy", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	s.applies, s.plans = append(s.applies, apply.took), append(s.plans, plan.took)
	if s.plugin != "" {
		if plan.rss == 0 {
			return fmt.Errorf("saw no %s process during the plan", s.plugin)
		}
		s.rss = append(s.rss, plan.rss)
	}
	return nil
}

// durationFigure compares a time with the floor's; it meets the target when
// their ratio, as printed, is at most limit.
func durationFigure(what string, value, floor time.Duration, limit float64) figure {
	return figure{
		what:   what,
		value:  seconds(value),
		floor:  "do-nothing framework provider: " + seconds(floor),
		ratio:  ratio(value.Seconds(), floor.Seconds()),
		target: fmt.Sprintf("≤ %.2f×", limit),
		met:    floor > 0 && math.Round(100*value.Seconds()/floor.Seconds()) <= math.Round(100*limit),
	}
}
