package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogger sends go-retryablehttp's logs to tflog, scrubbing the token.
type tflogger struct {
	ctx   context.Context
	token string
}

var _ retryablehttp.LeveledLogger = tflogger{}

func newLogger(ctx context.Context, token string) retryablehttp.LeveledLogger {
	return tflogger{ctx: tflog.NewSubsystem(ctx, "portal_http"), token: token}
}

func (l tflogger) fields(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = l.scrub(fmt.Sprint(kv[i+1]))
	}
	return m
}

func (l tflogger) scrub(s string) string {
	if l.token != "" {
		s = strings.ReplaceAll(s, l.token, "[REDACTED]")
	}
	return s
}

func (l tflogger) Error(msg string, kv ...any) {
	tflog.SubsystemError(l.ctx, "portal_http", l.scrub(msg), l.fields(kv))
}

func (l tflogger) Info(msg string, kv ...any) {
	tflog.SubsystemInfo(l.ctx, "portal_http", l.scrub(msg), l.fields(kv))
}

func (l tflogger) Debug(msg string, kv ...any) {
	tflog.SubsystemDebug(l.ctx, "portal_http", l.scrub(msg), l.fields(kv))
}

func (l tflogger) Warn(msg string, kv ...any) {
	tflog.SubsystemWarn(l.ctx, "portal_http", l.scrub(msg), l.fields(kv))
}
