package main

import (
	"maps"
	"testing"
)

// TestQuietUnreadLogs checks which plugin log levels the served provider sets for each way a user
// can ask the CLI for logs: only those the user left unset, to the level the CLI keeps.
func TestQuietUnreadLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_SANDBOX": "OFF"}
	cases := []struct {
		name string
		env  map[string]string
		// want is what quietUnreadLogs sets; nil means nothing.
		want map[string]string
	}{
		{"nothing asked", nil, off},
		{"only the core log", map[string]string{"TF_LOG_CORE": "TRACE", "TF_LOG_PATH": "/tmp/x"}, off},
		{"TF_LOG=trace", map[string]string{"TF_LOG": "trace"}, nil},
		{"TF_LOG=JSON", map[string]string{"TF_LOG": "JSON"}, nil},
		{"an unknown level is trace to the CLI", map[string]string{"TF_LOG": "verbose"}, nil},
		{"TF_LOG_PROVIDER=trace", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, nil},
		{"the crash-log sink keeps everything", map[string]string{"TF_TEMP_LOG_PATH": "/tmp/crash"}, nil},
		{"TF_LOG=info", map[string]string{"TF_LOG": "info"},
			map[string]string{"TF_LOG_SDK": "INFO", "TF_LOG_SDK_PROTO": "INFO", "TF_LOG_SDK_FRAMEWORK": "INFO", "TF_LOG_PROVIDER_SANDBOX": "INFO"}},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "warn"},
			map[string]string{"TF_LOG_SDK": "WARN", "TF_LOG_SDK_PROTO": "WARN", "TF_LOG_SDK_FRAMEWORK": "WARN", "TF_LOG_PROVIDER_SANDBOX": "WARN"}},
		{"TF_LOG=off", map[string]string{"TF_LOG": "off"}, off},
		{"a level the user set is kept", map[string]string{"TF_LOG_SDK_FRAMEWORK": "debug"},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_PROVIDER_SANDBOX": "OFF"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := map[string]string{}
			getenv := func(k string) string {
				if v, ok := set[k]; ok {
					return v
				}
				return c.env[k]
			}
			err := quietUnreadLogs(getenv, func(k, v string) error { set[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(set, c.want) && (len(set) != 0 || len(c.want) != 0) {
				t.Errorf("set %v, want %v", set, c.want)
			}
		})
	}
}
