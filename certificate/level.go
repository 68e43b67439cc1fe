package certificate

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// Ladder is one of the skill-level ladders (职业技能等级序列) in use in China.
// Levels are ordered within a ladder; comparing levels of different ladders
// needs a [LevelMapping]. The zero Ladder is not a ladder.
type Ladder uint8

// The ladders.
const (
	// OnePlusX is the ladder of the 1+X vocational skill level certificates
	// (职业技能等级证书) of the Ministry of Education: junior, intermediate,
	// senior.
	OnePlusX Ladder = iota + 1
	// National is the five national vocational skill levels (国家职业技能等级)
	// of the Ministry of Human Resources and Social Security, from 五级 (初级工)
	// up to 一级 (高级技师).
	National
	// EightLevel is the "new eight-level" ladder of 2022 (新八级工, 人社部《关于
	// 健全完善新时代技能人才职业技能等级制度的意见（试行）》): 学徒工 below the
	// five national levels and 特级技师 and 首席技师 above them ("1+5+2").
	EightLevel
)

var ladders = codes[Ladder]{"ladder", []string{"", "1x", "national", "eight"}}

// IsValid reports whether l is one of the ladders.
func (l Ladder) IsValid() bool { return ladders.valid(l) }

// String returns the ladder's stable code: "1x", "national" or "eight".
func (l Ladder) String() string { return ladders.String(l) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (l Ladder) MarshalText() ([]byte, error) { return ladders.marshal(l) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (l *Ladder) UnmarshalText(b []byte) (err error) {
	*l, err = ladders.parse(string(b))
	return err
}

// ParseLadder returns the ladder with the given stable code ("1x",
// "national", "eight"); an unknown code is a *FieldError naming it.
func ParseLadder(code string) (Ladder, error) { return ladders.parse(code) }

// Levels returns the levels of the ladder from the lowest to the highest.
func (l Ladder) Levels() []Level {
	var out []Level
	for _, info := range levelTable {
		if info.level.Ladder() == l {
			out = append(out, info.level)
		}
	}
	return out
}

// Level is a skill level on one ladder. It is a small comparable value; its
// zero value is not a level. In text and JSON a level is its stable code, for
// example "1x-intermediate" or "national-2".
type Level uint8

// The levels, lowest first within each ladder. The stable code of each is in
// its comment; codes never change once published.
const (
	// 1+X ladder.
	XJunior       Level = 0x11 // "1x-junior": 初级
	XIntermediate Level = 0x12 // "1x-intermediate": 中级
	XSenior       Level = 0x13 // "1x-senior": 高级

	// National five levels; the number is the official grade, 五级 lowest.
	NationalGrade5 Level = 0x21 // "national-5": 五级/初级工
	NationalGrade4 Level = 0x22 // "national-4": 四级/中级工
	NationalGrade3 Level = 0x23 // "national-3": 三级/高级工
	NationalGrade2 Level = 0x24 // "national-2": 二级/技师
	NationalGrade1 Level = 0x25 // "national-1": 一级/高级技师

	// Eight-level ladder (2022).
	Apprentice          Level = 0x31 // "eight-apprentice": 学徒工
	JuniorWorker        Level = 0x32 // "eight-junior": 初级工
	IntermediateWorker  Level = 0x33 // "eight-intermediate": 中级工
	SeniorWorker        Level = 0x34 // "eight-senior": 高级工
	Technician          Level = 0x35 // "eight-technician": 技师
	SeniorTechnician    Level = 0x36 // "eight-senior-technician": 高级技师
	PrincipalTechnician Level = 0x37 // "eight-principal-technician": 特级技师
	ChiefTechnician     Level = 0x38 // "eight-chief-technician": 首席技师
)

type levelInfo struct {
	level   Level
	code    string
	chinese string
	english string
}

// levelTable lists every level, ladder by ladder, lowest first.
var levelTable = [...]levelInfo{
	{XJunior, "1x-junior", "初级", "junior"},
	{XIntermediate, "1x-intermediate", "中级", "intermediate"},
	{XSenior, "1x-senior", "高级", "senior"},

	{NationalGrade5, "national-5", "五级/初级工", "grade 5 (junior worker)"},
	{NationalGrade4, "national-4", "四级/中级工", "grade 4 (intermediate worker)"},
	{NationalGrade3, "national-3", "三级/高级工", "grade 3 (senior worker)"},
	{NationalGrade2, "national-2", "二级/技师", "grade 2 (technician)"},
	{NationalGrade1, "national-1", "一级/高级技师", "grade 1 (senior technician)"},

	{Apprentice, "eight-apprentice", "学徒工", "apprentice"},
	{JuniorWorker, "eight-junior", "初级工", "junior worker"},
	{IntermediateWorker, "eight-intermediate", "中级工", "intermediate worker"},
	{SeniorWorker, "eight-senior", "高级工", "senior worker"},
	{Technician, "eight-technician", "技师", "technician"},
	{SeniorTechnician, "eight-senior-technician", "高级技师", "senior technician"},
	{PrincipalTechnician, "eight-principal-technician", "特级技师", "principal technician"},
	{ChiefTechnician, "eight-chief-technician", "首席技师", "chief technician"},
}

// levelStart gives, for each ladder number (the high nibble of a Level),
// the index in levelTable of its first level and its number of levels.
var levelStart = [...]struct{ first, n uint8 }{{0, 0}, {0, 3}, {3, 5}, {8, 8}}

// info looks l up in levelTable by its ladder and rank, without a scan (it
// runs for every level a rule or a history lookup touches), and returns the
// entry itself rather than a copy of its three strings; nil if l is not
// a level.
func (l Level) info() (*levelInfo, bool) {
	ladder, rank := int(l>>4), int(l&0x0f)
	if ladder == 0 || ladder >= len(levelStart) || rank == 0 || rank > int(levelStart[ladder].n) {
		return nil, false
	}
	info := &levelTable[int(levelStart[ladder].first)+rank-1]
	return info, info.level == l
}

// IsValid reports whether l is one of the defined levels.
func (l Level) IsValid() bool {
	_, ok := l.info()
	return ok
}

// Ladder returns the ladder l belongs to (0 for an invalid level).
func (l Level) Ladder() Ladder {
	if !l.IsValid() {
		return 0
	}
	return Ladder(l >> 4)
}

// Rank returns the position of l on its ladder, 1 for the lowest level (0
// for an invalid level). Note that the national grades count the other way:
// NationalGrade5 has rank 1 and NationalGrade1 rank 5.
func (l Level) Rank() int {
	if !l.IsValid() {
		return 0
	}
	return int(l & 0x0f)
}

// Code returns the stable code of l, such as "1x-intermediate" ("" for an
// invalid level).
func (l Level) Code() string {
	if info, ok := l.info(); ok {
		return info.code
	}
	return ""
}

// Chinese returns the Chinese label of l, such as "中级".
func (l Level) Chinese() string {
	if info, ok := l.info(); ok {
		return info.chinese
	}
	return ""
}

// English returns the English label of l, such as "intermediate".
func (l Level) English() string {
	if info, ok := l.info(); ok {
		return info.english
	}
	return ""
}

// String returns the stable code of l, or "Level(0xNN)" for an invalid level.
func (l Level) String() string {
	if info, ok := l.info(); ok {
		return info.code
	}
	return fmt.Sprintf("Level(%#02x)", uint8(l))
}

// ErrInvalidLevel is matched (with errors.Is) by errors for unknown level
// codes and invalid level values.
var ErrInvalidLevel = errors.New("invalid skill level")

// ErrLadderMismatch is matched by errors that compare levels of different
// ladders without a mapping.
var ErrLadderMismatch = errors.New("levels on different ladders")

// LevelError reports an unknown level code or an invalid level value.
type LevelError struct {
	Input string // the code that was parsed, or the invalid value as "Level(0xNN)"
}

// Error names the code that is not a level.
func (e *LevelError) Error() string {
	return fmt.Sprintf("certificate: unknown skill level %q", clip(e.Input))
}

// Unwrap makes errors.Is(err, ErrInvalidLevel) true.
func (e *LevelError) Unwrap() error { return ErrInvalidLevel }

// ParseLevel returns the level with the given stable code. Codes are
// case-sensitive; an unknown code is a *LevelError naming it.
func ParseLevel(code string) (Level, error) {
	for _, info := range levelTable {
		if info.code == code {
			return info.level, nil
		}
	}
	return 0, &LevelError{Input: code}
}

// MarshalText implements encoding.TextMarshaler: the level's stable code. An
// invalid level cannot be marshalled.
func (l Level) MarshalText() ([]byte, error) {
	info, ok := l.info()
	if !ok {
		return nil, &LevelError{Input: l.String()}
	}
	return []byte(info.code), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseLevel.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Compare orders two levels of the same ladder: -1 if l is lower than m, 0
// if they are the same level, +1 if l is higher. Levels of different ladders
// (or invalid levels) cannot be compared directly: the error matches
// ErrLadderMismatch (or ErrInvalidLevel); use a LevelMapping.
func (l Level) Compare(m Level) (int, error) {
	if !l.IsValid() {
		return 0, &LevelError{Input: l.String()}
	}
	if !m.IsValid() {
		return 0, &LevelError{Input: m.String()}
	}
	if l.Ladder() != m.Ladder() {
		return 0, fmt.Errorf("certificate: comparing %s with %s: %w", l, m, ErrLadderMismatch)
	}
	switch {
	case l < m:
		return -1, nil
	case l > m:
		return 1, nil
	}
	return 0, nil
}

// AtLeast reports whether l is on the same ladder as m and not lower. Levels
// of different ladders are never "at least" each other; map them first.
func (l Level) AtLeast(m Level) bool {
	c, err := l.Compare(m)
	return err == nil && c >= 0
}

// Next returns the level one step above l on its ladder, and false if l is
// the top of its ladder or invalid.
func (l Level) Next() (Level, bool) {
	n := l + 1
	if !l.IsValid() || !n.IsValid() || n.Ladder() != l.Ladder() {
		return 0, false
	}
	return n, true
}

// LevelMapping maps the levels of one ladder onto another, so that levels of
// different ladders can be compared. No official equivalence exists between
// the 1+X ladder and the national levels: a mapping is a configuration choice
// of whoever builds it. A mapping is immutable and safe for concurrent use.
type LevelMapping struct {
	from, to Ladder
	pairs    map[Level]Level
}

// NewLevelMapping returns the mapping from the levels of one ladder to levels
// of another. Every key must be a level of one ladder and every value a level
// of one other ladder, and the mapping must keep the order: a higher level
// never maps below a lower one. Not every level needs a counterpart. The map
// is copied.
func NewLevelMapping(pairs map[Level]Level) (LevelMapping, error) {
	if len(pairs) == 0 {
		return LevelMapping{}, fmt.Errorf("certificate: level mapping: no pairs: %w", ErrInvalidLevel)
	}
	var m LevelMapping
	m.pairs = make(map[Level]Level, len(pairs))
	// Walk the keys in order, so that the error for a bad mapping is the
	// same on every run.
	for _, from := range slices.Sorted(maps.Keys(pairs)) {
		to := pairs[from]
		if !from.IsValid() {
			return LevelMapping{}, &LevelError{Input: from.String()}
		}
		if !to.IsValid() {
			return LevelMapping{}, &LevelError{Input: to.String()}
		}
		if m.from == 0 {
			m.from, m.to = from.Ladder(), to.Ladder()
		}
		if from.Ladder() != m.from || to.Ladder() != m.to {
			return LevelMapping{}, fmt.Errorf("certificate: level mapping %s → %s: every pair must map one ladder to one other: %w",
				from, to, ErrLadderMismatch)
		}
		if m.from == m.to {
			return LevelMapping{}, fmt.Errorf("certificate: level mapping %s → %s: both on ladder %s: %w",
				from, to, m.from, ErrLadderMismatch)
		}
		m.pairs[from] = to
	}
	// In order too: of several pairs out of order, the first is reported.
	keys := slices.Sorted(maps.Keys(m.pairs))
	for i, a := range keys {
		for _, b := range keys[i+1:] {
			if ta, tb := m.pairs[a], m.pairs[b]; ta > tb {
				return LevelMapping{}, fmt.Errorf("certificate: level mapping: %s < %s but %s > %s: a mapping must keep the order: %w",
					a, b, ta, tb, ErrInvalidLevel)
			}
		}
	}
	return m, nil
}

// From returns the ladder the mapping maps from.
func (m LevelMapping) From() Ladder { return m.from }

// To returns the ladder the mapping maps to.
func (m LevelMapping) To() Ladder { return m.to }

// Map returns the counterpart of l, and false if l has none.
func (m LevelMapping) Map(l Level) (Level, bool) {
	to, ok := m.pairs[l]
	return to, ok
}

// Compare compares a level of the mapping's From ladder with a level of its
// To ladder, by mapping the first: -1, 0 or +1 as for Level.Compare. It fails
// if a is not on the From ladder or has no counterpart, or b is not on the
// To ladder.
func (m LevelMapping) Compare(a, b Level) (int, error) {
	if !a.IsValid() {
		return 0, &LevelError{Input: a.String()}
	}
	to, ok := m.pairs[a]
	if !ok {
		return 0, fmt.Errorf("certificate: level mapping %s → %s has no counterpart for %s: %w", m.from, m.to, a, ErrLadderMismatch)
	}
	return to.Compare(b)
}

// clip shortens hostile input so that an error message stays readable.
// It never cuts a UTF-8 sequence in two.
func clip(s string) string { return errtext.Clip(s, 64) }
