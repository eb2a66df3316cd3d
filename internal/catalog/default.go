package catalog

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:generate go run ./internal/gen

//go:embed vmsizes_eastus.json
var embedded []byte

// embeddedSource is what Default().Source() returns.
const embeddedSource = "embedded: Azure VirtualMachineSizes_List, " + embeddedRegion + ", " + embeddedRecorded

// Default returns the embedded catalog: the VM sizes Azure ML offered in
// eastus when the list was recorded (see zz_generated.go). It is parsed on
// first use and shared; the catalog is immutable.
func Default() *Catalog { return defaultCatalog() }

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := Parse(embedded, embeddedSource, embeddedRegion)
	if err != nil {
		// Unreachable: TestDefault parses the same bytes.
		panic(fmt.Sprintf("catalog: the embedded %s is broken: %v", embeddedFile, err))
	}
	return c
})
