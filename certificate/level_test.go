package certificate_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// coreLevelRow is one row of the ladder table in /work/shared/DOMAIN.md
// ("Skill-level ladders"), with the stable code the package gives the level.
type coreLevelRow struct {
	level   certificate.Level
	ladder  certificate.Ladder
	rank    int
	code    string
	chinese string
	english string
}

// coreLevelTable restates the ladder table of DOMAIN.md: 1+X 初级, 中级, 高级;
// national 五级/初级工 up to 一级/高级技师; the 2022 eight-level ladder 学徒工 up
// to 首席技师 ("1+5+2"). Ranks count from 1 at the bottom of each ladder.
var coreLevelTable = []coreLevelRow{
	{certificate.XJunior, certificate.OnePlusX, 1, "1x-junior", "初级", "junior"},
	{certificate.XIntermediate, certificate.OnePlusX, 2, "1x-intermediate", "中级", "intermediate"},
	{certificate.XSenior, certificate.OnePlusX, 3, "1x-senior", "高级", "senior"},

	{certificate.NationalGrade5, certificate.National, 1, "national-5", "五级/初级工", "grade 5 (junior worker)"},
	{certificate.NationalGrade4, certificate.National, 2, "national-4", "四级/中级工", "grade 4 (intermediate worker)"},
	{certificate.NationalGrade3, certificate.National, 3, "national-3", "三级/高级工", "grade 3 (senior worker)"},
	{certificate.NationalGrade2, certificate.National, 4, "national-2", "二级/技师", "grade 2 (technician)"},
	{certificate.NationalGrade1, certificate.National, 5, "national-1", "一级/高级技师", "grade 1 (senior technician)"},

	{certificate.Apprentice, certificate.EightLevel, 1, "eight-apprentice", "学徒工", "apprentice"},
	{certificate.JuniorWorker, certificate.EightLevel, 2, "eight-junior", "初级工", "junior worker"},
	{certificate.IntermediateWorker, certificate.EightLevel, 3, "eight-intermediate", "中级工", "intermediate worker"},
	{certificate.SeniorWorker, certificate.EightLevel, 4, "eight-senior", "高级工", "senior worker"},
	{certificate.Technician, certificate.EightLevel, 5, "eight-technician", "技师", "technician"},
	{certificate.SeniorTechnician, certificate.EightLevel, 6, "eight-senior-technician", "高级技师", "senior technician"},
	{certificate.PrincipalTechnician, certificate.EightLevel, 7, "eight-principal-technician", "特级技师", "principal technician"},
	{certificate.ChiefTechnician, certificate.EightLevel, 8, "eight-chief-technician", "首席技师", "chief technician"},
}

func TestLevelTable(t *testing.T) {
	for _, row := range coreLevelTable {
		t.Run(row.code, func(t *testing.T) {
			l := row.level
			assert.True(t, l.IsValid())
			assert.Equal(t, row.ladder, l.Ladder())
			assert.Equal(t, row.rank, l.Rank())
			assert.Equal(t, row.code, l.Code())
			assert.Equal(t, row.code, l.String())
			assert.Equal(t, row.chinese, l.Chinese())
			assert.Equal(t, row.english, l.English())
			text, err := l.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, row.code, string(text))
		})
	}
}

func TestLadderLevels(t *testing.T) {
	// Sizes from DOMAIN.md: 3 levels of 1+X, 5 national levels, and the
	// eight-level ladder of 1+5+2 = 8 levels.
	tests := []struct {
		ladder certificate.Ladder
		code   string
		want   []certificate.Level
	}{
		{certificate.OnePlusX, "1x", []certificate.Level{certificate.XJunior, certificate.XIntermediate, certificate.XSenior}},
		{certificate.National, "national", []certificate.Level{certificate.NationalGrade5, certificate.NationalGrade4,
			certificate.NationalGrade3, certificate.NationalGrade2, certificate.NationalGrade1}},
		{certificate.EightLevel, "eight", []certificate.Level{certificate.Apprentice, certificate.JuniorWorker,
			certificate.IntermediateWorker, certificate.SeniorWorker, certificate.Technician,
			certificate.SeniorTechnician, certificate.PrincipalTechnician, certificate.ChiefTechnician}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.True(t, tt.ladder.IsValid())
			assert.Equal(t, tt.code, tt.ladder.String())
			got := tt.ladder.Levels()
			assert.Equal(t, tt.want, got)
			for i, l := range got {
				assert.Equal(t, i+1, l.Rank(), "rank of %s", l)
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		for _, l := range []certificate.Ladder{0, 4, 255} {
			assert.False(t, l.IsValid())
			assert.Empty(t, l.Levels())
			assert.True(t, strings.HasPrefix(l.String(), "ladder("), l.String())
		}
	})
}

func TestInvalidLevel(t *testing.T) {
	tests := []struct {
		level certificate.Level
		str   string
	}{
		{0, "Level(0x00)"},
		{0x10, "Level(0x10)"}, // ladder 1, rank 0
		{0x14, "Level(0x14)"}, // one above XSenior
		{0x26, "Level(0x26)"}, // one above NationalGrade1
		{0x39, "Level(0x39)"}, // one above ChiefTechnician
		{0x41, "Level(0x41)"}, // no fourth ladder
		{0xff, "Level(0xff)"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			l := tt.level
			assert.False(t, l.IsValid())
			assert.Equal(t, certificate.Ladder(0), l.Ladder())
			assert.Zero(t, l.Rank())
			assert.Empty(t, l.Code())
			assert.Empty(t, l.Chinese())
			assert.Empty(t, l.English())
			assert.Equal(t, tt.str, l.String())
			_, err := l.MarshalText()
			require.ErrorIs(t, err, certificate.ErrInvalidLevel)
			assert.Contains(t, err.Error(), tt.str)
			_, ok := l.Next()
			assert.False(t, ok)
		})
	}
}

func TestParseLevel(t *testing.T) {
	for _, row := range coreLevelTable {
		t.Run(row.code, func(t *testing.T) {
			l, err := certificate.ParseLevel(row.code)
			require.NoError(t, err)
			assert.Equal(t, row.level, l)
		})
	}
	for _, bad := range []string{
		"", "1X-JUNIOR", "1x-Junior", "National-5", "national-6", "national-0",
		"national-05", " national-5", "national-5 ", "eight-Technician", "初级",
		"junior", "1x", "0x11", "17", "national_5", "eight-chief-technician\x00",
	} {
		t.Run("bad/"+bad, func(t *testing.T) {
			l, err := certificate.ParseLevel(bad)
			require.Error(t, err)
			assert.Zero(t, l)
			assert.ErrorIs(t, err, certificate.ErrInvalidLevel)
			var le *certificate.LevelError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, bad, le.Input)
			assert.Contains(t, err.Error(), "skill level")
			assert.Contains(t, err.Error(), strconv.Quote(bad), "the message quotes the input")
		})
	}
	t.Run("long input is clipped in the message", func(t *testing.T) {
		long := strings.Repeat("x", 1000)
		_, err := certificate.ParseLevel(long)
		var le *certificate.LevelError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, long, le.Input, "the error keeps the whole input")
		// The message shows the first 64 bytes and "...".
		assert.Equal(t, `certificate: unknown skill level "`+strings.Repeat("x", 64)+`..."`, err.Error())
	})
}

func TestLevelJSON(t *testing.T) {
	type record struct {
		Level  certificate.Level            `json:"level"`
		Levels []certificate.Level          `json:"levels"`
		ByCode map[string]certificate.Level `json:"byCode"`
	}
	in := record{
		Level:  certificate.NationalGrade2,
		Levels: []certificate.Level{certificate.XJunior, certificate.ChiefTechnician},
		ByCode: map[string]certificate.Level{"a": certificate.Technician},
	}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"level":"national-2","levels":["1x-junior","eight-chief-technician"],"byCode":{"a":"eight-technician"}}`, string(b))
	var out record
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	t.Run("unknown code", func(t *testing.T) {
		var r record
		err := json.Unmarshal([]byte(`{"level":"national-6"}`), &r)
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)
		assert.Contains(t, err.Error(), "national-6")
	})
	t.Run("number instead of code", func(t *testing.T) {
		var r record
		require.Error(t, json.Unmarshal([]byte(`{"level":17}`), &r))
	})
	t.Run("invalid level does not marshal", func(t *testing.T) {
		_, err := json.Marshal(record{Level: 0x14})
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)
	})
}

func TestLevelCompare(t *testing.T) {
	tests := []struct {
		name string
		a, b certificate.Level
		want int
	}{
		{"1x lower", certificate.XJunior, certificate.XSenior, -1},
		{"1x same", certificate.XIntermediate, certificate.XIntermediate, 0},
		{"1x higher", certificate.XSenior, certificate.XIntermediate, 1},
		// 五级 is the lowest national grade, 一级 the highest.
		{"national 5 below 1", certificate.NationalGrade5, certificate.NationalGrade1, -1},
		{"national 2 above 3", certificate.NationalGrade2, certificate.NationalGrade3, 1},
		{"eight apprentice below junior", certificate.Apprentice, certificate.JuniorWorker, -1},
		{"eight chief above principal", certificate.ChiefTechnician, certificate.PrincipalTechnician, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.a.Compare(tt.b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			back, err := tt.b.Compare(tt.a)
			require.NoError(t, err)
			assert.Equal(t, -tt.want, back, "antisymmetric")
			assert.Equal(t, tt.want >= 0, tt.a.AtLeast(tt.b))
		})
	}

	t.Run("every pair within a ladder agrees with rank", func(t *testing.T) {
		for _, a := range coreLevelTable {
			for _, b := range coreLevelTable {
				got, err := a.level.Compare(b.level)
				if a.ladder != b.ladder {
					require.ErrorIs(t, err, certificate.ErrLadderMismatch, "%s vs %s", a.code, b.code)
					assert.Zero(t, got)
					assert.False(t, a.level.AtLeast(b.level))
					assert.Contains(t, err.Error(), a.code)
					assert.Contains(t, err.Error(), b.code)
					continue
				}
				require.NoError(t, err)
				want := 0
				switch {
				case a.rank < b.rank:
					want = -1
				case a.rank > b.rank:
					want = 1
				}
				assert.Equal(t, want, got, "%s vs %s", a.code, b.code)
			}
		}
	})

	t.Run("across ladders", func(t *testing.T) {
		// 1+X 中级 and national 四级/中级工 share a Chinese word but no
		// official equivalence (DOMAIN.md): comparing them is an error.
		_, err := certificate.XIntermediate.Compare(certificate.NationalGrade4)
		require.ErrorIs(t, err, certificate.ErrLadderMismatch)
		_, err = certificate.NationalGrade2.Compare(certificate.Technician)
		require.ErrorIs(t, err, certificate.ErrLadderMismatch)
	})

	t.Run("invalid levels", func(t *testing.T) {
		_, err := certificate.Level(0).Compare(certificate.XJunior)
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)
		_, err = certificate.XJunior.Compare(0x14)
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)
		assert.Contains(t, err.Error(), "Level(0x14)")
		assert.False(t, certificate.XJunior.AtLeast(0))
		assert.False(t, certificate.Level(0).AtLeast(0))
	})
}

func TestLevelNext(t *testing.T) {
	for i, row := range coreLevelTable {
		t.Run(row.code, func(t *testing.T) {
			next, ok := row.level.Next()
			top := i == len(coreLevelTable)-1 || coreLevelTable[i+1].ladder != row.ladder
			if top {
				assert.False(t, ok, "%s is the top of its ladder", row.code)
				assert.Zero(t, next)
				return
			}
			require.True(t, ok)
			assert.Equal(t, coreLevelTable[i+1].level, next)
			assert.Equal(t, row.rank+1, next.Rank())
		})
	}
	// The tops named in DOMAIN.md: 高级, 一级/高级技师, 首席技师.
	for _, top := range []certificate.Level{certificate.XSenior, certificate.NationalGrade1, certificate.ChiefTechnician} {
		_, ok := top.Next()
		assert.False(t, ok, "%s", top)
	}
}

// coreXToNational is a 1+X → national mapping used in these tests. It is a
// configuration choice, not an official equivalence (DOMAIN.md: "Any mapping
// between the 1+X ladder and the national levels is a configuration
// choice"): 初级 → 五级, 中级 → 四级, 高级 → 三级.
func coreXToNational(t testing.TB) certificate.LevelMapping {
	t.Helper()
	m, err := certificate.NewLevelMapping(map[certificate.Level]certificate.Level{
		certificate.XJunior:       certificate.NationalGrade5,
		certificate.XIntermediate: certificate.NationalGrade4,
		certificate.XSenior:       certificate.NationalGrade3,
	})
	require.NoError(t, err)
	return m
}

func TestNewLevelMapping(t *testing.T) {
	type pairs = map[certificate.Level]certificate.Level
	tests := []struct {
		name    string
		pairs   pairs
		wantErr error
	}{
		{"nil", nil, certificate.ErrInvalidLevel},
		{"empty", pairs{}, certificate.ErrInvalidLevel},
		{"invalid key", pairs{0x14: certificate.NationalGrade5}, certificate.ErrInvalidLevel},
		{"invalid value", pairs{certificate.XJunior: 0}, certificate.ErrInvalidLevel},
		{"same ladder", pairs{certificate.XJunior: certificate.XSenior}, certificate.ErrLadderMismatch},
		{"same ladder national", pairs{certificate.NationalGrade5: certificate.NationalGrade4}, certificate.ErrLadderMismatch},
		{"mixed source ladders", pairs{
			certificate.XJunior:        certificate.NationalGrade5,
			certificate.NationalGrade4: certificate.Technician,
		}, certificate.ErrLadderMismatch},
		{"mixed target ladders", pairs{
			certificate.XJunior: certificate.NationalGrade5,
			certificate.XSenior: certificate.SeniorWorker,
		}, certificate.ErrLadderMismatch},
		{"order broken", pairs{
			certificate.XJunior: certificate.NationalGrade3,
			certificate.XSenior: certificate.NationalGrade5,
		}, certificate.ErrInvalidLevel},
		{"order broken in the middle", pairs{
			certificate.XJunior:       certificate.NationalGrade5,
			certificate.XIntermediate: certificate.NationalGrade2,
			certificate.XSenior:       certificate.NationalGrade3,
		}, certificate.ErrInvalidLevel},
		{"one pair", pairs{certificate.XSenior: certificate.NationalGrade3}, nil},
		{"two levels to one (order kept)", pairs{
			certificate.XJunior:       certificate.NationalGrade5,
			certificate.XIntermediate: certificate.NationalGrade5,
		}, nil},
		{"national to eight", pairs{
			certificate.NationalGrade5: certificate.JuniorWorker,
			certificate.NationalGrade1: certificate.SeniorTechnician,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Map iteration order is random: run each case several times so
			// that an order-dependent check would show.
			for range 20 {
				m, err := certificate.NewLevelMapping(tt.pairs)
				if tt.wantErr != nil {
					require.ErrorIs(t, err, tt.wantErr)
					assert.Zero(t, m.From())
					continue
				}
				require.NoError(t, err)
				for from, to := range tt.pairs {
					got, ok := m.Map(from)
					assert.True(t, ok)
					assert.Equal(t, to, got)
					assert.Equal(t, from.Ladder(), m.From())
					assert.Equal(t, to.Ladder(), m.To())
				}
			}
		})
	}

	t.Run("the caller's map is copied", func(t *testing.T) {
		p := pairs{certificate.XJunior: certificate.NationalGrade5}
		m, err := certificate.NewLevelMapping(p)
		require.NoError(t, err)
		p[certificate.XJunior] = certificate.NationalGrade1
		p[certificate.XSenior] = certificate.NationalGrade1
		got, ok := m.Map(certificate.XJunior)
		assert.True(t, ok)
		assert.Equal(t, certificate.NationalGrade5, got)
		_, ok = m.Map(certificate.XSenior)
		assert.False(t, ok)
	})
}

func TestLevelMappingCompare(t *testing.T) {
	m := coreXToNational(t) // a configuration choice, see coreXToNational
	assert.Equal(t, certificate.OnePlusX, m.From())
	assert.Equal(t, certificate.National, m.To())
	tests := []struct {
		name string
		a, b certificate.Level
		want int
	}{
		// XIntermediate maps to NationalGrade4 under this configuration.
		{"中级 vs 四级", certificate.XIntermediate, certificate.NationalGrade4, 0},
		{"中级 vs 五级", certificate.XIntermediate, certificate.NationalGrade5, 1},
		{"中级 vs 三级", certificate.XIntermediate, certificate.NationalGrade3, -1},
		{"初级 vs 五级", certificate.XJunior, certificate.NationalGrade5, 0},
		{"高级 vs 三级", certificate.XSenior, certificate.NationalGrade3, 0},
		{"高级 vs 二级", certificate.XSenior, certificate.NationalGrade2, -1},
		{"高级 vs 一级", certificate.XSenior, certificate.NationalGrade1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Compare(tt.a, tt.b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("errors", func(t *testing.T) {
		_, err := m.Compare(certificate.NationalGrade4, certificate.XIntermediate)
		require.ErrorIs(t, err, certificate.ErrLadderMismatch, "the mapping has a direction")
		_, err = m.Compare(certificate.XJunior, certificate.JuniorWorker)
		require.ErrorIs(t, err, certificate.ErrLadderMismatch, "b must be on the To ladder")
		_, err = m.Compare(certificate.XJunior, 0)
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)

		partial, err := certificate.NewLevelMapping(map[certificate.Level]certificate.Level{
			certificate.XSenior: certificate.NationalGrade3,
		})
		require.NoError(t, err)
		_, err = partial.Compare(certificate.XJunior, certificate.NationalGrade5)
		require.ErrorIs(t, err, certificate.ErrLadderMismatch, "no counterpart")
		assert.Contains(t, err.Error(), "1x-junior")

		var zero certificate.LevelMapping
		_, err = zero.Compare(certificate.XJunior, certificate.NationalGrade5)
		require.Error(t, err, "the zero mapping maps nothing")
		_, ok := zero.Map(certificate.XJunior)
		assert.False(t, ok)
	})
}

func TestLevelErrorMessage(t *testing.T) {
	_, err := certificate.ParseLevel("national-6")
	require.EqualError(t, err, `certificate: unknown skill level "national-6"`)
	assert.True(t, errors.Is(err, certificate.ErrInvalidLevel))

	// A long hostile code is clipped to 64 bytes without splitting a
	// character: 30 × "级" is 90 bytes; 21 whole characters are 63 bytes.
	_, err = certificate.ParseLevel(strings.Repeat("级", 30))
	require.EqualError(t, err, `certificate: unknown skill level "`+strings.Repeat("级", 21)+`..."`)
}

// TestLevelMappingErrorsDeterministic: a bad mapping is reported the same way
// on every run, whatever the map's iteration order.
func TestLevelMappingErrorsDeterministic(t *testing.T) {
	pairs := map[certificate.Level]certificate.Level{
		certificate.XJunior:       certificate.NationalGrade5,
		certificate.XIntermediate: certificate.JuniorWorker, // another ladder
		certificate.XSenior:       certificate.SeniorWorker, // another ladder
	}
	_, first := certificate.NewLevelMapping(pairs)
	require.ErrorIs(t, first, certificate.ErrLadderMismatch)
	for range 20 {
		_, err := certificate.NewLevelMapping(pairs)
		require.EqualError(t, err, first.Error())
	}

	// Every pair out of order: the first in level order is the one named.
	reversed := map[certificate.Level]certificate.Level{
		certificate.XJunior:       certificate.NationalGrade3,
		certificate.XIntermediate: certificate.NationalGrade4,
		certificate.XSenior:       certificate.NationalGrade5,
	}
	for range 50 {
		_, err := certificate.NewLevelMapping(reversed)
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)
		require.ErrorContains(t, err, "1x-junior < 1x-intermediate but national-3 > national-4")
	}

	m, err := certificate.NewLevelMapping(map[certificate.Level]certificate.Level{certificate.XJunior: certificate.NationalGrade5})
	require.NoError(t, err)
	_, err = m.Compare(0, certificate.NationalGrade5)
	require.ErrorIs(t, err, certificate.ErrInvalidLevel, "an invalid level is invalid, not merely unmapped")
}

func TestLadderText(t *testing.T) {
	for _, l := range []certificate.Ladder{certificate.OnePlusX, certificate.National, certificate.EightLevel} {
		b, err := l.MarshalText()
		require.NoError(t, err)
		got, err := certificate.ParseLadder(string(b))
		require.NoError(t, err)
		assert.Equal(t, l, got)
		var u certificate.Ladder
		require.NoError(t, u.UnmarshalText(b))
		assert.Equal(t, l, u)
	}
	_, err := certificate.ParseLadder("nine")
	var fe *certificate.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "ladder", fe.Field)
	assert.Equal(t, "nine", fe.Value)
	_, err = certificate.Ladder(0).MarshalText()
	require.Error(t, err, "the zero Ladder is not a ladder")
}
