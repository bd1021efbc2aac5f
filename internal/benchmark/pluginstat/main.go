// Command pluginstat measures a Terraform provider binary for `make bench`; it is no part of the provider.
//
//	pluginstat rss FILE BINARY [ARGS...]   runs BINARY as its parent would (same stdio and environment),
//	                                       then appends the child's peak RSS in KiB to FILE
//	pluginstat schema [-n N] BINARY        starts BINARY as Terraform does and prints, in milliseconds, the
//	                                       best of N times from exec to the GetProviderSchema answer
//
// rss is meant as a wrapper the CLI starts in place of the provider (a dev_overrides directory holding
// a script that execs it), so the peak RSS is measured under a real plan.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "rss":
		if len(os.Args) < 4 {
			usage()
		}
		var code int
		code, err = runMeasuringRSS(os.Args[2], os.Args[3], os.Args[4:])
		if err == nil {
			os.Exit(code)
		}
	case "schema":
		fs := flag.NewFlagSet("schema", flag.ExitOnError)
		n := fs.Int("n", 5, "how many starts to time; the best is printed")
		_ = fs.Parse(os.Args[2:])
		if fs.NArg() != 1 {
			usage()
		}
		err = printStartToSchema(fs.Arg(0), *n)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pluginstat:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: pluginstat rss FILE BINARY [ARGS...] | pluginstat schema [-n N] BINARY")
	os.Exit(2)
}
