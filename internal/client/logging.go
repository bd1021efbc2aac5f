package client

import (
	"context"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tfLogger adapts retryablehttp's LeveledLogger to tflog, so retries show in TF_LOG output.
// The bearer token is masked in every message and field, whatever a caller logs.
type tfLogger struct {
	ctx context.Context
}

var _ retryablehttp.LeveledLogger = tfLogger{}

func newTFLogger(ctx context.Context, secrets ...string) tfLogger {
	ctx = tflog.SetField(ctx, "subsystem", "sandbox-client")
	return tfLogger{ctx: MaskSecrets(ctx, secrets...)}
}

// MaskSecrets returns ctx with every secret replaced by *** in all log messages and fields written
// through it. Empty strings are skipped: masking "" would garble every message.
func MaskSecrets(ctx context.Context, secrets ...string) context.Context {
	for _, s := range secrets {
		if s != "" {
			ctx = tflog.MaskMessageStrings(ctx, s)
			ctx = tflog.MaskAllFieldValuesStrings(ctx, s)
		}
	}
	return ctx
}

func (l tfLogger) Error(msg string, kv ...any) { tflog.Error(l.ctx, msg, fields(kv)) }
func (l tfLogger) Info(msg string, kv ...any)  { tflog.Info(l.ctx, msg, fields(kv)) }
func (l tfLogger) Debug(msg string, kv ...any) { tflog.Debug(l.ctx, msg, fields(kv)) }
func (l tfLogger) Warn(msg string, kv ...any)  { tflog.Warn(l.ctx, msg, fields(kv)) }

// fields turns retryablehttp's alternating key/value list into tflog fields.
func fields(kv []any) map[string]any {
	out := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if key, ok := kv[i].(string); ok {
			out[key] = kv[i+1]
		}
	}
	return out
}
