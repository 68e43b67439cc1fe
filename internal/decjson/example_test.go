package decjson_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/shopspring/decimal"
)

func ExampleMarshal() {
	type line struct {
		Course  string          `json:"course"`
		Credits decimal.Decimal `json:"credits"`
	}
	b, err := decjson.Marshal([]line{{"B1", decimal.RequireFromString("4.0")}, {"B3", decimal.New(15, -1)}})
	fmt.Println(string(b), err)
	// Output:
	// [{"course":"B1","credits":"4"},{"course":"B3","credits":"1.5"}] <nil>
}
