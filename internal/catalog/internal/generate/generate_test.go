package generate

import (
	"strings"
	"testing"
)

func rec(uri, date, content string) []byte {
	return []byte(`{"k": {"Request": {"Method": "GET", "RequestUri": "` + uri + `"},
	  "Response": {"StatusCode": 200, "Headers": {"Date": ["` + date + `"]}, "Content": "` + content + `"}}}`)
}

const (
	okURI   = "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/WestUS2/vmSizes?api-version=2024-04-01"
	okDate  = "Tue, 04 Nov 2025 23:59:59 GMT"
	okSizes = `{\"value\": [{\"name\": \"b\", \"family\": \"f\", \"vCPUs\": 1, \"x\": 1}, {\"name\": \"A\", \"family\": \"g\", \"vCPUs\": 2, \"memoryGB\": 0.5, \"supportedComputeTypes\": [\"AmlCompute\"], \"supportsIB\": true}]}`
)

func TestGenerate(t *testing.T) {
	f, err := Generate(rec(okURI, okDate, okSizes), "r.json")
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `{
  "value": [
    {
      "name": "A",
      "family": "g",
      "vCPUs": 2,
      "gpus": 0,
      "memoryGB": 0.5,
      "lowPriorityCapable": false,
      "supportedComputeTypes": [
        "AmlCompute"
      ],
      "supportsIB": true
    },
    {
      "name": "b",
      "family": "f",
      "vCPUs": 1,
      "gpus": 0,
      "memoryGB": 0,
      "lowPriorityCapable": false,
      "supportedComputeTypes": [],
      "supportsIB": false
    }
  ]
}
`
	if string(f.JSON) != wantJSON {
		t.Errorf("JSON:\n%s\nwant:\n%s", f.JSON, wantJSON)
	}
	want := Meta{SourceFile: "r.json", Region: "westus2", Recorded: "2025-11-04", APIVersion: "2024-04-01", Sizes: 2, Families: 2}
	got := f.Meta
	got.SourceSHA256 = ""
	if got != want {
		t.Errorf("Meta = %+v, want %+v", got, want)
	}
	for _, s := range []string{Header + "\n", `embeddedRegion = "westus2"`, `embeddedRecorded = "2025-11-04"`, `embeddedAPIVersion = "2024-04-01"`, `embeddedSourceFile = "r.json"`} {
		if !strings.Contains(string(f.Go), s) {
			t.Errorf("the Go file lacks %q:\n%s", s, f.Go)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	for data, msg := range map[string]string{
		string(rec(okURI, okDate, `{}`)): "lists no VM sizes",
		string(rec(okURI, okDate, `{\"value\": [{\"name\": \"a\", \"family\": \"f\"}, {\"name\": \"A\", \"family\": \"f\"}]}`)): "listed twice",
		string(rec(okURI, okDate, `{\"value\": [{\"name\": \"a\"}]}`)):                                                          "no family",
		string(rec(strings.Replace(okURI, "vmSizes", "usages", 1), okDate, okSizes)):                                            "not a VirtualMachineSizes_List call",
		string(rec(strings.Replace(okURI, "?api-version=2024-04-01", "", 1), okDate, okSizes)):                                  "api-version",
		string(rec(okURI, "yesterday", okSizes)):                                                                                "no usable Date header",
		`{}`:                                                                                                                    "not an Azure PowerShell test-proxy recording",
	} {
		if _, err := Generate([]byte(data), "r.json"); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Generate(%s) = %v, want an error with %q", data, err, msg)
		}
	}
}
