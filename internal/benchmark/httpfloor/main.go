// Command httpfloor is the floor `scripts/bench-mock.sh` measures the mock against: a net/http
// server that answers every request with a fixed account, as long as the mock's GET answer, without
// routing, authentication or state. On a small machine wrk and the server share the cores, so what
// this serves per second is the most any Go HTTP server can serve there; the mock's figures are
// read against it.
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"os"
)

const answer = `{"id":"e71a6160-4144-4720-9e34-e5943458d129","revision":0,"name":"Initial User","email":"initial@example.com","planId":"4f5b7c1d-2a8e-4b3f-9c6d-1e0f2a3b4c5d","roles":["admin"]}` + "\n"

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	addrFile := flag.String("addr-file", "", "write the http:// URL here once listening")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte("http://"+ln.Addr().String()), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	body := []byte(answer)
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	})))
}
