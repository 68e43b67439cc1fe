package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logProgram is a valid program whose plan has one module at each site. Codes,
// names and planned hours are illustrative.
func logProgram() apprenticeship.Program {
	return apprenticeship.Program{
		Code:        "SG-IM-2024",
		School:      apprenticeship.Organisation{ID: "school-1", Name: "中德应用技术学校"},
		Major:       apprenticeship.Major{Code: "660303", Name: "智能制造装备技术"},
		Bases:       []apprenticeship.Organisation{{ID: "base-1", Name: "智能制造实训基地"}},
		Enterprises: []apprenticeship.Organisation{{ID: "ent-1", Name: "家电企业"}},
		Cohort:      "2024",
		Months:      36,
		Targets: []apprenticeship.Target{{
			Occupation: certificate.Occupation{Code: "X-IR-OM", Name: "工业机器人操作与运维"},
			Level:      certificate.XIntermediate,
		}},
		Plan: []apprenticeship.Module{
			{Code: "M1", Name: "机械基础", Site: apprenticeship.School, Hours: 120},
			{Code: "M2", Name: "机器人编程", Site: apprenticeship.Base, Hours: 200},
			{Code: "M3", Name: "产线实践", Site: apprenticeship.Enterprise, Hours: 600},
		},
	}
}

// logModuleAt is the module of logProgram taught at each site.
var logModuleAt = map[apprenticeship.Site]string{
	apprenticeship.School: "M1", apprenticeship.Base: "M2", apprenticeship.Enterprise: "M3",
}

func logD(s string) apprenticeship.Date { return apprenticeship.MustParseDate(s) }

func logDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// logE builds an entry for the module of logProgram taught at site.
func logE(date string, site apprenticeship.Site, hours string) apprenticeship.Entry {
	return apprenticeship.Entry{Date: logD(date), Site: site, Module: logModuleAt[site], Hours: logDec(hours)}
}

// logAgreement is an agreement with the given start and planned end; the
// other fields do not matter to Check.
func logAgreement(start, end string) apprenticeship.Agreement {
	return apprenticeship.Agreement{ID: "A-1", Kind: apprenticeship.Dual, Start: logD(start), End: logD(end)}
}

func logRequireField(t *testing.T, err error, field string) *apprenticeship.FieldError {
	t.Helper()
	var fe *apprenticeship.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, field, fe.Field)
	assert.ErrorIs(t, err, apprenticeship.ErrInvalid)
	assert.Contains(t, err.Error(), field)
	return fe
}

func TestEntryValidate(t *testing.T) {
	ok := logE("2024-09-02", apprenticeship.School, "7.5")
	require.NoError(t, ok.Validate())
	tests := []struct {
		name  string
		edit  func(*apprenticeship.Entry)
		field string
	}{
		{"no date", func(e *apprenticeship.Entry) { e.Date = apprenticeship.Date{} }, "date"},
		{"no site", func(e *apprenticeship.Entry) { e.Site = 0 }, "site"},
		{"site out of range", func(e *apprenticeship.Entry) { e.Site = 4 }, "site"},
		{"no module", func(e *apprenticeship.Entry) { e.Module = " " }, "module"},
		{"padded module", func(e *apprenticeship.Entry) { e.Module = "M1 " }, "module"},
		{"zero hours", func(e *apprenticeship.Entry) { e.Hours = decimal.Zero }, "hours"},
		{"negative hours", func(e *apprenticeship.Entry) { e.Hours = logDec("-1") }, "hours"},
		{"more than a day", func(e *apprenticeship.Entry) { e.Hours = logDec("24.01") }, "hours"},
		{"thousandths", func(e *apprenticeship.Entry) { e.Hours = logDec("7.125") }, "hours"},
		{"absurd exponent", func(e *apprenticeship.Entry) { e.Hours = decimal.New(1, 1_000_000) }, "hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.edit(&e)
			logRequireField(t, e.Validate(), tt.field)
		})
	}
	// The bounds themselves are hours: exactly 24, a hundredth, and trailing
	// zeros beyond two places that do not change the value.
	for _, h := range []string{"24", "0.01", "7.2500"} {
		e := ok
		e.Hours = logDec(h)
		assert.NoError(t, e.Validate(), h)
	}
}

func TestParseEntries(t *testing.T) {
	got, err := apprenticeship.ParseEntries([]byte(`[
		{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "7.5"},
		{"hours": 8, "module": "M3", "site": "enterprise", "date": "2024-09-03"},
		{"date": "2024-09-03", "site": "base", "module": "M2", "hours": 0.25e1}
	]`))
	require.NoError(t, err)
	want := []apprenticeship.Entry{
		logE("2024-09-02", apprenticeship.School, "7.5"),
		logE("2024-09-03", apprenticeship.Enterprise, "8"),
		logE("2024-09-03", apprenticeship.Base, "2.5"), // 0.25e1 = 2.5
	}
	logRequireEntries(t, want, got)

	empty, err := apprenticeship.ParseEntries([]byte(" [ ] "))
	require.NoError(t, err)
	assert.NotNil(t, empty)
	assert.Empty(t, empty)
}

func logRequireEntries(t *testing.T, want, got []apprenticeship.Entry) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Date, got[i].Date, "entry %d", i)
		assert.Equal(t, want[i].Site, got[i].Site, "entry %d", i)
		assert.Equal(t, want[i].Module, got[i].Module, "entry %d", i)
		assert.True(t, want[i].Hours.Equal(got[i].Hours), "entry %d: hours %s, want %s", i, got[i].Hours, want[i].Hours)
	}
}

func TestParseEntriesErrors(t *testing.T) {
	const good = `{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "8"}`
	tests := []struct {
		name  string
		in    string
		field string
		value string // a part of the error's Value
	}{
		{"empty input", ``, "entries", ""},
		{"not an array", `{"date": "2024-09-02"}`, "entries", `{"date"`},
		{"null document", `null`, "entries", "null"},
		{"truncated array", `[` + good, "entries", ""},
		{"trailing data", `[` + good + `] x`, "entries", "x"},
		{"two arrays", `[][]`, "entries", "[]"},
		{"element not an object", `[` + good + `, 7]`, "entries[1]", "7"},
		{"malformed element", `[{"date" 1}]`, "entries[0]", ""},
		{"unknown member", `[{"date": "2024-09-02", "Hours": "8"}]`, "entries[0].Hours", "Hours"},
		{"member twice", `[{"date": "2024-09-02", "date": "2024-09-03"}]`, "entries[0].date", "date"},
		{"null member", `[{"date": null}]`, "entries[0].date", "null"},
		{"missing hours", `[{"date": "2024-09-02", "site": "school", "module": "M1"}]`, "entries[0].hours", ""},
		{"missing date", `[{"site": "school", "module": "M1", "hours": "8"}]`, "entries[0].date", ""},
		{"date not a string", `[{"date": 20240902}]`, "entries[0].date", "20240902"},
		{"impossible date", `[{"date": "2024-02-30"}]`, "entries[0].date", "2024-02-30"},
		{"unknown site", `[{"site": "home"}]`, "entries[0].site", "home"},
		{"site not a string", `[{"site": 1}]`, "entries[0].site", "1"},
		{"module not a string", `[{"module": ["M1"]}]`, "entries[0].module", `["M1"]`},
		{"hours a boolean", `[{"hours": true}]`, "entries[0].hours", "true"},
		{"hours with spaces", `[{"hours": " 8"}]`, "entries[0].hours", " 8"},
		{"hours with a huge exponent", `[{"hours": 1e999999999}]`, "entries[0].hours", "1e999999999"},
		{"zero hours", `[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "0"}]`, "entries[0].hours", "0"},
		{"thousandths", `[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "1.005"}]`, "entries[0].hours", "1.005"},
		{"padded module", `[{"date": "2024-09-02", "site": "school", "module": " M1", "hours": "8"}]`, "entries[0].module", " M1"},
		// 16 + 8.5 = 24.5 hours on 2024-09-02: more than a day.
		{"a day over 24 hours", `[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "16"}, ` + good + `,` +
			`{"date": "2024-09-02", "site": "base", "module": "M2", "hours": "0.5"}]`, "entries[2].hours", "0.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apprenticeship.ParseEntries([]byte(tt.in))
			assert.Nil(t, got)
			fe := logRequireField(t, err, tt.field)
			assert.Contains(t, fe.Value, tt.value)
		})
	}
}

// TestEntryJSON: json.Marshal writes entries in the documented form, and
// ParseEntries reads them back unchanged.
func TestEntryJSON(t *testing.T) {
	entries := []apprenticeship.Entry{
		logE("2024-09-02", apprenticeship.School, "7.25"),
		logE("2024-09-03", apprenticeship.Enterprise, "8"),
	}
	b, err := json.Marshal(entries)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"date":"2024-09-02","site":"school","module":"M1","hours":"7.25"},
		{"date":"2024-09-03","site":"enterprise","module":"M3","hours":"8"}]`, string(b))
	back, err := apprenticeship.ParseEntries(b)
	require.NoError(t, err)
	logRequireEntries(t, entries, back)
}

func TestNewLog(t *testing.T) {
	p := logProgram()
	entries := []apprenticeship.Entry{
		logE("2024-09-03", apprenticeship.Enterprise, "8"),
		logE("2024-09-02", apprenticeship.School, "4"),
		logE("2024-09-02", apprenticeship.Base, "4"),
	}
	l, err := apprenticeship.NewLog(p, entries)
	require.NoError(t, err)
	// Sorted by date; the two entries of 2024-09-02 keep their order.
	got := l.Entries()
	require.Len(t, got, 3)
	assert.Equal(t, []string{"M1", "M2", "M3"}, []string{got[0].Module, got[1].Module, got[2].Module})
	got[0].Module = "changed"
	assert.Equal(t, "M1", l.Entries()[0].Module, "Entries returns a copy")
	assert.Equal(t, "M3", entries[0].Module, "NewLog does not reorder the caller's slice")

	tests := []struct {
		name    string
		program func(*apprenticeship.Program)
		entries []apprenticeship.Entry
		field   string
	}{
		{"invalid program", func(p *apprenticeship.Program) { p.Plan[1].Hours = 0 }, nil, "program.plan[1].hours"},
		{"invalid entry", nil, []apprenticeship.Entry{logE("2024-09-02", apprenticeship.School, "25")}, "entries[0].hours"},
		{"unknown module", nil, []apprenticeship.Entry{{Date: logD("2024-09-02"), Site: apprenticeship.School, Module: "M9", Hours: logDec("1")}}, "entries[0].module"},
		{"module at another site", nil, []apprenticeship.Entry{
			logE("2024-09-02", apprenticeship.School, "1"),
			{Date: logD("2024-09-02"), Site: apprenticeship.Enterprise, Module: "M1", Hours: logDec("1")},
		}, "entries[1].site"},
		// 12 + 12.01 = 24.01 hours on one day.
		{"day over 24 hours", nil, []apprenticeship.Entry{
			logE("2024-09-02", apprenticeship.School, "12"),
			logE("2024-09-03", apprenticeship.School, "12"),
			logE("2024-09-02", apprenticeship.Enterprise, "12.01"),
		}, "entries[2].hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := logProgram()
			if tt.program != nil {
				tt.program(&p)
			}
			_, err := apprenticeship.NewLog(p, tt.entries)
			logRequireField(t, err, tt.field)
		})
	}
}

func TestProgress(t *testing.T) {
	l, err := apprenticeship.NewLog(logProgram(), []apprenticeship.Entry{
		logE("2024-09-02", apprenticeship.School, "7.5"),
		logE("2024-09-03", apprenticeship.Base, "8"),
		logE("2024-09-04", apprenticeship.Enterprise, "8"),
		logE("2024-09-05", apprenticeship.Enterprise, "8.25"),
		logE("2024-10-01", apprenticeship.School, "4"), // after asOf: not counted
	})
	require.NoError(t, err)
	pr := l.Progress(logD("2024-09-30"))

	// Plan (logProgram): M1 school 120, M2 base 200, M3 enterprise 600;
	// 120 + 200 + 600 = 920 hours.
	type row struct{ logged, planned, percent string }
	check := func(name string, logged, planned, percent decimal.Decimal, want row) {
		t.Helper()
		assert.True(t, logged.Equal(logDec(want.logged)), "%s logged %s, want %s", name, logged, want.logged)
		assert.True(t, planned.Equal(logDec(want.planned)), "%s planned %s, want %s", name, planned, want.planned)
		assert.Equal(t, want.percent, percent.StringFixed(2), name+" percent")
	}
	// M1: 7.5 × 100 / 120 = 6.25 exactly.
	// M2: 8 × 100 / 200 = 4.
	// M3: 8 + 8.25 = 16.25; 16.25 × 100 / 600 = 2.7083… → 2.70 (down).
	// All: 7.5 + 8 + 16.25 = 31.75; 3175 / 920 = 3.4510… → 3.45.
	check("total", pr.Logged, pr.Planned, pr.Percent, row{"31.75", "920", "3.45"})
	wantModules := map[string]row{"M1": {"7.5", "120", "6.25"}, "M2": {"8", "200", "4.00"}, "M3": {"16.25", "600", "2.70"}}
	require.Len(t, pr.Modules, 3)
	for i, code := range []string{"M1", "M2", "M3"} {
		m := pr.Modules[i]
		assert.Equal(t, code, m.Module)
		check(code, m.Logged, m.Planned, m.Percent, wantModules[code])
	}
	// Sites in the order school, enterprise, base; each has one module.
	require.Len(t, pr.Sites, 3)
	assert.Equal(t, []apprenticeship.Site{apprenticeship.School, apprenticeship.Enterprise, apprenticeship.Base},
		[]apprenticeship.Site{pr.Sites[0].Site, pr.Sites[1].Site, pr.Sites[2].Site})
	check("school", pr.Sites[0].Logged, pr.Sites[0].Planned, pr.Sites[0].Percent, wantModules["M1"])
	check("enterprise", pr.Sites[1].Logged, pr.Sites[1].Planned, pr.Sites[1].Percent, wantModules["M3"])
	check("base", pr.Sites[2].Logged, pr.Sites[2].Planned, pr.Sites[2].Percent, wantModules["M2"])
	assert.Equal(t, 0, pr.ModulesComplete)

	// As of the last day, the 4 school hours of 2024-10-01 count:
	// M1 11.5 × 100 / 120 = 9.5833… → 9.58.
	later := l.Progress(logD("2024-10-01"))
	assert.Equal(t, "9.58", later.Modules[0].Percent.StringFixed(2))
	// Before the first entry nothing counts.
	assert.True(t, l.Progress(logD("2024-09-01")).Logged.IsZero())
}

func TestProgressComplete(t *testing.T) {
	// 120 hours of M1 over 15 days of 8 hours (15 × 8 = 120) meet its plan
	// exactly; 8 more hours of M1 (128) go beyond it: 128 × 100 / 120 =
	// 106.666… → 106.66.
	var entries []apprenticeship.Entry
	d := logD("2024-09-02")
	for range 16 {
		entries = append(entries, apprenticeship.Entry{Date: d, Site: apprenticeship.School, Module: "M1", Hours: logDec("8")})
		d = d.Next()
	}
	l, err := apprenticeship.NewLog(logProgram(), entries)
	require.NoError(t, err)
	at15 := l.Progress(logD("2024-09-16")) // 2024-09-02 + 14 days: the 15th entry
	assert.Equal(t, "100.00", at15.Modules[0].Percent.StringFixed(2))
	assert.Equal(t, 1, at15.ModulesComplete)
	at16 := l.Progress(logD("2024-09-17"))
	assert.Equal(t, "106.66", at16.Modules[0].Percent.StringFixed(2))
	// The other modules have nothing: the overall total is 128 of 920,
	// 12800 / 920 = 13.913… → 13.91, although M1 is past its plan.
	assert.Equal(t, "13.91", at16.Percent.StringFixed(2))
	assert.Equal(t, 1, at16.ModulesComplete)
}

func TestProgressJSON(t *testing.T) {
	l, err := apprenticeship.NewLog(logProgram(), []apprenticeship.Entry{logE("2024-09-02", apprenticeship.School, "6")})
	require.NoError(t, err)
	pr := l.Progress(logD("2024-09-30"))
	b, err := json.Marshal(pr)
	require.NoError(t, err)
	// 6 × 100 / 120 = 5 (M1 and school); 600 / 920 = 0.652… → 0.65.
	assert.Contains(t, string(b), `"asOf":"2024-09-30","logged":"6","planned":"920","percent":"0.65","modulesComplete":0`)
	assert.Contains(t, string(b), `{"module":"M1","site":"school","logged":"6","planned":"120","percent":"5"}`)
	var back apprenticeship.Progress
	require.NoError(t, json.Unmarshal(b, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(again))
}

func TestZeroLog(t *testing.T) {
	var l apprenticeship.Log
	assert.Empty(t, l.Entries())
	pr := l.Progress(logD("2024-09-30"))
	assert.True(t, pr.Planned.IsZero())
	assert.True(t, pr.Percent.IsZero())
	assert.Empty(t, pr.Modules)
}

// Example configurations. Their numbers come from DOMAIN.md.
func logUKBefore2022() apprenticeship.ComplianceRules {
	// DOMAIN.md, United Kingdom: "Off-the-job training: 20% of working
	// hours (starts before 2022-08-01)".
	return apprenticeship.ComplianceRules{Source: "England: off-the-job 20% (starts before 2022-08-01)", OffTheJobMinPercent: logDec("20")}
}

func logUKFrom2022() apprenticeship.ComplianceRules {
	// DOMAIN.md, United Kingdom: "6 hours a week for full-time from
	// 2022-08-01".
	return apprenticeship.ComplianceRules{Source: "England: off-the-job 6 hours a week (from 2022-08-01)", OffTheJobMinWeeklyHours: logDec("6")}
}

func logDualSplit() apprenticeship.ComplianceRules {
	// DOMAIN.md, Germany: "3–4 days a week in the company, 1–2 at vocational
	// school". As shares of a five-day week: 3/5 = 60%, 4/5 = 80% at the
	// enterprise. A derived reading, not a published percentage.
	return apprenticeship.ComplianceRules{Source: "dual system: 3–4 of 5 days in the company",
		SiteShares: map[apprenticeship.Site]apprenticeship.ShareBounds{
			apprenticeship.Enterprise: {Min: logDec("60"), Max: logDec("80")},
		}}
}

// logWeek returns five entries Monday to Friday from monday, the site of day
// i being sites[i], each of hours.
func logWeek(monday string, hours string, sites ...apprenticeship.Site) []apprenticeship.Entry {
	d := logD(monday)
	var out []apprenticeship.Entry
	for _, s := range sites {
		out = append(out, apprenticeship.Entry{Date: d, Site: s, Module: logModuleAt[s], Hours: logDec(hours)})
		d = d.Next()
	}
	return out
}

const (
	logS = apprenticeship.School
	logX = apprenticeship.Enterprise
	logB = apprenticeship.Base
)

type logWant struct {
	kind     apprenticeship.FindingKind
	period   string
	site     apprenticeship.Site
	measured string
	limit    string
}

func logRequireFindings(t *testing.T, want []logWant, got []apprenticeship.Finding) {
	t.Helper()
	require.Len(t, got, len(want), "findings: %+v", got)
	for i, w := range want {
		f := got[i]
		assert.Equal(t, w.kind, f.Kind, "finding %d", i)
		assert.Equal(t, w.period, f.Period.String(), "finding %d", i)
		assert.Equal(t, w.site, f.Site, "finding %d", i)
		assert.True(t, f.Measured.Equal(logDec(w.measured)), "finding %d: measured %s, want %s", i, f.Measured, w.measured)
		assert.True(t, f.Limit.Equal(logDec(w.limit)), "finding %d: limit %s, want %s", i, f.Limit, w.limit)
		assert.NotEmpty(t, f.Reason)
	}
}

func TestCheck(t *testing.T) {
	var none []logWant
	// 2021-09-06, 2022-09-05 and 2024-09-02 are Mondays.
	tests := []struct {
		name  string
		rules apprenticeship.ComplianceRules
		a     apprenticeship.Agreement
		log   []apprenticeship.Entry
		asOf  string
		want  []logWant
	}{
		{
			// Four enterprise days and one school day of 8 hours: 8 of 40
			// hours, 8 × 100 / 40 = 20%, the minimum itself.
			name: "UK 20%: exactly met", rules: logUKBefore2022(), a: logAgreement("2021-09-06", "2022-09-05"),
			log: logWeek("2021-09-06", "8", logX, logX, logX, logX, logS), asOf: "2021-09-10", want: none,
		},
		{
			// 7 school hours of 4 × 8 + 7 = 39: 700 / 39 = 17.948… → 17.94.
			name: "UK 20%: below", rules: logUKBefore2022(), a: logAgreement("2021-09-06", "2022-09-05"),
			log:  append(logWeek("2021-09-06", "8", logX, logX, logX, logX), logE("2021-09-10", logS, "7")),
			asOf: "2021-09-10",
			want: []logWant{{apprenticeship.OffTheJobShareBelow, "2021-09-06/2021-09-10", 0, "17.94", "20"}},
		},
		{
			// The base counts as off the job: 4 school + 4 base hours are 8
			// of 40, 20%.
			name: "UK 20%: base counts as off the job", rules: logUKBefore2022(), a: logAgreement("2021-09-06", "2022-09-05"),
			log: append(logWeek("2021-09-06", "8", logX, logX, logX, logX),
				logE("2021-09-10", logS, "4"), logE("2021-09-10", logB, "4")),
			asOf: "2021-09-10", want: none,
		},
		{
			// Two complete weeks, 2022-09-05 to 2022-09-18 (14 days): at
			// least 6 × 2 = 12 off-the-job hours; 6 + 5 = 11 logged.
			name: "UK 6 hours a week: below", rules: logUKFrom2022(), a: logAgreement("2022-09-05", "2023-09-04"),
			log: []apprenticeship.Entry{
				logE("2022-09-08", logX, "8"), logE("2022-09-09", logS, "6"),
				logE("2022-09-15", logX, "8"), logE("2022-09-16", logB, "5"),
			},
			asOf: "2022-09-18",
			want: []logWant{{apprenticeship.OffTheJobHoursBelow, "2022-09-05/2022-09-18", 0, "11", "12"}},
		},
		{
			// The same log on Saturday 2022-09-17: only the first week is
			// complete, 6 hours needed, 6 logged in it.
			name: "UK 6 hours a week: week in progress not measured", rules: logUKFrom2022(), a: logAgreement("2022-09-05", "2023-09-04"),
			log: []apprenticeship.Entry{
				logE("2022-09-08", logX, "8"), logE("2022-09-09", logS, "6"),
				logE("2022-09-15", logX, "8"), logE("2022-09-16", logB, "5"),
			},
			asOf: "2022-09-17", want: none,
		},
		{
			// Started on Wednesday 2022-09-07: the first complete week is
			// 2022-09-12 to 2022-09-18 and needs 6 hours; the 6 school
			// hours of Friday 2022-09-09 lie before it and do not count.
			name: "UK 6 hours a week: start mid-week", rules: logUKFrom2022(), a: logAgreement("2022-09-07", "2023-09-06"),
			log:  []apprenticeship.Entry{logE("2022-09-09", logS, "6"), logE("2022-09-16", logS, "5.5")},
			asOf: "2022-09-20",
			want: []logWant{{apprenticeship.OffTheJobHoursBelow, "2022-09-12/2022-09-18", 0, "5.5", "6"}},
		},
		{
			// No complete week yet: nothing to measure.
			name: "UK 6 hours a week: first days", rules: logUKFrom2022(), a: logAgreement("2022-09-07", "2023-09-06"),
			log: []apprenticeship.Entry{logE("2022-09-08", logX, "8")}, asOf: "2022-09-11", want: none,
		},
		{
			// Three enterprise days of five: 24 of 40 hours, 60%.
			name: "dual split: three days in the company", rules: logDualSplit(), a: logAgreement("2024-09-02", "2027-08-31"),
			log: logWeek("2024-09-02", "8", logX, logX, logX, logS, logS), asOf: "2024-09-08", want: none,
		},
		{
			// Four enterprise days of five: 32 of 40 hours, 80%.
			name: "dual split: four days in the company", rules: logDualSplit(), a: logAgreement("2024-09-02", "2027-08-31"),
			log: logWeek("2024-09-02", "8", logX, logX, logX, logX, logS), asOf: "2024-09-08", want: none,
		},
		{
			// Two enterprise days of five: 16 of 40 hours, 40%.
			name: "dual split: two days in the company", rules: logDualSplit(), a: logAgreement("2024-09-02", "2027-08-31"),
			log:  logWeek("2024-09-02", "8", logX, logX, logS, logS, logS),
			asOf: "2024-09-08",
			want: []logWant{{apprenticeship.SiteShareBelow, "2024-09-02/2024-09-08", logX, "40", "60"}},
		},
		{
			// Five enterprise days: 100%.
			name: "dual split: no school", rules: logDualSplit(), a: logAgreement("2024-09-02", "2027-08-31"),
			log:  logWeek("2024-09-02", "8", logX, logX, logX, logX, logX),
			asOf: "2024-09-08",
			want: []logWant{{apprenticeship.SiteShareAbove, "2024-09-02/2024-09-08", logX, "100", "80"}},
		},
		{
			// Shares are cumulative: a school block of one week (0% in the
			// company) followed by four company weeks (100%) is 4 × 40 of
			// 5 × 40 hours, 80%, within the bounds.
			name: "dual split: blocks", rules: logDualSplit(), a: logAgreement("2024-09-02", "2027-08-31"),
			log: slices.Concat(
				logWeek("2024-09-02", "8", logS, logS, logS, logS, logS),
				logWeek("2024-09-09", "8", logX, logX, logX, logX, logX),
				logWeek("2024-09-16", "8", logX, logX, logX, logX, logX),
				logWeek("2024-09-23", "8", logX, logX, logX, logX, logX),
				logWeek("2024-09-30", "8", logX, logX, logX, logX, logX)),
			asOf: "2024-10-06", want: none,
		},
		{
			// 2 of 3 hours at the enterprise = 66.666…%: below a minimum of
			// 70 it shows as 66.66 (rounded down). 1 of 3 at the school =
			// 33.333…%: above a maximum of 30 it shows as 33.34 (up).
			name: "shares shown rounded away from the limit",
			rules: apprenticeship.ComplianceRules{SiteShares: map[apprenticeship.Site]apprenticeship.ShareBounds{
				apprenticeship.Enterprise: {Min: logDec("70"), Max: logDec("100")},
				apprenticeship.School:     {Min: logDec("0"), Max: logDec("30")},
			}},
			a:    logAgreement("2024-09-02", "2027-08-31"),
			log:  []apprenticeship.Entry{logE("2024-09-02", logX, "2"), logE("2024-09-02", logS, "1")},
			asOf: "2024-09-02",
			// Same period: by kind, site-share-below before
			// site-share-above.
			want: []logWant{
				{apprenticeship.SiteShareBelow, "2024-09-02/2024-09-02", logX, "66.66", "70"},
				{apprenticeship.SiteShareAbove, "2024-09-02/2024-09-02", logS, "33.34", "30"},
			},
		},
		{
			// An illustrative weekly maximum of 40 hours (a parameter, not a
			// number from the domain reference): 5 × 8.5 = 42.5 hours in
			// the week of 2024-09-02, including its Sunday 2024-09-08;
			// 8 × 5 = 40 in the next week.
			name:  "weekly maximum",
			rules: apprenticeship.ComplianceRules{MaxWeeklyHours: logDec("40")},
			a:     logAgreement("2024-09-02", "2027-08-31"),
			log: slices.Concat(logWeek("2024-09-02", "8.5", logX, logX, logX, logX),
				[]apprenticeship.Entry{logE("2024-09-08", logS, "8.5")},
				logWeek("2024-09-09", "8", logX, logX, logX, logX, logS)),
			asOf: "2024-09-30",
			want: []logWant{{apprenticeship.WeeklyHoursAbove, "2024-09-02/2024-09-08", 0, "42.5", "40"}},
		},
		{
			// 4 hours on 2024-08-30 before the start, 3 + 2 = 5 on 2024-10-01
			// after the planned end; the entry of 2024-10-02 is after asOf.
			// Outside hours count toward no share: the window has 8
			// enterprise and 2 school hours, 80%.
			name:  "outside the agreement",
			rules: apprenticeship.ComplianceRules{FlagOutsideAgreement: true, SiteShares: logDualSplit().SiteShares},
			a:     logAgreement("2024-09-02", "2024-09-30"),
			log: []apprenticeship.Entry{
				logE("2024-10-01", logX, "3"), logE("2024-08-30", logS, "4"),
				logE("2024-09-02", logX, "8"), logE("2024-09-03", logS, "2"),
				logE("2024-10-01", logS, "2"), logE("2024-10-02", logS, "8"),
			},
			asOf: "2024-10-01",
			want: []logWant{
				{apprenticeship.OutsideAgreement, "2024-08-30/2024-08-30", 0, "4", "0"},
				{apprenticeship.OutsideAgreement, "2024-10-01/2024-10-01", 0, "5", "0"},
			},
		},
		{
			// The same without the flag: nothing.
			name:  "outside the agreement, not flagged",
			rules: apprenticeship.ComplianceRules{SiteShares: logDualSplit().SiteShares},
			a:     logAgreement("2024-09-02", "2024-09-30"),
			log:   []apprenticeship.Entry{logE("2024-08-30", logS, "4"), logE("2024-09-02", logX, "8"), logE("2024-09-03", logS, "2")},
			asOf:  "2024-10-01", want: none,
		},
		{
			// Before the start nothing is measured but the outside days.
			name:  "as of a day before the start",
			rules: apprenticeship.ComplianceRules{FlagOutsideAgreement: true, OffTheJobMinPercent: logDec("20")},
			a:     logAgreement("2024-09-02", "2024-09-30"),
			log:   []apprenticeship.Entry{logE("2024-08-30", logX, "4")},
			asOf:  "2024-08-31",
			want:  []logWant{{apprenticeship.OutsideAgreement, "2024-08-30/2024-08-30", 0, "4", "0"}},
		},
		{
			// No hours in the window: no shares, no share findings.
			name: "empty log", rules: logUKBefore2022(), a: logAgreement("2021-09-06", "2022-09-05"),
			log: nil, asOf: "2021-12-31", want: none,
		},
		{
			// Everything at once, sorted by period start, end, kind, site:
			// the outside day 2024-08-30, the week 2024-09-02/08 (ends
			// before the window), then the window 2024-09-02/2024-09-30
			// with the off-the-job share (0 of 45 hours, kind 5) after the
			// enterprise share (45 of 45 = 100%, kind 4).
			name: "sorted",
			rules: apprenticeship.ComplianceRules{FlagOutsideAgreement: true, MaxWeeklyHours: logDec("40"),
				OffTheJobMinPercent: logDec("20"), SiteShares: logDualSplit().SiteShares},
			a:    logAgreement("2024-09-02", "2024-09-30"),
			log:  append(logWeek("2024-09-02", "9", logX, logX, logX, logX, logX), logE("2024-08-30", logX, "1")),
			asOf: "2024-10-31",
			want: []logWant{
				{apprenticeship.OutsideAgreement, "2024-08-30/2024-08-30", 0, "1", "0"},
				{apprenticeship.WeeklyHoursAbove, "2024-09-02/2024-09-08", 0, "45", "40"},
				{apprenticeship.SiteShareAbove, "2024-09-02/2024-09-30", logX, "100", "80"},
				{apprenticeship.OffTheJobShareBelow, "2024-09-02/2024-09-30", 0, "0", "20"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apprenticeship.Check(tt.rules, tt.a, tt.log, logD(tt.asOf))
			require.NoError(t, err)
			assert.NotNil(t, got)
			logRequireFindings(t, tt.want, got)
			for _, f := range got {
				assert.Equal(t, tt.rules.Source, f.Rule)
			}
		})
	}
}

func TestCheckErrors(t *testing.T) {
	a := logAgreement("2024-09-02", "2027-08-31")
	okLog := []apprenticeship.Entry{logE("2024-09-02", logX, "8")}
	asOf := logD("2024-09-30")
	tests := []struct {
		name  string
		rules apprenticeship.ComplianceRules
		a     apprenticeship.Agreement
		log   []apprenticeship.Entry
		asOf  apprenticeship.Date
		field string
	}{
		{"bad rules", apprenticeship.ComplianceRules{MaxWeeklyHours: logDec("-1")}, a, okLog, asOf, "rules.maxWeeklyHours"},
		{"no start", apprenticeship.ComplianceRules{}, apprenticeship.Agreement{End: logD("2027-08-31")}, okLog, asOf, "agreement.start"},
		{"no end", apprenticeship.ComplianceRules{}, apprenticeship.Agreement{Start: logD("2024-09-02")}, okLog, asOf, "agreement.end"},
		{"end before start", apprenticeship.ComplianceRules{}, logAgreement("2024-09-02", "2024-09-01"), okLog, asOf, "agreement.end"},
		{"no asOf", apprenticeship.ComplianceRules{}, a, okLog, apprenticeship.Date{}, "asOf"},
		{"bad entry", apprenticeship.ComplianceRules{}, a, append(okLog, logE("2024-09-03", logS, "0")), asOf, "log[1].hours"},
		// 8 + 16.5 = 24.5 hours on 2024-09-02.
		{"day over 24 hours", apprenticeship.ComplianceRules{}, a, append(okLog, logE("2024-09-02", logS, "16.5")), asOf, "log[1].hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apprenticeship.Check(tt.rules, tt.a, tt.log, tt.asOf)
			assert.Nil(t, got)
			logRequireField(t, err, tt.field)
		})
	}
}

func TestComplianceRulesValidate(t *testing.T) {
	require.NoError(t, logDualSplit().Validate())
	require.NoError(t, apprenticeship.ComplianceRules{}.Validate())
	bounds := func(s apprenticeship.Site, lo, hi string) map[apprenticeship.Site]apprenticeship.ShareBounds {
		return map[apprenticeship.Site]apprenticeship.ShareBounds{s: {Min: logDec(lo), Max: logDec(hi)}}
	}
	tests := []struct {
		name  string
		rules apprenticeship.ComplianceRules
		field string
	}{
		{"min above max", apprenticeship.ComplianceRules{SiteShares: bounds(logX, "80", "60")}, "siteShares.enterprise.max"},
		{"max above 100", apprenticeship.ComplianceRules{SiteShares: bounds(logS, "0", "100.5")}, "siteShares.school.max"},
		{"negative min", apprenticeship.ComplianceRules{SiteShares: bounds(logB, "-1", "10")}, "siteShares.base.min"},
		{"invalid site", apprenticeship.ComplianceRules{SiteShares: bounds(9, "0", "10")}, "siteShares.site(9)"},
		{"off-the-job percent above 100", apprenticeship.ComplianceRules{OffTheJobMinPercent: logDec("101")}, "offTheJobMinPercent"},
		{"negative weekly off-the-job hours", apprenticeship.ComplianceRules{OffTheJobMinWeeklyHours: logDec("-6")}, "offTheJobMinWeeklyHours"},
		{"absurd weekly maximum", apprenticeship.ComplianceRules{MaxWeeklyHours: decimal.New(1, 1_000_000)}, "maxWeeklyHours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logRequireField(t, tt.rules.Validate(), tt.field)
		})
	}
}

func TestComplianceJSON(t *testing.T) {
	rules := logDualSplit()
	rules.OffTheJobMinPercent = logDec("20")
	rules.FlagOutsideAgreement = true
	b, err := json.Marshal(rules)
	require.NoError(t, err)
	assert.JSONEq(t, `{"source":"dual system: 3–4 of 5 days in the company",
		"siteShares":{"enterprise":{"min":"60","max":"80"}},
		"offTheJobMinPercent":"20","flagOutsideAgreement":true}`, string(b))
	var back apprenticeship.ComplianceRules
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rules.Source, back.Source)
	assert.True(t, back.SiteShares[logX].Min.Equal(logDec("60")))
	assert.True(t, back.SiteShares[logX].Max.Equal(logDec("80")))
	assert.True(t, back.OffTheJobMinPercent.Equal(logDec("20")))
	assert.True(t, back.MaxWeeklyHours.IsZero())
	assert.True(t, back.FlagOutsideAgreement)

	findings, err := apprenticeship.Check(rules, logAgreement("2024-09-02", "2027-08-31"),
		logWeek("2024-09-02", "8", logX, logX, logS, logS, logS), logD("2024-09-08"))
	require.NoError(t, err)
	require.Len(t, findings, 1)
	b, err = json.Marshal(findings[0])
	require.NoError(t, err)
	// 2 enterprise days of 5: 16 × 100 / 40 = 40%.
	assert.JSONEq(t, `{"kind":"site-share-below","period":"2024-09-02/2024-09-08","site":"enterprise",
		"measured":"40","limit":"60","rule":"dual system: 3–4 of 5 days in the company",
		"reason":"16 hours at the enterprise site are 40.00% of 40 hours, below the minimum 60%"}`, string(b))
	var f apprenticeship.Finding
	require.NoError(t, json.Unmarshal(b, &f))
	assert.Equal(t, findings[0].Kind, f.Kind)
	assert.Equal(t, findings[0].Period, f.Period)
	assert.Equal(t, findings[0].Site, f.Site)
	assert.True(t, findings[0].Measured.Equal(f.Measured))
	assert.True(t, findings[0].Limit.Equal(f.Limit))
	assert.Equal(t, findings[0].Reason, f.Reason)

	// A finding without a site leaves the member out; an unknown kind is an
	// error.
	b, err = json.Marshal(apprenticeship.Finding{Kind: apprenticeship.OffTheJobHoursBelow})
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"site"`)
	assert.Error(t, json.Unmarshal([]byte(`{"kind":"too-few-hours"}`), &f))
}

func TestFindingKindCodes(t *testing.T) {
	codes := []string{"outside-agreement", "weekly-hours-above", "site-share-below", "site-share-above",
		"off-the-job-share-below", "off-the-job-hours-below"}
	for i, code := range codes {
		k := apprenticeship.FindingKind(i + 1)
		assert.True(t, k.IsValid())
		assert.Equal(t, code, k.String())
		var back apprenticeship.FindingKind
		require.NoError(t, back.UnmarshalText([]byte(code)))
		assert.Equal(t, k, back)
	}
	assert.False(t, apprenticeship.FindingKind(0).IsValid())
	_, err := apprenticeship.FindingKind(7).MarshalText()
	assert.ErrorIs(t, err, apprenticeship.ErrInvalid)
}

// logRandomLog returns a random valid log of an apprentice over about a year
// from start, at most 24 hours a day, in random order.
func logRandomLog(r *rand.Rand, start apprenticeship.Date, n int) []apprenticeship.Entry {
	sites := []apprenticeship.Site{logS, logX, logB}
	var out []apprenticeship.Entry
	d := start
	for range n {
		// Skip 0 to 3 days, then log 1 to 3 entries of 0.01 to 8.00 hours
		// (3 × 8 = 24 at most in a day).
		for range r.IntN(4) {
			d = d.Next()
		}
		for range 1 + r.IntN(3) {
			s := sites[r.IntN(3)]
			out = append(out, apprenticeship.Entry{Date: d, Site: s, Module: logModuleAt[s],
				Hours: decimal.New(int64(1+r.IntN(800)), -2)})
		}
		d = d.Next()
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestCheckProperties: on random logs and rules, Check never fails on valid
// input, its findings are sorted, each finding's shown figure agrees with
// its kind, weekly findings cover Monday to Sunday, and the order of the
// entries does not matter.
func TestCheckProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 9))
	start := logD("2024-09-04") // a Wednesday
	for i := range 200 {
		log := logRandomLog(r, start, 5+r.IntN(60))
		lo := decimal.NewFromInt(int64(r.IntN(60)))
		rules := apprenticeship.ComplianceRules{
			FlagOutsideAgreement: true,
			SiteShares: map[apprenticeship.Site]apprenticeship.ShareBounds{
				logSiteOf(r.IntN(3)): {Min: lo, Max: lo.Add(decimal.NewFromInt(int64(r.IntN(40))))},
			},
			OffTheJobMinPercent:     decimal.NewFromInt(int64(r.IntN(50))),
			OffTheJobMinWeeklyHours: decimal.New(int64(r.IntN(1200)), -2),
			MaxWeeklyHours:          decimal.NewFromInt(int64(r.IntN(60))),
		}
		end, _ := start.AddDays(20 + r.IntN(100))
		asOf, _ := start.AddDays(r.IntN(200) - 10)
		a := apprenticeship.Agreement{Start: start, End: end}
		got, err := apprenticeship.Check(rules, a, log, asOf)
		require.NoError(t, err, "case %d", i)
		require.NotNil(t, got)
		for k, f := range got {
			require.True(t, f.Kind.IsValid())
			if k > 0 {
				prev := got[k-1]
				order := prev.Period.Start().Compare(f.Period.Start())
				if order == 0 {
					order = prev.Period.End().Compare(f.Period.End())
				}
				if order == 0 {
					order = int(prev.Kind) - int(f.Kind)
					if order == 0 {
						order = int(prev.Site) - int(f.Site)
					}
				}
				require.Negative(t, order, "case %d: findings %d and %d out of order", i, k-1, k)
			}
			switch f.Kind {
			case apprenticeship.SiteShareBelow, apprenticeship.OffTheJobShareBelow, apprenticeship.OffTheJobHoursBelow:
				assert.Negative(t, f.Measured.Cmp(f.Limit), "case %d: %+v", i, f)
			case apprenticeship.SiteShareAbove, apprenticeship.WeeklyHoursAbove:
				assert.Positive(t, f.Measured.Cmp(f.Limit), "case %d: %+v", i, f)
			}
			if f.Kind == apprenticeship.WeeklyHoursAbove {
				assert.Equal(t, 7, f.Period.Days())
				assert.Equal(t, "Monday", f.Period.Start().In(nil).Weekday().String())
			}
			if f.Kind == apprenticeship.OutsideAgreement {
				assert.False(t, a.Period().Contains(f.Period.Start()))
				assert.False(t, f.Period.Start().After(asOf))
			} else {
				assert.False(t, f.Period.Start().After(asOf))
			}
		}
		shuffled := slices.Clone(log)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := apprenticeship.Check(rules, a, shuffled, asOf)
		require.NoError(t, err)
		b1, _ := json.Marshal(got)
		b2, _ := json.Marshal(again)
		require.Equal(t, string(b1), string(b2), "case %d: order of entries matters", i)
	}
}

func logSiteOf(i int) apprenticeship.Site { return []apprenticeship.Site{logS, logX, logB}[i] }

// TestProgressProperties: module, site and overall totals agree, and each
// percentage is the exact ratio rounded down to a hundredth.
func TestProgressProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 30))
	hundred := decimal.NewFromInt(100)
	for i := range 200 {
		entries := logRandomLog(r, logD("2024-09-02"), 1+r.IntN(80))
		l, err := apprenticeship.NewLog(logProgram(), entries)
		require.NoError(t, err, "case %d", i)
		asOf, _ := logD("2024-09-02").AddDays(r.IntN(300))
		pr := l.Progress(asOf)
		want := decimal.Zero
		for _, e := range entries {
			if !e.Date.After(asOf) {
				want = want.Add(e.Hours)
			}
		}
		assert.True(t, want.Equal(pr.Logged), "case %d", i)
		var modules, sites decimal.Decimal
		for _, m := range pr.Modules {
			modules = modules.Add(m.Logged)
			logRequireFloorPercent(t, m.Logged, m.Planned, m.Percent, hundred)
		}
		for _, s := range pr.Sites {
			sites = sites.Add(s.Logged)
			logRequireFloorPercent(t, s.Logged, s.Planned, s.Percent, hundred)
		}
		logRequireFloorPercent(t, pr.Logged, pr.Planned, pr.Percent, hundred)
		assert.True(t, modules.Equal(pr.Logged) && sites.Equal(pr.Logged), "case %d", i)
	}
}

// logRequireFloorPercent checks p ≤ 100 × logged / planned < p + 0.01,
// multiplied out by planned.
func logRequireFloorPercent(t *testing.T, logged, planned, p, hundred decimal.Decimal) {
	t.Helper()
	exact := logged.Mul(hundred)
	require.LessOrEqual(t, p.Mul(planned).Cmp(exact), 0, "%s%% of %s > %s", p, planned, logged)
	require.Positive(t, p.Add(decimal.New(1, -2)).Mul(planned).Cmp(exact), "%s%% of %s is not the floor for %s", p, planned, logged)
	require.LessOrEqual(t, -p.Exponent(), int32(2))
}

func BenchmarkCheck(b *testing.B) {
	// A three-year log: about 250 training days a year, 2 entries a day.
	r := rand.New(rand.NewPCG(1, 2))
	log := logRandomLog(r, logD("2024-09-02"), 750)
	rules := logDualSplit()
	rules.OffTheJobMinPercent = logDec("20")
	rules.OffTheJobMinWeeklyHours = logDec("6")
	rules.MaxWeeklyHours = logDec("40")
	rules.FlagOutsideAgreement = true
	a := logAgreement("2024-09-02", "2027-08-31")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := apprenticeship.Check(rules, a, log, logD("2027-08-31")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEntries(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	data, err := json.Marshal(logRandomLog(r, logD("2024-09-02"), 750))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := apprenticeship.ParseEntries(data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCheckErrorNamesValue: an error message quotes the bad value.
func TestCheckErrorNamesValue(t *testing.T) {
	_, err := apprenticeship.Check(apprenticeship.ComplianceRules{}, logAgreement("2024-09-02", "2027-08-31"),
		[]apprenticeship.Entry{logE("2024-09-02", logS, "7.125")}, logD("2024-09-30"))
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), `"7.125"`), err.Error())
	assert.True(t, errors.Is(err, apprenticeship.ErrInvalid))
	assert.Equal(t, `apprenticeship: log[0].hours "7.125": at most 2 decimal places (hundredths of an hour)`, fmt.Sprint(err))
}
