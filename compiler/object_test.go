package compiler

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestObjectRoundTrip(t *testing.T) {
	o := Object[string]{{"z", "<&>"}, {"a", "1"}, {"m", "x"}}
	data, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal escapes HTML; the members keep their order.
	if want := `{"z":"\u003c\u0026\u003e","a":"1","m":"x"}`; string(data) != want {
		t.Errorf("Marshal = %s, want %s", data, want)
	}
	var back Object[string]
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, o) {
		t.Errorf("round trip = %v, want %v", back, o)
	}
	if v, ok := back.Get("a"); !ok || v != "1" {
		t.Errorf("Get(a) = %q, %v", v, ok)
	}
	if _, ok := back.Get("b"); ok {
		t.Error("Get(b) found a member")
	}
	if data, _ := json.Marshal(Object[int](nil)); string(data) != "{}" {
		t.Errorf("nil Object marshals as %s, want {}", data)
	}
	if err := json.Unmarshal([]byte(`[1]`), &back); err == nil {
		t.Error("an array into an Object: no error")
	}
}

// TestTemplateRoundTrip reads a compiled template back into an ARMTemplate:
// the ARM data survives, and marshalling it again gives the same bytes.
func TestTemplateRoundTrip(t *testing.T) {
	for _, g := range loadGoldens(t) {
		files, err := Compile(g.spec, Options{Format: ARM})
		if err != nil {
			continue
		}
		for _, f := range files {
			var tmpl ARMTemplate
			if err := json.Unmarshal(f.Data, &tmpl); err != nil {
				t.Fatalf("%s: %s: %v", g.path, f.Name, err)
			}
			again, err := tmpl.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(f.Data) {
				t.Errorf("%s: %s changes on a round trip:\n%s", g.path, f.Name, again)
			}
			if _, err := tmpl.Bicep(); err == nil {
				t.Errorf("%s: a template read from JSON printed as Bicep", g.path)
			}
		}
	}
}
