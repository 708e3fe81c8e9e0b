package provider

// Reported attributes (a user's status, an invitation's expiry) are set by
// the portal, not by the configuration. A plan that cannot change one shows
// its current value instead of "(known after apply)", so an update reads as
// what it is. Between that plan and its apply the portal may still change
// the value (a sign-in, an acceptance); the framework requires the applied
// state to match every known planned value, so Update keeps the planned
// value and the next refresh reports the new one, without a diff.

// plannedOr is the planned value when the plan knew it, else the fresh one.
func plannedOr[T interface{ IsUnknown() bool }](planned, fresh T) T {
	if planned.IsUnknown() {
		return fresh
	}
	return planned
}
