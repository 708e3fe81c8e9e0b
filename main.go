// Command terraform-provider-portal serves the portal Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/mspportal/terraform-provider-portal/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers such as delve")
	flag.Parse()
	if err := provider.QuietLogsUnlessAsked(os.Environ(), os.Setenv); err != nil {
		log.Fatal(err)
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/mspportal/portal",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
