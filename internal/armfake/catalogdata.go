package armfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// catalogData is the recorded data the fake serves: immutable, shared by
// servers that read the same directory.
type catalogData struct {
	sizes   *catalog.Catalog  // for validating vmSize
	vmSizes []json.RawMessage // VirtualMachineSizes_List entries, as recorded
	usages  []usageEntry      // Usages_List entries, as recorded
}

// usageEntry is a Usage, its members in the recording's order.
type usageEntry struct {
	Unit         string    `json:"unit"`
	CurrentValue int64     `json:"currentValue"`
	Limit        int64     `json:"limit"`
	Name         usageName `json:"name"`
	Type         string    `json:"type"`
	ID           string    `json:"id"`
}

type usageName struct {
	Value          string `json:"value"`
	LocalizedValue string `json:"localizedValue"`
}

var (
	catalogMu    sync.Mutex
	catalogCache = map[string]*catalogData{}
)

// loadCatalog reads the VM sizes and usages in dir ("" for the default).
func loadCatalog(dir string) (*catalogData, error) {
	if dir == "" {
		d, err := defaultCatalogDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	catalogMu.Lock()
	defer catalogMu.Unlock()
	if c := catalogCache[abs]; c != nil {
		return c, nil
	}
	sizesFile, err := findFile(abs, "vmsizes")
	if err != nil {
		return nil, err
	}
	usagesFile, err := findFile(abs, "usages")
	if err != nil {
		return nil, err
	}
	c := &catalogData{}
	data, err := os.ReadFile(sizesFile)
	if err != nil {
		return nil, err
	}
	if c.sizes, err = catalog.Parse(data, filepath.Base(sizesFile)); err != nil {
		return nil, err
	}
	if err := decodeList(data, &c.vmSizes); err != nil {
		return nil, fmt.Errorf("%s: %v", sizesFile, err)
	}
	if data, err = os.ReadFile(usagesFile); err != nil {
		return nil, err
	}
	if err := decodeList(data, &c.usages); err != nil {
		return nil, fmt.Errorf("%s: %v", usagesFile, err)
	}
	catalogCache[abs] = c
	return c, nil
}

// defaultCatalogDir is ../shared/azure/catalog beside the module root
// above the working directory.
func defaultCatalogDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "azure", "catalog"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: set Options.CatalogDir to the directory of the recorded VM sizes and usages")
		}
		dir = parent
	}
}

// findFile finds the one JSON file in dir whose name contains word,
// ignoring case.
func findFile(dir, word string) (string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return "", err
	}
	var found []string
	for _, m := range matches {
		if strings.Contains(strings.ToLower(filepath.Base(m)), word) {
			found = append(found, m)
		}
	}
	sort.Strings(found)
	if len(found) == 0 {
		return "", fmt.Errorf("%s: no *%s*.json file", dir, word)
	}
	return found[0], nil
}

// decodeList reads the value list of a response body, or of the body
// embedded in an Azure PowerShell test-proxy recording ({"<key>":
// {"Response": {"Content": "<body as a JSON string>"}}}).
func decodeList(data []byte, value any) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return err
	}
	if _, ok := top["value"]; !ok && len(top) == 1 {
		for _, rec := range top {
			var r struct {
				Response struct {
					Content *string
				}
			}
			if err := json.Unmarshal(rec, &r); err != nil || r.Response.Content == nil {
				return errors.New(`neither a response {"value": [...]} nor a recording of one`)
			}
			data = []byte(*r.Response.Content)
		}
	}
	var body struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return err
	}
	if body.Value == nil {
		return errors.New(`not a response {"value": [...]}`)
	}
	return json.Unmarshal(body.Value, value)
}
