package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Terraform's plugin handshake (its plugin.Handshake): go-plugin servers refuse to start without the
// cookie, and PLUGIN_PROTOCOL_VERSIONS picks protocol 6.
const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
	getSchemaMethod  = "/tfplugin6.Provider/GetProviderSchema"
)

// printStartToSchema prints the best of n start-to-schema times of binary.
func printStartToSchema(binary string, n int) error {
	best := time.Duration(0)
	for range max(n, 1) {
		d, err := startToSchema(binary)
		if err != nil {
			return err
		}
		if best == 0 || d < best {
			best = d
		}
	}
	fmt.Printf("%.1f\n", float64(best.Microseconds())/1000)
	return nil
}

// startToSchema starts binary as a plugin, reads its handshake line, calls GetProviderSchema over
// the socket it names, and returns the time from exec to the answer.
func startToSchema(binary string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = append(os.Environ(), magicCookieKey+"="+magicCookieValue, "PLUGIN_PROTOCOL_VERSIONS=6")
	cmd.Stderr = nil
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("reading the plugin handshake: %w", err)
	}
	// CORE-PROTOCOL|APP-PROTOCOL|NETWORK|ADDRESS|PROTOCOL[|CERT]
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) < 5 || parts[4] != "grpc" {
		return 0, fmt.Errorf("unexpected plugin handshake %q", line)
	}
	target := parts[3]
	if parts[2] == "unix" {
		target = "unix:" + target
	}
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return 0, err
	}
	defer func() { _ = conn.Close() }()
	var answer rawMessage
	if err := conn.Invoke(ctx, getSchemaMethod, &rawMessage{}, &answer, grpc.ForceCodec(rawCodec{})); err != nil {
		return 0, fmt.Errorf("GetProviderSchema: %w", err)
	}
	elapsed := time.Since(start)
	if len(answer) == 0 {
		return 0, errors.New("GetProviderSchema answered an empty message")
	}
	return elapsed, nil
}

// rawMessage carries protobuf bytes untouched: an empty request is a valid
// GetProviderSchema.Request, and the answer only needs to arrive, not to be decoded.
type rawMessage []byte

// rawCodec lets grpc send and receive rawMessage without generated types.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	m, ok := v.(*rawMessage)
	if !ok {
		return nil, fmt.Errorf("rawCodec cannot marshal %T", v)
	}
	return *m, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	m, ok := v.(*rawMessage)
	if !ok {
		return fmt.Errorf("rawCodec cannot unmarshal into %T", v)
	}
	*m = append((*m)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }
