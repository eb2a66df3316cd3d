package recording

import (
	"errors"
	"testing"
	"time"
)

func TestDecode(t *testing.T) {
	data := []byte(`{"Get+$GET+x+1": {"Request": {"Method": "GET", "RequestUri": "https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/EastUS/vmSizes?api-version=2024-04-01"},
	  "Response": {"StatusCode": 200, "Headers": {"date": ["Tue, 04 Nov 2025 09:39:19 GMT"]}, "Content": "e30=", "isContentBase64": true}}}`)
	e, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if e.Key != "Get+$GET+x+1" || e.Method != "GET" || e.StatusCode != 200 || string(e.Body) != "{}" ||
		!e.Date.Equal(time.Date(2025, 11, 4, 9, 39, 19, 0, time.UTC)) {
		t.Errorf("Decode = %+v", e)
	}
	if got := Location(e.RequestURI); got != "eastus" {
		t.Errorf("Location = %q", got)
	}
	if got := APIVersion(e.RequestURI); got != "2024-04-01" {
		t.Errorf("APIVersion = %q", got)
	}
	for _, uri := range []string{"", "https://x/locations/", "%zz", "https://x/subscriptions/s"} {
		if got := Location(uri); got != "" {
			t.Errorf("Location(%q) = %q", uri, got)
		}
	}
	for _, bad := range []string{``, `[]`, `{}`, `{"a": 1, "b": 2}`, `{"a": 1}`, `{"a": {"Request": {}}}`} {
		if _, err := Decode([]byte(bad)); !errors.Is(err, ErrNotRecording) {
			t.Errorf("Decode(%s) = %v, want ErrNotRecording", bad, err)
		}
	}
}
