package catalog

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const twoSizes = `{"value": [
  {"name": "Standard_B2", "family": "fam B", "vCPUs": 2, "gpus": 0, "memoryGB": 4, "lowPriorityCapable": true,
   "supportedComputeTypes": ["AmlCompute"], "premiumIO": true, "estimatedVMPrices": null, "generation": "gen2"},
  {"name": "Standard_A1", "family": "famA", "vCPUs": 1, "memoryGB": 1.5, "supportedComputeTypes": ["MIR"]}
]}`

func TestParseFormats(t *testing.T) {
	recording := `{"Get-X+[NoContext]+List+$GET+https://management.azure.com/x+1": {
	  "Request": {"Method": "GET", "RequestUri": "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/WestEurope/vmSizes?api-version=2024-04-01"},
	  "Response": {"StatusCode": 200, "Content": ` + jsonString(twoSizes) + `, "isContentBase64": false}}}`
	tests := []struct {
		name, data  string
		regions     []string
		wantRegions []string
	}{
		{"api response", twoSizes, nil, nil},
		{"api response with regions", twoSizes, []string{"East US", "", "eastus", "WestEurope"}, []string{"eastus", "westeurope"}},
		{"bare array", "\n [" + strings.TrimSuffix(strings.TrimPrefix(twoSizes, `{"value": [`), "]}") + "]", nil, nil},
		{"recording", recording, nil, []string{"westeurope"}},
		{"recording with regions", recording, []string{"northeurope"}, []string{"northeurope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.data), "sizes.json", tt.regions...)
			if err != nil {
				t.Fatal(err)
			}
			if c.Source() != "sizes.json" {
				t.Errorf("Source() = %q", c.Source())
			}
			if got := c.Regions(); !slices.Equal(got, tt.wantRegions) {
				t.Errorf("Regions() = %q, want %q", got, tt.wantRegions)
			}
			var names []string
			for _, s := range c.Sizes() {
				names = append(names, s.Name)
			}
			if !slices.Equal(names, []string{"Standard_A1", "Standard_B2"}) {
				t.Errorf("Sizes() = %q", names)
			}
			a, ok := c.Lookup("standard_a1")
			if !ok || a.MemoryGB != 1.5 || a.SupportsAmlCompute() || a.LowPriorityCapable {
				t.Errorf("Lookup(standard_a1) = %+v, %v", a, ok)
			}
			b, _ := c.Lookup("STANDARD_B2")
			if b.Family != "fam B" || b.VCPUs != 2 || !b.SupportsAmlCompute() || !b.LowPriorityCapable {
				t.Errorf("Lookup(STANDARD_B2) = %+v", b)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"", "f.json: empty"},
		{"  \n", "f.json: empty"},
		{"{\n  \"value\": [\n    {\"name\": \"x\",}\n  ]\n}", "f.json:3:19: invalid JSON"},
		{`{"value": [{"name": "Standard_A1", "family": "f", "vCPUs": "2"}]}`, `f.json:1:60: value.vCPUs: a JSON string cannot be a Go int`},
		{`{"value": [{"name": "Standard_A1", "family": "f", "vCPUs": 2.5}]}`, `value.vCPUs: a JSON number 2.5 cannot be a Go int`},
		{"{\"value\": [\n  {\"name\": \"A\", \"family\": \"f\",\n   \"vCPUs\": \"a\\\"b\"}]}", `f.json:3:13: value.vCPUs: a JSON string cannot be a Go int`},
		{`{"value": [{"name": {"x": 1}}]}`, `f.json:1:21: value.name: a JSON object cannot be a Go string`},
		{`{"value": [{"vCPUs": [1]}]}`, `f.json:1:22: value.vCPUs: a JSON array cannot be a Go int`},
		{`{"value": [{"vCPUs": 1e99}]}`, `f.json:1:22: value.vCPUs: a JSON number 1e99 cannot be a Go int`},
		{`"text"`, "f.json:1:1: want a JSON object or array, got a JSON string"},
		{`null`, "f.json: not a VM-size list"},
		{`{"sizes": []}`, "f.json: not a VM-size list"},
		{`{"value": []}`, "f.json: the list holds no VM sizes"},
		{`{"value": null}`, "f.json: the list holds no VM sizes"},
		{`[]`, "f.json: the list holds no VM sizes"},
		{`{"value": [{"family": "f", "vCPUs": 1}]}`, "f.json: value[0]: a VM size has no name"},
		{`[{"name": " A ", "family": "f", "vCPUs": 1}]`, `f.json: [0]: VM size name " A " has surrounding spaces`},
		{`{"value": [{"name": "A", "vCPUs": 1}]}`, `value[0]: VM size "A" has no family`},
		{`{"value": [{"name": "A", "family": "f"}]}`, `value[0]: VM size "A" has 0 vCPUs, want at least 1`},
		{`{"value": [{"name": "A", "family": "f", "vCPUs": 1, "gpus": -1}]}`, `VM size "A" has -1 GPUs`},
		{`{"value": [{"name": "A", "family": "f", "vCPUs": 1, "memoryGB": -1}]}`, `VM size "A" has -1 GB of memory`},
		{`{"value": [{"name": "Standard_A", "family": "f", "vCPUs": 1}, {"name": "STANDARD_A", "family": "f", "vCPUs": 1}]}`,
			`f.json: value[1]: VM size "STANDARD_A" is listed twice (also at value[0] as "Standard_A")`},
		{`{"k": {"Response": {"StatusCode": 200}}}`, "f.json: recording: Response.Content is missing or not a string"},
		{`{"k": {"Response": {"StatusCode": 404, "Content": "{}"}}}`, "f.json: the recorded response has status 404"},
		{`{"k": {"Response": {"StatusCode": 200, "Content": "{\"error\": {}}"}}}`, `f.json (recorded response body): not a VirtualMachineSizes response`},
		{`{"k": {"Response": {"StatusCode": 200, "Content": "{\"value\": [1]}"}}}`, `f.json (recorded response body):1:12: value: a JSON number cannot be a Go catalog.Size`},
		{`{"k": {"Response": {"StatusCode": 200, "Content": "e30=", "isContentBase64": true}}}`, `f.json (recorded response body): not a VirtualMachineSizes response`},
		{`{"k": {"Response": {"StatusCode": 200, "Content": "!", "isContentBase64": true}}}`, `f.json: recording: Response.Content is not valid base64`},
	}
	for _, tt := range tests {
		c, err := Parse([]byte(tt.data), "f.json")
		if err == nil {
			t.Errorf("Parse(%s) = %v, want an error", tt.data, c.Sizes())
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s):\n got %v\nwant %s", tt.data, err, tt.want)
		}
	}
	if _, err := Parse(nil, ""); err == nil || !strings.HasPrefix(err.Error(), "catalog: ") {
		t.Errorf("Parse without a source name: %v, want an error starting with \"catalog: \"", err)
	}
}

func TestParseRecording(t *testing.T) {
	c, err := Parse(readRecording(t, vmSizesRecording), vmSizesRecording)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Regions(); !slices.Equal(got, []string{"eastus"}) {
		t.Errorf("Regions() = %q, want the recorded request's [eastus]", got)
	}
	if len(c.Sizes()) != 260 {
		t.Errorf("%d sizes, want 260", len(c.Sizes()))
	}
	// The raw API body, as `az rest` would print it, has no region.
	c, err = Parse(recordedBody(t, vmSizesRecording), "body.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Regions()) != 0 || c.Covers("eastus") || len(c.Sizes()) != 260 {
		t.Errorf("API body: regions %q, %d sizes", c.Regions(), len(c.Sizes()))
	}
}

func FuzzParse(f *testing.F) {
	// A few real entries; the whole embedded file is too big for the
	// fuzzer to mutate and minimise quickly.
	real, err := json.Marshal(map[string][]Size{"value": Default().Sizes()[100:104]})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(real)
	f.Add([]byte(twoSizes))
	f.Add([]byte(`[{"name":"A","family":"f","vCPUs":1}]`))
	f.Add([]byte(`{"k":{"Request":{"RequestUri":"https://x/locations/eastus/vmSizes"},"Response":{"StatusCode":200,"Content":"{\"value\":[{\"name\":\"A\",\"family\":\"f\",\"vCPUs\":1}]}"}}}`))
	f.Add([]byte(`{"k":{"Response":{"StatusCode":200,"Content":"e30=","isContentBase64":true}}}`))
	f.Add([]byte(`{"value":[{"name":"A","family":"f","vCPUs":1},{"name":"a","family":"f","vCPUs":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the source: %v", err)
			}
			return
		}
		sizes := c.Sizes()
		if len(sizes) == 0 {
			t.Fatal("parsed a catalog without sizes")
		}
		for i, s := range sizes {
			if err := check(s); err != nil {
				t.Fatalf("accepted an invalid size: %v", err)
			}
			if i > 0 && strings.ToLower(sizes[i-1].Name) >= strings.ToLower(s.Name) {
				t.Fatalf("sizes not sorted or not unique: %q, %q", sizes[i-1].Name, s.Name)
			}
			got, ok := c.Lookup(strings.ToUpper(s.Name))
			if !ok || got.Name != s.Name {
				t.Fatalf("Lookup(%q) = %q, %v", strings.ToUpper(s.Name), got.Name, ok)
			}
			if i < 10 {
				c.Suggest(s.Name + "x")
			}
		}
		for _, r := range c.Regions() {
			if !c.Covers(r) {
				t.Fatalf("Covers(%q) = false for a region in Regions()", r)
			}
		}
		c.Suggest(string(data))
	})
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
