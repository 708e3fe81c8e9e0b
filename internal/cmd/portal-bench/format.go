package main

import (
	"fmt"
	"slices"
	"time"
)

// Arithmetic and formatting shared by the table's figures.

// median returns the middle value of xs, or the mean of the two middle ones.
func median[T ~int64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// seconds formats a duration as seconds with two decimals.
func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// mebibytes formats a byte count in MiB.
func mebibytes(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// ratio formats value/floor as "0.97×", or "" without a floor.
func ratio(value, floor float64) string {
	if floor <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", value/floor)
}

// millis formats a latency in milliseconds.
func millis(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// micros formats a CPU time per request in microseconds.
func micros(d time.Duration) string {
	return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
}
