// Command terraform-provider-sandbox serves the sandbox Terraform provider over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/provider"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

// address is the provider's registry address.
const address = "registry.terraform.io/sandbox-platform/sandbox"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if err := run(debug); err != nil {
		log.Fatal(err.Error())
	}
}

// run prepares the process (log levels, GC, an optional profile) and serves until the CLI stops it.
func run(debug bool) error {
	// Under -debug the provider's stderr is the developer's terminal, not the CLI's filter: keep every line.
	if !debug {
		if err := quietUnreadLogsInProcess(); err != nil {
			return err
		}
	}
	tuneGC()
	defer startCPUProfile()()
	return serve(debug)
}

// serve is providerserver.Serve for protocol 6, with the framework's server behind releasingServer.
func serve(debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, func() tfprotov6.ProviderServer {
		return withReleasedContexts(providerserver.NewProtocol6(provider.New(version)())())
	}, opts...)
}
