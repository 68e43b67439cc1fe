package apprenticeship

import (
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
)

// Site is one of the three places of dual training (三地).
type Site uint8

// The sites. The zero Site is not a site.
const (
	School     Site = iota + 1 // the vocational school (学校)
	Enterprise                 // a partner enterprise (企业)
	Base                       // the co-built productive training base (共建共享生产性实训基地)
)

var sites = codes[Site]{"site", []string{"", "school", "enterprise", "base"}}

// IsValid reports whether s is one of the sites.
func (s Site) IsValid() bool { return sites.valid(s) }

// String returns the stable code of s: "school", "enterprise" or "base".
func (s Site) String() string { return sites.String(s) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (s Site) MarshalText() ([]byte, error) { return sites.marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (s *Site) UnmarshalText(b []byte) (err error) {
	*s, err = sites.parse(string(b))
	return err
}

// Organisation is a school, an enterprise, a training base or a training
// institution taking part in a program.
type Organisation struct {
	ID   string `json:"id"`   // a durable identifier, such as a unified social credit code; required
	Name string `json:"name"` // required
}

func (o Organisation) validate() error {
	switch {
	case strings.TrimSpace(o.ID) == "" || strings.TrimSpace(o.ID) != o.ID:
		return fieldErr("id", o.ID, "an organisation needs an id without surrounding spaces")
	case strings.TrimSpace(o.Name) == "":
		return fieldErr("name", o.Name, "an organisation needs a name")
	}
	return nil
}

// Major is the school major (专业) a program trains for.
type Major struct {
	Code string `json:"code"` // the major's code in the school's catalogue; required
	Name string `json:"name"` // required
}

// Module is a unit of the training plan, taught at one site with a number of
// planned hours.
type Module struct {
	Code  string `json:"code"`  // unique within the plan; required
	Name  string `json:"name"`  // required
	Site  Site   `json:"site"`  // where it is taught
	Hours int    `json:"hours"` // planned hours, > 0
}

// Target is a certificate a program prepares its apprentices for.
type Target struct {
	Occupation certificate.Occupation `json:"occupation"`
	Level      certificate.Level      `json:"level"`
}

// Program is a dual training program in the "1 major + 1 training base + N
// partner enterprises" form (1个专业 + 1个共建共享生产性实训基地 + N个合作企业):
// a school and its partner enterprises train a cohort of apprentices in one
// major across the school, the enterprises and a co-built training base,
// following a plan of modules assigned to sites.
type Program struct {
	// Code identifies the program; required.
	Code string `json:"code"`
	// School runs the program.
	School Organisation `json:"school"`
	// Major is the school major.
	Major Major `json:"major"`
	// Bases are the co-built productive training bases; at least one.
	Bases []Organisation `json:"bases"`
	// Enterprises are the partner enterprises; at least one.
	Enterprises []Organisation `json:"enterprises"`
	// Cohort names the intake, such as "2024".
	Cohort string `json:"cohort"`
	// Months is the planned duration of training in whole months.
	Months int `json:"months"`
	// Targets are the certificates the program prepares for (from package
	// certificate); optional.
	Targets []Target `json:"targets,omitempty"`
	// Plan is the training plan; at least one module.
	Plan []Module `json:"plan"`
	// MaxPerMaster limits how many apprentices one enterprise master may
	// mentor at a time; 0 means no limit.
	MaxPerMaster int `json:"maxPerMaster,omitempty"`
}

// Validate checks the program: organisations and major named, at least one
// base and one enterprise with distinct ids, a positive duration, targets
// with valid certificate levels, and a plan of modules with unique codes,
// valid sites and positive hours. The error is a *FieldError whose Field is a
// JSON path such as "plan[2].hours".
func (p Program) Validate() error {
	if strings.TrimSpace(p.Code) == "" || strings.TrimSpace(p.Code) != p.Code {
		return fieldErr("code", p.Code, "a program needs a code without surrounding spaces")
	}
	if err := p.School.validate(); err != nil {
		return prefix("school", err)
	}
	if strings.TrimSpace(p.Major.Code) == "" {
		return fieldErr("major.code", p.Major.Code, "a major needs a code")
	}
	if strings.TrimSpace(p.Major.Name) == "" {
		return fieldErr("major.name", p.Major.Name, "a major needs a name")
	}
	seen := map[string]string{p.School.ID: "school"}
	for _, group := range []struct {
		field string
		orgs  []Organisation
	}{{"bases", p.Bases}, {"enterprises", p.Enterprises}} {
		if len(group.orgs) == 0 {
			return fieldErr(group.field, "", "a program needs at least one")
		}
		for i, o := range group.orgs {
			path := fmt.Sprintf("%s[%d]", group.field, i)
			if err := o.validate(); err != nil {
				return prefix(path, err)
			}
			if where, dup := seen[o.ID]; dup {
				return fieldErr(path+".id", o.ID, "the same organisation is already "+where)
			}
			seen[o.ID] = path
		}
	}
	if p.Months <= 0 {
		return fieldErr("months", fmt.Sprint(p.Months), "the duration must be a positive number of months")
	}
	for i, t := range p.Targets {
		path := fmt.Sprintf("targets[%d]", i)
		if err := t.Occupation.Validate(); err != nil {
			return prefix(path+".occupation", err)
		}
		if !t.Level.IsValid() {
			return fieldErr(path+".level", t.Level.String(), "not a valid level")
		}
	}
	if len(p.Plan) == 0 {
		return fieldErr("plan", "", "a program needs a training plan of at least one module")
	}
	moduleCodes := make(map[string]bool, len(p.Plan))
	for i, m := range p.Plan {
		path := fmt.Sprintf("plan[%d]", i)
		switch {
		case strings.TrimSpace(m.Code) == "":
			return fieldErr(path+".code", m.Code, "a module needs a code")
		case strings.TrimSpace(m.Code) != m.Code:
			// As Entry.Validate refuses them: no entry could log hours to it.
			return fieldErr(path+".code", m.Code, "leading or trailing spaces are not allowed")
		case moduleCodes[m.Code]:
			return fieldErr(path+".code", m.Code, "module code used twice")
		case strings.TrimSpace(m.Name) == "":
			return fieldErr(path+".name", m.Name, "a module needs a name")
		case !m.Site.IsValid():
			return fieldErr(path+".site", m.Site.String(), "not a valid site")
		case m.Hours <= 0:
			return fieldErr(path+".hours", fmt.Sprint(m.Hours), "planned hours must be positive")
		}
		moduleCodes[m.Code] = true
	}
	if p.MaxPerMaster < 0 {
		return fieldErr("maxPerMaster", fmt.Sprint(p.MaxPerMaster), "must not be negative (0 means no limit)")
	}
	return nil
}

// Module returns the module of the plan with the given code.
func (p Program) Module(code string) (Module, bool) {
	for _, m := range p.Plan {
		if m.Code == code {
			return m, true
		}
	}
	return Module{}, false
}

// PlannedHours returns the planned hours of the plan by site.
func (p Program) PlannedHours() map[Site]int {
	out := make(map[Site]int, 3)
	for _, m := range p.Plan {
		out[m.Site] += m.Hours
	}
	return out
}

// MentorRole distinguishes the two mentors of dual training (双导师).
type MentorRole uint8

// The mentor roles. The zero MentorRole is not a role.
const (
	Teacher MentorRole = iota + 1 // the school teacher (学校教师)
	Master                        // the enterprise master (企业师傅)
)

var mentorRoles = codes[MentorRole]{"mentor role", []string{"", "teacher", "master"}}

// IsValid reports whether r is one of the roles.
func (r MentorRole) IsValid() bool { return mentorRoles.valid(r) }

// String returns the stable code of r: "teacher" or "master".
func (r MentorRole) String() string { return mentorRoles.String(r) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (r MentorRole) MarshalText() ([]byte, error) { return mentorRoles.marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (r *MentorRole) UnmarshalText(b []byte) (err error) {
	*r, err = mentorRoles.parse(string(b))
	return err
}

// Mentor is a school teacher or an enterprise master.
type Mentor struct {
	ID           string     `json:"id"`           // required
	Name         string     `json:"name"`         // required
	Role         MentorRole `json:"role"`         // teacher or master
	Organisation string     `json:"organisation"` // id of the school (teacher) or enterprise (master)
}

// Person is an apprentice.
type Person struct {
	ID   string `json:"id"`            // a student or staff number; required
	Name string `json:"name"`          // required
	Born Date   `json:"born,omitzero"` // needed where a rule depends on age
}
