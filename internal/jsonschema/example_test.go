package jsonschema_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/jsonschema"
)

func ExampleCompile() {
	_, err := jsonschema.Compile([]byte(`{"type":"string","minLength":1}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, jsonschema.ErrUnsupported))

	_, err = jsonschema.Compile([]byte(`{"$ref":"#/$defs/Name"}`))
	fmt.Println(err)
	// Output:
	// jsonschema: schema at #/minLength: unsupported: keyword "minLength" is not implemented by this validator
	// true
	// jsonschema: schema at #/$ref: unresolved $ref: "#/$defs/Name" points to nothing in the document
}

func ExampleSchema_Validate() {
	schema, err := jsonschema.Compile([]byte(`{
		"type": "object",
		"properties": {
			"level": {"enum": ["初级", "中级", "高级"]},
			"issued": {"type": "string", "format": "date"}
		},
		"required": ["level", "issued"]
	}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(schema.Validate([]byte(`{"level": "中级", "issued": "2024-07-01"}`)))

	err = schema.Validate([]byte(`{"level": "expert", "issued": "2024-02-30"}`))
	fmt.Println(err)
	// Output:
	// <nil>
	// jsonschema: document does not match the schema (2 violations):
	//   /level: enum: "expert" is not one of the allowed values ["初级","中级","高级"] (schema #/properties/level/enum)
	//   /issued: format: "2024-02-30" is not a valid date (schema #/properties/issued/format)
}

func ExampleValidationError() {
	schema, err := jsonschema.Compile([]byte(`{
		"$defs": {"ProfileRef": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["id"]}]}},
		"properties": {"issuer": {"$ref": "#/$defs/ProfileRef"}}
	}`))
	if err != nil {
		panic(err)
	}
	err = schema.Validate([]byte(`{"issuer": {"name": "Qingdao"}}`))
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		for _, v := range ve.Violations {
			fmt.Printf("%s %s at %s\n", v.InstancePath, v.Keyword, v.SchemaPath)
			for _, c := range v.Causes {
				fmt.Printf("  because: %s\n", c.Message)
			}
		}
	}
	// Output:
	// /issuer oneOf at /$defs/ProfileRef/oneOf
	//   because: got object {"name":"Qingdao"}, want string
	//   because: missing property "id"
}

func ExampleSchema_UncheckedFormats() {
	schema, err := jsonschema.Compile([]byte(`{"properties": {
		"id": {"type": "string", "format": "uuid"},
		"validFrom": {"type": "string", "format": "date-time"}
	}}`))
	if err != nil {
		panic(err)
	}
	// date-time is checked; uuid is not, so any string passes for it.
	fmt.Println(schema.UncheckedFormats())
	fmt.Println(schema.Validate([]byte(`{"id": "not-a-uuid"}`)))
	// Output:
	// [uuid]
	// <nil>
}
