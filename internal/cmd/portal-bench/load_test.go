package main

import (
	"testing"
	"time"
)

// TestMedianRound: the table reports the middle round by the figure's own
// key, whatever order the rounds came in, and keeps that round whole (its
// throughput and latencies come from the same run as its CPU).
func TestMedianRound(t *testing.T) {
	round := func(cpu time.Duration, requests int) loadResult {
		return loadResult{requests: requests, cpu: cpu * time.Duration(requests), wall: time.Second}
	}
	for _, c := range []struct {
		name   string
		rounds []loadResult
		want   time.Duration
	}{
		{"three", []loadResult{round(300, 10), round(100, 20), round(200, 30)}, 200},
		{"sorted", []loadResult{round(100, 10), round(200, 20), round(300, 30)}, 200},
		{"one", []loadResult{round(700, 10)}, 700},
		{"two takes the upper", []loadResult{round(100, 10), round(300, 20)}, 300},
	} {
		got := medianRound(c.rounds, byCPU)
		if got.cpuPerRequest() != c.want {
			t.Errorf("%s: median CPU per request %v, want %v", c.name, got.cpuPerRequest(), c.want)
		}
		for _, r := range c.rounds {
			if r.cpuPerRequest() == got.cpuPerRequest() && r.requests != got.requests {
				t.Errorf("%s: the median round lost its own request count", c.name)
			}
		}
	}
	if got := medianRound(nil, byCPU); got.requests != 0 {
		t.Errorf("no rounds: got %+v, want the zero result", got)
	}
}
