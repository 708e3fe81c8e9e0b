package main

import (
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// rssPollInterval is how often watchPluginRSS looks at /proc.
const rssPollInterval = 20 * time.Millisecond

// watchPluginRSS watches the children of process parent whose executable is
// named name (Terraform starts each provider plugin as its child) until the
// returned function is called; that returns the highest peak resident set
// size (VmHWM) any of them reached, in bytes. A plugin that lives less than
// one poll interval may be missed; Linux only.
func watchPluginRSS(parent int, name string) (stop func() int64) {
	done := make(chan struct{})
	result := make(chan int64, 1)
	go func() {
		var peak int64
		tick := time.NewTicker(rssPollInterval)
		defer tick.Stop()
		for {
			peak = max(peak, pluginsPeakRSS(parent, name))
			select {
			case <-done:
				result <- max(peak, pluginsPeakRSS(parent, name))
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-result
	}
}

// pluginsPeakRSS returns the highest VmHWM of parent's children named name.
func pluginsPeakRSS(parent int, name string) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var peak int64
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || parentOf(pid) != parent {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err != nil || filepath.Base(exe) != name {
			continue
		}
		peak = max(peak, peakRSS(pid))
	}
	return peak
}

// peakRSS is a process's peak resident set size (VmHWM) in bytes; 0 when
// the process is gone.
func peakRSS(pid int) int64 {
	m, err := readMemory(pid)
	if err != nil {
		return 0
	}
	return m.peak
}
