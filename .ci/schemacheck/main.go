// Command schemacheck validates JSON documents against a JSON Schema with an
// independent, complete validator (github.com/santhosh-tekuri/jsonschema), as
// a cross-check of the small validator the tests use (internal/jsonschema).
//
// It is a separate module under .ci/, so the library's go.mod does not carry
// its dependency and `go test ./...` does not see it.
//
// Usage: go run . SCHEMA.json DOC.json...
package main

import (
	"fmt"
	"os"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: schemacheck SCHEMA.json DOC.json...")
		os.Exit(2)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemacheck: compiling schema:", err)
		os.Exit(2)
	}
	failed := 0
	for _, path := range os.Args[2:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "schemacheck:", err)
			os.Exit(2)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "schemacheck: %s: %v\n", path, err)
			failed++
			continue
		}
		if err := schema.Validate(doc); err != nil {
			fmt.Fprintf(os.Stderr, "schemacheck: %s: INVALID\n%v\n", path, err)
			failed++
			continue
		}
		fmt.Printf("%s: valid\n", path)
	}
	if failed > 0 {
		os.Exit(1)
	}
}
