package certificate_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/stretchr/testify/require"
)

// TestCertificateJSONStrict checks that a certificate decodes strictly: what
// MarshalJSON writes comes back equal, and an unknown field, a field given
// twice (also in another case, or in a nested object) and data after the
// object are *FieldErrors matching ErrInvalid that name where, leaving the
// value it was decoded into unchanged.
func TestCertificateJSONStrict(t *testing.T) {
	c := coreCert()
	b, err := json.Marshal(c)
	require.NoError(t, err)
	var back certificate.Certificate
	require.NoError(t, json.Unmarshal(b, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(again))

	doc := string(b)
	bad := []struct{ in, field, reason string }{
		{strings.Replace(doc, `{"number":`, `{"serial":1,"number":`, 1), "serial", `unknown field "serial"`},
		{strings.Replace(doc, `"holder":{`, `"holder":{"nick":"x",`, 1), "holder.nick", `unknown field "nick"`},
		{strings.Replace(doc, `{"number":`, `{"Number":"X","number":`, 1), "json", `field "number" given twice`},
		{strings.Replace(doc, `"holder":{`, `"holder":{"id":"other",`, 1), "holder", `field "id" given twice`},
		{strings.Replace(doc, `{"number":`, `{"history":{"on":1},"number":`, 1), "history", "a JSON object where []certificate.StatusChange belongs"},
		{doc + `{}`, "json", "data after the value"},
		// A value its own type refuses is named with its index and shown.
		{strings.Replace(doc, `{"number":`, `{"history":[{"on":"2025-01-01","action":"suspend","reason":"r"},{"on":"2025-02-30","action":"reinstate"}],"number":`, 1), "history[1].on", ""},
	}
	for _, tc := range bad {
		kept := certificate.Certificate{Number: "kept"}
		err := kept.UnmarshalJSON([]byte(tc.in)) // json.Unmarshal would refuse trailing data itself
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe, tc.in)
		require.True(t, errors.Is(err, certificate.ErrInvalid), "%v", err)
		require.Equal(t, tc.field, fe.Field, "%v", err)
		if tc.reason != "" {
			require.Equal(t, tc.reason, fe.Reason)
		}
		if tc.field == "history[1].on" {
			require.Equal(t, `"2025-02-30"`, fe.Value)
		}
		require.Equal(t, "kept", kept.Number, "a failed decoding changed the certificate")
	}
}
