// Command noopprovider serves a framework provider whose one resource makes no request at all. It
// exists only for `make bench`: its apply, plan and destroy times are the floor the sandbox provider
// is compared against (same framework, same protocol, no network). It keeps the framework's default
// logging on purpose, because that default is what such a floor costs.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address:         "registry.terraform.io/sandbox-platform/noop",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
