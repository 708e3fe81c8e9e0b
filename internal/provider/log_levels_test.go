package provider

import (
	"maps"
	"slices"
	"testing"
)

func TestQuietLogsUnlessAsked(t *testing.T) {
	for _, tc := range []struct {
		name    string
		environ []string
		quiet   bool
	}{
		{"nothing asked", []string{"HOME=/root", "CHECKPOINT_DISABLE=1"}, true},
		{"an empty TF_LOG", []string{"TF_LOG="}, true},
		{"TF_LOG", []string{"TF_LOG=DEBUG"}, false},
		{"TF_LOG_PROVIDER", []string{"TF_LOG_PROVIDER=TRACE"}, false},
		{"this provider only", []string{"TF_LOG_PROVIDER_PORTAL=DEBUG"}, false},
		{"the SDK", []string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, false},
		{"a log file", []string{"TF_LOG_PATH=/tmp/tf.log"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := map[string]string{}
			if err := QuietLogsUnlessAsked(tc.environ, func(k, v string) error { set[k] = v; return nil }); err != nil {
				t.Fatal(err)
			}
			if !tc.quiet {
				if len(set) != 0 {
					t.Fatalf("changed %v although the user asked for logs", set)
				}
				return
			}
			keys := slices.Sorted(maps.Keys(set))
			if !slices.Equal(keys, []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}) {
				t.Fatalf("set %v", set)
			}
			for k, v := range set {
				if v != "OFF" {
					t.Errorf("%s=%s, want OFF", k, v)
				}
			}
		})
	}
}
