package dated

import "strings"

// Citation names the document an entry's value comes from. All fields are
// optional; a policy parameter should have at least a title or a number.
type Citation struct {
	// Title is the document's title (for a Chinese notice, usually 关于…的通知).
	Title string `json:"title,omitempty"`
	// Number is the official document number (文号), e.g. 人社部发〔2017〕40号.
	Number string `json:"number,omitempty"`
	// URL is where the document (or a repost of it) can be read.
	URL string `json:"url,omitempty"`
}

// IsZero reports whether c has no title, number or URL.
func (c Citation) IsZero() bool { return c == Citation{} }

// String returns the citation for people: the title, then the number in
// parentheses, then the URL in angle brackets, e.g.
//
//	Title (人社部发〔2017〕40号) <https://example.org/doc>
//
// Missing parts are left out; the number alone is not parenthesised and the
// URL alone not bracketed. The zero Citation gives "".
func (c Citation) String() string {
	var b strings.Builder
	switch {
	case c.Title != "" && c.Number != "":
		b.WriteString(c.Title)
		b.WriteString(" (")
		b.WriteString(c.Number)
		b.WriteString(")")
	case c.Title != "":
		b.WriteString(c.Title)
	case c.Number != "":
		b.WriteString(c.Number)
	}
	if c.URL != "" {
		if b.Len() == 0 {
			b.WriteString(c.URL)
		} else {
			b.WriteString(" <")
			b.WriteString(c.URL)
			b.WriteString(">")
		}
	}
	return b.String()
}
