package subsidy

// builtinRules returns a new map of the built-in rule kinds to functions
// making a new, empty rule of the kind, for a Loader to decode into.
func builtinRules() map[string]func() Rule {
	return map[string]func() Rule{
		// Conditions on the claim.
		"insured-months":  func() Rule { return new(InsuredMonths) },
		"claim-window":    func() Rule { return new(ClaimWindow) },
		"in-force":        func() Rule { return new(InForce) },
		"age-range":       func() Rule { return new(AgeRange) },
		"contract-length": func() Rule { return new(ContractLength) },
		"training-length": func() Rule { return new(TrainingLength) },
		"holder-kind":     func() Rule { return new(HolderKind) },
		"flag":            func() Rule { return new(RequireFlag) },
		"level-at-least":  func() Rule { return new(LevelAtLeast) },
		"not-combined":    func() Rule { return new(NotCombined) },

		// Rules on the claim history.
		"max-claims-per-year":   func() Rule { return new(MaxClaimsPerYear) },
		"once-per-level":        func() Rule { return new(OncePerLevel) },
		"higher-excludes-lower": func() Rule { return new(HigherExcludesLower) },
		"history-cap":           func() Rule { return new(HistoryCap) },

		// Amounts and adjustments.
		"amount":             func() Rule { return new(Amount) },
		"amount-by-category": func() Rule { return new(AmountByCategory) },
		"rate-duration":      func() Rule { return new(RateDuration) },
		"percent-of-base":    func() Rule { return new(PercentOfBase) },
		"uplift":             func() Rule { return new(Uplift) },
		"floor":              func() Rule { return new(Minimum) },
		"cap":                func() Rule { return new(Cap) },
		"deduct":             func() Rule { return new(Deduct) },
		"share":              func() Rule { return new(Share) },
	}
}

// builtinSchedules returns a new map of the built-in schedule kinds to
// functions making a new, empty schedule of the kind.
func builtinSchedules() map[string]func() Schedule {
	return map[string]func() Schedule{
		"prepay-settle": func() Schedule { return new(PrepaySettle) },
		"instalments":   func() Schedule { return new(Instalments) },
		"milestones":    func() Schedule { return new(Milestones) },
	}
}
