package armfake

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	pathpkg "path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// embeddedData holds the recorded eastus VirtualMachineSizes_List and
// Usages_List bodies the fake serves by default (provenance in
// data/SOURCES.md), so that the fake and cmd/armfake need no file beside
// them.
//
//go:generate go run ./internal/gendata
//go:embed data/*.json
var embeddedData embed.FS

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

// loadCatalog reads the VM sizes and usages in dir, or the embedded ones
// when dir is "".
func loadCatalog(dir string) (*catalogData, error) {
	var fsys fs.FS = embeddedData
	key, root := "", "data"
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		fsys, key, root = os.DirFS(abs), abs, "."
	}
	catalogMu.Lock()
	defer catalogMu.Unlock()
	if c := catalogCache[key]; c != nil {
		return c, nil
	}
	name := func(f string) string {
		if dir == "" {
			return f
		}
		return filepath.Join(key, filepath.FromSlash(f))
	}
	sizesFile, err := findFile(fsys, root, name, "vmsizes")
	if err != nil {
		return nil, err
	}
	usagesFile, err := findFile(fsys, root, name, "usages")
	if err != nil {
		return nil, err
	}
	c := &catalogData{}
	data, err := fs.ReadFile(fsys, sizesFile)
	if err != nil {
		return nil, err
	}
	if c.sizes, err = catalog.Parse(data, pathpkg.Base(sizesFile)); err != nil {
		return nil, err
	}
	if err := decodeList(data, &c.vmSizes); err != nil {
		return nil, fmt.Errorf("%s: %v", name(sizesFile), err)
	}
	if data, err = fs.ReadFile(fsys, usagesFile); err != nil {
		return nil, err
	}
	if err := decodeList(data, &c.usages); err != nil {
		return nil, fmt.Errorf("%s: %v", name(usagesFile), err)
	}
	catalogCache[key] = c
	return c, nil
}

// findFile finds the first JSON file (by name) in the directory root of
// fsys whose name contains word, ignoring case. name turns a path of fsys
// into the one errors show.
func findFile(fsys fs.FS, root string, name func(string) string, word string) (string, error) {
	matches, err := fs.Glob(fsys, pathpkg.Join(root, "*.json"))
	if err != nil {
		return "", err
	}
	var found []string
	for _, m := range matches {
		if strings.Contains(strings.ToLower(pathpkg.Base(m)), word) {
			found = append(found, m)
		}
	}
	sort.Strings(found)
	if len(found) == 0 {
		return "", fmt.Errorf("%s: no *%s*.json file", name(root), word)
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
