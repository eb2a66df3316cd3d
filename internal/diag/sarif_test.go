package diag

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifHead is how every SARIF log WriteSARIF writes begins, up to the first
// rule; version 1.2.3.
const sarifHead = `{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "amlc",
          "informationUri": "https://github.com/amlc-dev/amlc",
          "version": "1.2.3",
          "rules": [
            {
              "id": "input/not-found",
              "name": "InputNotFound",
              "shortDescription": {
                "text": "An input path does not exist."
              },
              "defaultConfiguration": {
                "level": "error"
              }
            },
`

// writeSARIF renders ds and checks what every log must satisfy: the exact
// head, the schema, and results that agree with the rules.
func writeSARIF(t *testing.T, ds Diagnostics, cwd string) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, ds, cwd, "1.2.3"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, sarifHead) {
		t.Errorf("output does not start with the expected head:\n%s", out[:min(len(out), len(sarifHead)+200)])
	}
	if err := validateSARIF(t, b.Bytes()); err != nil {
		t.Errorf("output is not valid SARIF 2.1.0: %v\n%s", err, out)
	}
	checkSARIFRules(t, b.Bytes())
	return out
}

// sarifTail returns the run's properties after tool.driver.rules, which is
// where everything that depends on the diagnostics is.
func sarifTail(t *testing.T, out string) string {
	t.Helper()
	const rulesEnd = "\n          ]\n        }\n      },\n"
	i := strings.Index(out, rulesEnd)
	if i < 0 {
		t.Fatalf("no end of rules in:\n%s", out)
	}
	return out[i+len(rulesEnd):]
}

func TestWriteSARIF(t *testing.T) {
	cwd, in := testCwd(t)
	outside := filepath.Join(t.TempDir(), "x.cue")
	srcRoot := jsonEscape(t, fileURI(cwd, true))
	tests := []struct {
		name string
		ds   Diagnostics
		want string // the tail; SRCROOT stands for cwd's URI, OUTSIDE for outside's
	}{
		{
			"no results",
			nil,
			`      "originalUriBaseIds": {
        "%SRCROOT%": {
          "uri": "SRCROOT"
        }
      },
      "columnKind": "utf16CodeUnits",
      "results": []
    }
  ]
}
`,
		},
		{
			"positions, detail, related, no position, unknown code",
			Diagnostics{
				Errorf("nodes/min-gt-max", Pos{in("specs/a.cue"), 3, 1}, "p", "minNodes (5) > maxNodes (2)").
					WithDetail("Lower minNodes.").
					WithRelated(Pos{in("specs/b.cue"), 4, 1}, Pos{outside, 2, 0}),
				Warnf("cost/min-nodes", Pos{Filename: in("my specs/c#1.cue")}, "", "billed while idle"),
				Errorf("input/empty", Pos{}, "", "no spec files"),
				Warnf("made/up", Pos{filepath.FromSlash("../up.cue"), 1, 1}, "", "unknown code"),
			},
			`      "originalUriBaseIds": {
        "%SRCROOT%": {
          "uri": "SRCROOT"
        }
      },
      "invocations": [
        {
          "executionSuccessful": false,
          "toolExecutionNotifications": [
            {
              "descriptor": {
                "id": "input/empty"
              },
              "level": "error",
              "message": {
                "text": "no spec files"
              }
            }
          ]
        }
      ],
      "columnKind": "utf16CodeUnits",
      "results": [
        {
          "ruleId": "nodes/min-gt-max",
          "ruleIndex": RULE(nodes/min-gt-max),
          "level": "error",
          "message": {
            "text": "minNodes (5) > maxNodes (2)\n\nLower minNodes."
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "specs/a.cue",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 1
                }
              }
            }
          ],
          "relatedLocations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "specs/b.cue",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 1
                }
              }
            },
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "OUTSIDE"
                },
                "region": {
                  "startLine": 2
                }
              }
            }
          ]
        },
        {
          "ruleId": "cost/min-nodes",
          "ruleIndex": RULE(cost/min-nodes),
          "level": "warning",
          "message": {
            "text": "billed while idle"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "my%20specs/c%231.cue",
                  "uriBaseId": "%SRCROOT%"
                }
              }
            }
          ]
        },
        {
          "ruleId": "made/up",
          "level": "warning",
          "message": {
            "text": "unknown code"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "UP"
                },
                "region": {
                  "startLine": 1,
                  "startColumn": 1
                }
              }
            }
          ]
        }
      ]
    }
  ]
}
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := writeSARIF(t, tt.ds, cwd)
			want := strings.NewReplacer(
				// Rule indexes follow Rules, which grows.
				"RULE(nodes/min-gt-max)", ruleIndex(t, "nodes/min-gt-max"),
				"RULE(cost/min-nodes)", ruleIndex(t, "cost/min-nodes"),
				"SRCROOT\"", srcRoot+`"`,
				"OUTSIDE", jsonEscape(t, fileURI(outside, false)),
				"UP", jsonEscape(t, fileURI(filepath.Join(filepath.Dir(cwd), "up.cue"), false)),
			).Replace(tt.want)
			if got := sarifTail(t, out); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			if again := writeSARIF(t, tt.ds, cwd); again != out {
				t.Errorf("a second run wrote different output")
			}
		})
	}
}

func TestWriteSARIFWithoutCwd(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "a.cue")
	out := writeSARIF(t, Diagnostics{
		Errorf("schema/type", Pos{abs, 1, 1}, "", "absolute"),
		Errorf("schema/type", Pos{"rel.cue", 2, 1}, "", "relative"),
	}, "")
	if strings.Contains(out, "originalUriBaseIds") {
		t.Errorf("originalUriBaseIds written without a cwd")
	}
	for _, want := range []string{
		`"uri": "` + jsonEscape(t, fileURI(abs, false)) + `"`,
		`"uri": "rel.cue",` + "\n" + `                  "uriBaseId": "%SRCROOT%"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestSARIFColumns(t *testing.T) {
	cwd, in := testCwd(t)
	// Byte columns on line 2:  1 tab, 2-4 "abc", 5-6 "é", 7-9 "日", 10-13 "😀", 14 "x".
	src := "package x\n\tabcé日😀x\r\nlast"
	if err := os.MkdirAll(filepath.Dir(in("specs/u.cue")), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in("specs/u.cue"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		file       string
		line, col  int
		wantColumn int // 0: no startColumn
	}{
		{"ascii prefix", in("specs/u.cue"), 2, 3, 3},
		{"after two-byte é", in("specs/u.cue"), 2, 7, 6},
		{"after three-byte 日", in("specs/u.cue"), 2, 10, 7},
		{"after astral 😀, two UTF-16 units", in("specs/u.cue"), 2, 14, 9},
		{"end of line (at \\r)", in("specs/u.cue"), 2, 15, 10},
		{"line without newline", in("specs/u.cue"), 3, 5, 5},
		{"relative name resolved against cwd", filepath.FromSlash("specs/u.cue"), 2, 14, 9},
		{"column past the line", in("specs/u.cue"), 1, 50, 0},
		{"line past the file", in("specs/u.cue"), 9, 2, 0},
		{"missing file", in("missing.cue"), 2, 3, 0},
		{"column 1 needs no file", in("missing.cue"), 2, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := writeSARIF(t, Diagnostics{Errorf("schema/type", Pos{tt.file, tt.line, tt.col}, "", "x")}, cwd)
			var log struct {
				Runs []struct {
					ColumnKind string `json:"columnKind"`
					Results    []struct {
						Locations []struct {
							PhysicalLocation struct {
								Region struct {
									StartLine   int `json:"startLine"`
									StartColumn int `json:"startColumn"`
								} `json:"region"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal([]byte(out), &log); err != nil {
				t.Fatal(err)
			}
			if got := log.Runs[0].ColumnKind; got != "utf16CodeUnits" {
				t.Errorf("columnKind = %q", got)
			}
			r := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
			if r.StartLine != tt.line || r.StartColumn != tt.wantColumn {
				t.Errorf("region = line %d column %d, want line %d column %d", r.StartLine, r.StartColumn, tt.line, tt.wantColumn)
			}
		})
	}
}

func TestRuleName(t *testing.T) {
	tests := map[string]string{
		"nodes/min-gt-max":            "NodesMinGtMax",
		"ssh/public-needs-credential": "SshPublicNeedsCredential",
		"id/subnet":                   "IdSubnet",
		"input/too-large":             "InputTooLarge",
	}
	for code, want := range tests {
		if got := ruleName(code); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", code, got, want)
		}
	}
	seen := map[string]string{}
	for _, r := range Rules {
		n := ruleName(r.Code)
		if other, ok := seen[n]; ok {
			t.Errorf("codes %q and %q share the rule name %q", other, r.Code, n)
		}
		seen[n] = r.Code
	}
}

// checkSARIFRules checks that the driver lists exactly Rules, in order, with
// their names, descriptions and levels, and that every result's ruleIndex
// names the rule of its ruleId.
func checkSARIFRules(t *testing.T, data []byte) {
	t.Helper()
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string `json:"id"`
						Name             string `json:"name"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != len(Rules) {
		t.Fatalf("%d rules, want %d", len(rules), len(Rules))
	}
	for i, r := range Rules {
		got := rules[i]
		if got.ID != r.Code || got.Name != ruleName(r.Code) || got.ShortDescription.Text != r.Description || got.DefaultConfiguration.Level != r.Severity.String() {
			t.Errorf("rule %d = %+v, want %+v", i, got, r)
		}
	}
	for i, res := range log.Runs[0].Results {
		_, known := RuleFor(res.RuleID)
		switch {
		case res.RuleIndex == nil && known:
			t.Errorf("result %d (%s) has no ruleIndex", i, res.RuleID)
		case res.RuleIndex != nil && !known:
			t.Errorf("result %d (%s) has a ruleIndex for an unknown code", i, res.RuleID)
		case res.RuleIndex != nil && rules[*res.RuleIndex].ID != res.RuleID:
			t.Errorf("result %d: ruleIndex %d is %s, ruleId is %s", i, *res.RuleIndex, rules[*res.RuleIndex].ID, res.RuleID)
		}
	}
}

// sarifSchemaURL is the id the official schema declares.
const sarifSchemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// compiledSARIFSchema compiles testdata/sarif-schema-2.1.0.json (see
// testdata/SOURCES.md) once, with format assertions on.
var compiledSARIFSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(sarifSchemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(sarifSchemaURL)
})

// validateSARIF validates a SARIF log against the official 2.1.0 schema.
func validateSARIF(t *testing.T, data []byte) error {
	t.Helper()
	sch, err := compiledSARIFSchema()
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestSARIFSchemaRejects makes sure the schema check is not vacuous: logs
// broken in ways a renderer could break them must fail it.
func TestSARIFSchemaRejects(t *testing.T) {
	cwd, in := testCwd(t)
	var b bytes.Buffer
	ds := Diagnostics{Errorf("schema/type", Pos{in("a.cue"), 2, 1}, "", "x")}
	if err := WriteSARIF(&b, ds, cwd, "1.2.3"); err != nil {
		t.Fatal(err)
	}
	good := b.String()
	if err := validateSARIF(t, []byte(good)); err != nil {
		t.Fatalf("the unbroken log fails: %v", err)
	}
	breaks := map[string][2]string{
		"column 0":        {`"startColumn": 1`, `"startColumn": 0`},
		"line 0":          {`"startLine": 2`, `"startLine": 0`},
		"unknown level":   {`"level": "error",` + "\n          \"message\"", `"level": "fatal",` + "\n          \"message\""},
		"wrong version":   {`"version": "2.1.0"`, `"version": "2.1"`},
		"bad column kind": {`"columnKind": "utf16CodeUnits"`, `"columnKind": "bytes"`},
		"no message text": {`"text": "x"`, `"markdown": "x"`},
		"unknown field":   {`"ruleId":`, `"rule_id": "x", "ruleId":`},
	}
	for name, br := range breaks {
		if !strings.Contains(good, br[0]) {
			t.Errorf("%s: %q not in the log", name, br[0])
			continue
		}
		bad := strings.Replace(good, br[0], br[1], 1)
		if err := validateSARIF(t, []byte(bad)); err == nil {
			t.Errorf("%s: the broken log passes the schema", name)
		}
	}
}

// ruleIndex is the index of a code in Rules, as SARIF's ruleIndex.
func ruleIndex(t *testing.T, code string) string {
	t.Helper()
	for i, r := range Rules {
		if r.Code == code {
			return strconv.Itoa(i)
		}
	}
	t.Fatalf("no rule %s", code)
	return ""
}
