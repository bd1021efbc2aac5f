package main

import (
	"os"
	"slices"
	"strings"
)

// The CLI decides which of a provider's log lines anyone sees: it parses every line the plugin writes
// and keeps those at or above TF_LOG_PROVIDER, else TF_LOG (unset: none; JSON, TRACE or a value it does
// not know: all). The plugin inherits the CLI's environment, so it can read the same variables.
const (
	envLog         = "TF_LOG"
	envLogProvider = "TF_LOG_PROVIDER"
	// envTempLogPath is the CLI's crash-log sink: when set, the CLI copies every line there at trace,
	// whatever TF_LOG says.
	envTempLogPath = "TF_TEMP_LOG_PATH"
)

// pluginLogLevelVars are the terraform-plugin-log variables that set this process's log levels: the
// SDK root logger, the protocol and framework subsystems, and the provider's own logger (named after
// the provider type, "sandbox"). Each subsystem needs its own variable: terraform-plugin-log skips
// building a subsystem's line early only when that subsystem has a level of its own.
var pluginLogLevelVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_SANDBOX"}

// cliLogLevels are the levels the CLI understands besides JSON.
var cliLogLevels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"}

// unreadLogLevel returns the level below which the CLI discards this provider's lines, or "" when it
// keeps them all (trace) and nothing should change.
func unreadLogLevel(getenv func(string) string) string {
	if getenv(envTempLogPath) != "" {
		return ""
	}
	level := strings.ToUpper(strings.TrimSpace(getenv(envLogProvider)))
	if level == "" {
		level = strings.ToUpper(strings.TrimSpace(getenv(envLog)))
	}
	switch {
	case level == "":
		return "OFF"
	case level == "TRACE", level == "JSON", !slices.Contains(cliLogLevels, level):
		return ""
	default:
		return level
	}
}

// quietUnreadLogs sets every plugin log-level variable the user left unset to the level below which
// the CLI discards lines, so the SDK, the framework and the provider never build or send a line that
// nobody reads; with TF_LOG unset that is all of them, and about a third of a plan's provider CPU.
// Variables the user set keep their value, and a CLI that keeps everything changes nothing.
func quietUnreadLogs(getenv func(string) string, setenv func(string, string) error) error {
	level := unreadLogLevel(getenv)
	if level == "" {
		return nil
	}
	for _, name := range pluginLogLevelVars {
		if getenv(name) != "" {
			continue
		}
		if err := setenv(name, level); err != nil {
			return err
		}
	}
	return nil
}

// quietUnreadLogsInProcess applies quietUnreadLogs to this process's environment.
func quietUnreadLogsInProcess() error {
	return quietUnreadLogs(os.Getenv, os.Setenv)
}
