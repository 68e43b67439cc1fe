package civil

// Thirtieths returns what p is worth in thirtieths of a month, under the
// German rule that pay is reckoned by the month and a single day counts as
// 1/30 of a month (Berufsbildungsgesetz § 18(1): "Bei Berechnung der Vergütung
// für einzelne Tage wird der Monat zu 30 Tagen gerechnet"). Pay for p is then
// monthly amount × Thirtieths(p) / 30.
//
// Each calendar month that p covers wholly counts 30, whatever its length (a
// whole February is 30, and so is a whole 31-day month). A month that p covers
// in part counts the calendar days covered, capped at 30; the cap never bites
// in practice, since a month covered in part misses at least one of its at
// most 31 days. So 2024-02-15 to 2024-02-29 is 15, and 2024-01-16 to
// 2024-03-10 is 16 (16–31 January) + 30 (all of February) + 10 (1–10 March) =
// 56.
//
// The statute does not say how a partly covered month is counted; this is one
// reading of it, chosen because it never values part of a month above the
// whole month (counting every day at 1/30, all of January would be 31/30).
// Its cost is at the short end: February missing one day is worth 27 or 28
// where all of it is worth 30. A caller who reads the statute otherwise (for
// example, 30 less the days not covered) must count differently. The zero
// Period is worth 0.
//
// The value is not additive. Cutting a wholly covered month in two (with
// [Period.SplitAt], when the monthly amount changes on the 15th) values it by
// its days, 28 to 31, instead of 30: the two parts of February 2024 cut on the
// 15th are worth 14 + 15 = 29. This follows from counting single days only
// where a month is not covered whole; a caller who wants such a month to stay
// worth 30 across the change must apportion it differently.
func Thirtieths(p Period) int {
	if p.IsZero() {
		return 0
	}
	s, e := p.start, p.end
	if s.monthIndex() == e.monthIndex() {
		return thirtieths(int(s.day), int(e.day), DaysIn(s.Year(), s.Month()))
	}
	first := thirtieths(int(s.day), DaysIn(s.Year(), s.Month()), DaysIn(s.Year(), s.Month()))
	last := thirtieths(1, int(e.day), DaysIn(e.Year(), e.Month()))
	whole := e.monthIndex() - s.monthIndex() - 1
	return first + 30*whole + last
}

// thirtieths is the value of the days from..to of a month that has n days.
func thirtieths(from, to, n int) int {
	if from == 1 && to == n {
		return 30
	}
	return min(to-from+1, 30)
}
