package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// coreProgram is a valid program in the 1 + 1 + N form: one major, one base,
// two partner enterprises. Names and codes are illustrative.
func coreProgram() apprenticeship.Program {
	return apprenticeship.Program{
		Code:        "SG-IM-2024",
		School:      apprenticeship.Organisation{ID: "school-1", Name: "中德应用技术学校"},
		Major:       apprenticeship.Major{Code: "660303", Name: "智能制造装备技术"},
		Bases:       []apprenticeship.Organisation{{ID: "base-1", Name: "智能制造实训基地"}},
		Enterprises: []apprenticeship.Organisation{{ID: "ent-1", Name: "家电企业"}, {ID: "ent-2", Name: "面板企业"}},
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
		MaxPerMaster: 4,
	}
}

func TestProgramValidate(t *testing.T) {
	require.NoError(t, coreProgram().Validate())

	tests := []struct {
		name   string
		break_ func(*apprenticeship.Program)
		field  string
	}{
		{"no code", func(p *apprenticeship.Program) { p.Code = "" }, "code"},
		{"padded code", func(p *apprenticeship.Program) { p.Code = " x" }, "code"},
		{"school without id", func(p *apprenticeship.Program) { p.School.ID = "" }, "school.id"},
		{"school without name", func(p *apprenticeship.Program) { p.School.Name = " " }, "school.name"},
		{"major without code", func(p *apprenticeship.Program) { p.Major.Code = "" }, "major.code"},
		{"major without name", func(p *apprenticeship.Program) { p.Major.Name = "" }, "major.name"},
		{"no base", func(p *apprenticeship.Program) { p.Bases = nil }, "bases"},
		{"no enterprise", func(p *apprenticeship.Program) { p.Enterprises = nil }, "enterprises"},
		{"enterprise without name", func(p *apprenticeship.Program) { p.Enterprises[1].Name = "" }, "enterprises[1].name"},
		{"enterprise listed twice", func(p *apprenticeship.Program) { p.Enterprises[1].ID = "ent-1" }, "enterprises[1].id"},
		{"base that is the school", func(p *apprenticeship.Program) { p.Bases[0].ID = "school-1" }, "bases[0].id"},
		{"no duration", func(p *apprenticeship.Program) { p.Months = 0 }, "months"},
		{"target with bad level", func(p *apprenticeship.Program) { p.Targets[0].Level = 0 }, "targets[0].level"},
		{"target without occupation", func(p *apprenticeship.Program) { p.Targets[0].Occupation.Code = "" }, "targets[0].occupation.code"},
		{"empty plan", func(p *apprenticeship.Program) { p.Plan = nil }, "plan"},
		{"module without code", func(p *apprenticeship.Program) { p.Plan[0].Code = "" }, "plan[0].code"},
		// Entry.Validate refuses " M1", so such a module could never get hours.
		{"module code with spaces", func(p *apprenticeship.Program) { p.Plan[1].Code = " M9" }, "plan[1].code"},
		{"module code twice", func(p *apprenticeship.Program) { p.Plan[2].Code = "M1" }, "plan[2].code"},
		{"module without name", func(p *apprenticeship.Program) { p.Plan[1].Name = "" }, "plan[1].name"},
		{"module without site", func(p *apprenticeship.Program) { p.Plan[1].Site = 0 }, "plan[1].site"},
		{"module without hours", func(p *apprenticeship.Program) { p.Plan[2].Hours = 0 }, "plan[2].hours"},
		{"negative master limit", func(p *apprenticeship.Program) { p.MaxPerMaster = -1 }, "maxPerMaster"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := coreProgram()
			tt.break_(&p)
			err := p.Validate()
			var fe *apprenticeship.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.True(t, errors.Is(err, apprenticeship.ErrInvalid))
		})
	}
}

func TestProgramPlan(t *testing.T) {
	p := coreProgram()
	m, ok := p.Module("M2")
	require.True(t, ok)
	assert.Equal(t, apprenticeship.Base, m.Site)
	_, ok = p.Module("M9")
	assert.False(t, ok)
	// 120 at school, 200 at the base, 600 in the enterprise (coreProgram).
	assert.Equal(t, map[apprenticeship.Site]int{
		apprenticeship.School: 120, apprenticeship.Base: 200, apprenticeship.Enterprise: 600,
	}, p.PlannedHours())
}

func TestProgramJSON(t *testing.T) {
	p := coreProgram()
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"site":"base"`)
	assert.Contains(t, string(b), `"level":"1x-intermediate"`)
	var back apprenticeship.Program
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)

	var s apprenticeship.Site
	require.Error(t, json.Unmarshal([]byte(`"factory"`), &s), "unknown site code")
	_, err = apprenticeship.Site(0).MarshalText()
	require.Error(t, err, "the zero Site is not a site")
}

func TestEnumCodes(t *testing.T) {
	for _, tt := range []struct {
		v    interface{ MarshalText() ([]byte, error) }
		code string
	}{
		{apprenticeship.School, "school"}, {apprenticeship.Enterprise, "enterprise"}, {apprenticeship.Base, "base"},
		{apprenticeship.Teacher, "teacher"}, {apprenticeship.Master, "master"},
		{apprenticeship.Tripartite, "tripartite"}, {apprenticeship.NewType, "new-type"}, {apprenticeship.Dual, "dual"},
	} {
		b, err := tt.v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, tt.code, string(b))
	}
	var k apprenticeship.AgreementKind
	require.NoError(t, k.UnmarshalText([]byte("new-type")))
	assert.Equal(t, apprenticeship.NewType, k)
	var r apprenticeship.MentorRole
	err := r.UnmarshalText([]byte("coach"))
	var fe *apprenticeship.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "coach", fe.Value)
}
