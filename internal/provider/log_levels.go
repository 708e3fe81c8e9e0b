package provider

import "strings"

// The SDK's loggers default to TRACE when no level is set, so without this a
// provider encodes every protocol and framework log line, and Terraform
// parses each one only to discard it: about a quarter of a plan's time, for
// logs nobody asked for. When the user sets no TF_LOG* variable at all,
// QuietLogsUnlessAsked turns those loggers off; any TF_LOG, TF_LOG_PROVIDER,
// TF_LOG_SDK* or TF_LOG_PATH setting leaves every line available as before.

// quietedLoggers are the SDK's and the provider's level variables.
var quietedLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}

// QuietLogsUnlessAsked sets the loggers' levels to OFF through setenv, unless
// environ holds a TF_LOG* variable with a value.
func QuietLogsUnlessAsked(environ []string, setenv func(key, value string) error) error {
	for _, kv := range environ {
		key, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(key, "TF_LOG") && value != "" {
			return nil
		}
	}
	for _, key := range quietedLoggers {
		if err := setenv(key, "OFF"); err != nil {
			return err
		}
	}
	return nil
}
