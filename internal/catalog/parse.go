package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog/internal/recording"
)

// Parse reads a VM-size list. data is one of
//
//   - a VirtualMachineSizes_List response, {"value": [size, ...]}, as
//     `az rest --method get --url …/locations/{region}/vmSizes?api-version=…`
//     prints it;
//   - a bare JSON array of sizes;
//   - an Azure PowerShell test-proxy recording of that call (the format of
//     the files in testdata/azure-catalog/ of the repository).
//
// Each size needs a name, a family and a positive vCPUs count; unknown
// fields are ignored, and names must be unique ignoring case. source names
// the data in Source() and in errors (usually the file name). regions are
// the regions whose own list this is; when none are given and data is a
// recording, the region is read from the recorded request URI. Parse never
// panics; its errors start with source and, for malformed JSON, the line
// and column.
func Parse(data []byte, source string, regions ...string) (*Catalog, error) {
	name := cmp.Or(source, "catalog")
	sizes, path, recRegion, body, err := decode(data, name)
	if err != nil {
		return nil, err
	}
	if len(sizes) == 0 {
		return nil, fmt.Errorf("%s: the list holds no VM sizes", name)
	}
	c := &Catalog{source: source, sizes: sizes, byName: make(map[string]int, len(sizes)), prices: pricesOf(body)}
	for i, s := range sizes {
		if err := check(s); err != nil {
			return nil, fmt.Errorf("%s: %s[%d]: %v", name, path, i, err)
		}
		key := strings.ToLower(s.Name)
		if j, dup := c.byName[key]; dup {
			return nil, fmt.Errorf("%s: %s[%d]: VM size %q is listed twice (also at %s[%d] as %q)", name, path, i, s.Name, path, j, sizes[j].Name)
		}
		c.byName[key] = i
	}
	slices.SortFunc(c.sizes, func(a, b Size) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	for i, s := range c.sizes {
		c.byName[strings.ToLower(s.Name)] = i
	}
	if len(regions) == 0 && recRegion != "" {
		regions = []string{recRegion}
	}
	for _, r := range regions {
		if r = NormRegion(r); r != "" {
			c.regions = append(c.regions, r)
		}
	}
	slices.Sort(c.regions)
	c.regions = slices.Compact(c.regions)
	return c, nil
}

// check reports what is wrong with one size.
func check(s Size) error {
	switch {
	case strings.TrimSpace(s.Name) == "":
		return errors.New("a VM size has no name")
	case strings.TrimSpace(s.Name) != s.Name:
		return fmt.Errorf("VM size name %q has surrounding spaces", s.Name)
	case strings.TrimSpace(s.Family) == "":
		return fmt.Errorf("VM size %q has no family", s.Name)
	case s.VCPUs <= 0:
		return fmt.Errorf("VM size %q has %d vCPUs, want at least 1", s.Name, s.VCPUs)
	case s.GPUs < 0:
		return fmt.Errorf("VM size %q has %d GPUs", s.Name, s.GPUs)
	case s.MemoryGB < 0:
		return fmt.Errorf("VM size %q has %g GB of memory", s.Name, s.MemoryGB)
	}
	return nil
}

// decode finds the list of sizes in data. path is how errors name the list
// ("value" or "" for a bare array); recRegion is the region of a recorded
// request.
func decode(data []byte, name string) (sizes []Size, path, recRegion string, body []byte, err error) {
	sizes, path, err = decodeBody(data, name)
	if err == nil || !errors.Is(err, errNotList) {
		return sizes, path, "", data, err
	}
	ex, rerr := recording.Decode(data)
	if errors.Is(rerr, recording.ErrNotRecording) {
		return nil, "", "", nil, fmt.Errorf(`%s: not a VM-size list: want a VirtualMachineSizes response {"value": [...]}, a JSON array of sizes, or a recording of that call`, name)
	}
	if rerr != nil {
		return nil, "", "", nil, fmt.Errorf("%s: %v", name, rerr)
	}
	if ex.StatusCode < 200 || ex.StatusCode > 299 {
		return nil, "", "", nil, fmt.Errorf("%s: the recorded response has status %d", name, ex.StatusCode)
	}
	bodyName := name + " (recorded response body)"
	sizes, path, err = decodeBody(ex.Body, bodyName)
	if errors.Is(err, errNotList) {
		err = fmt.Errorf(`%s: not a VirtualMachineSizes response {"value": [...]}`, bodyName)
	}
	return sizes, path, recording.Location(ex.RequestURI), ex.Body, err
}

// errNotList says that data is a JSON object without a "value" key.
var errNotList = errors.New("no value key")

func decodeBody(data []byte, name string) ([]Size, string, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var sizes []Size
		if err := json.Unmarshal(data, &sizes); err != nil {
			return nil, "", jsonError(data, name, "a JSON object or array", err)
		}
		return sizes, "", nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, "", jsonError(data, name, "a JSON object or array", err)
	}
	found := false
	for k := range top {
		found = found || strings.EqualFold(k, "value")
	}
	if !found {
		return nil, "", errNotList
	}
	var body struct {
		Value []Size `json:"value"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, "", jsonError(data, name, "a JSON object or array", err)
	}
	return body.Value, "value", nil
}

// pricesOf reads the estimatedVMPrices of a list that decoded, by
// lower-case size name; nil when it has none.
func pricesOf(body []byte) map[string]*EstimatedVMPrices {
	if !bytes.Contains(body, []byte("estimatedVMPrices")) {
		return nil
	}
	var list []pricedSize
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if json.Unmarshal(body, &list) != nil {
			return nil
		}
	} else {
		var top struct {
			Value []pricedSize `json:"value"`
		}
		if json.Unmarshal(body, &top) != nil {
			return nil
		}
		list = top.Value
	}
	var out map[string]*EstimatedVMPrices
	for _, p := range list {
		if p.EstimatedVMPrices == nil {
			continue
		}
		if out == nil {
			out = map[string]*EstimatedVMPrices{}
		}
		out[strings.ToLower(p.Name)] = p.EstimatedVMPrices
	}
	return out
}
