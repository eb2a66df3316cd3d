package armfake

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordingTransport keeps every answer's headers and body.
type recordingTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen bytes.Buffer
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := rt.next.RoundTrip(req)
	if err != nil {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	rt.mu.Lock()
	defer rt.mu.Unlock()
	res.Header.Write(&rt.seen)
	rt.seen.Write(body)
	return res, nil
}

// TestSecretsNeverLeave drives every route that sees a secret and checks
// that no answer and no logged request holds one.
func TestSecretsNeverLeave(t *testing.T) {
	const sshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsecretkeymaterial user@host"
	const computePassword = "another-Secret-9"
	s := newTestServer(t, Options{Workspaces: []Workspace{secureWS, testWorkspace}})
	rt := &recordingTransport{next: s.Client().Transport}
	client := &http.Client{Transport: rt}
	call := func(method, target string, body any) response {
		t.Helper()
		req := newRequest(t, s, method, target, body)
		req.Header.Set("Authorization", "Bearer t")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return response{status: res.StatusCode, header: res.Header, raw: raw}
	}

	r := call("PUT", deploymentsPath+"amlc-1"+deployAPI, deployRequest(secureTemplate(t), map[string]any{"gpuAdminPassword": password}))
	op := r.header.Get("Azure-AsyncOperation")
	call("GET", op, nil)
	call("GET", op, nil)
	call("GET", deploymentsPath+"amlc-1"+deployAPI, nil)
	body := basicBody(2)
	body["properties"].(map[string]any)["properties"].(map[string]any)["userAccountCredentials"] = map[string]any{
		"adminUserName": "azureuser", "adminUserPassword": computePassword, "adminUserSshPublicKey": sshKey,
	}
	call("PUT", computePath("cpu")+api, body)
	call("PUT", computePath("cpu")+api, body) // 409 while creating
	call("GET", computePath("cpu")+api, nil)
	call("GET", strings.TrimSuffix(computePath("cpu"), "/cpu")+api, nil)
	secureList := "/subscriptions/" + secureWS.Subscription + "/resourceGroups/rg-ml-secure/providers/Microsoft.MachineLearningServices/workspaces/ml-secure/computes"
	call("GET", secureList+api, nil)
	call("GET", secureList+"/gpu-private"+api, nil)
	// Bodies the fake rejects, holding secrets.
	call("PUT", deploymentsPath+"bad"+deployAPI, `{"properties":{"mode":"Incremental","template":`+password)
	call("PUT", deploymentsPath+"bad"+deployAPI, deployRequest(secureTemplate(t), map[string]any{"gpuAdminPassword": password, "extra": password}))
	wrongType := deployRequest(secureTemplate(t), map[string]any{"gpuAdminPassword": map[string]any{"nested": password}})
	call("PUT", deploymentsPath+"bad"+deployAPI, wrongType)

	for _, secret := range []string{password, computePassword, "secretkeymaterial"} {
		if strings.Contains(rt.seen.String(), secret) {
			t.Errorf("an answer holds the secret %q", secret)
		}
		for _, lr := range s.Requests() {
			if strings.Contains(string(lr.Body), secret) {
				t.Errorf("the log of %s %s holds the secret %q: %s", lr.Method, lr.Path, secret, lr.Body)
			}
		}
	}
	redacted := 0
	for _, lr := range s.Requests() {
		redacted += strings.Count(string(lr.Body), Redacted)
	}
	if redacted < 5 {
		t.Errorf("only %d values redacted in the log", redacted)
	}
	// The secrets did reach the computes.
	if c, _ := s.Compute(testSub, testRG, testWS, "cpu"); c.AdminUserPassword != computePassword || c.AdminUserSSHPublicKey != sshKey {
		t.Errorf("compute secrets %q %q", c.AdminUserPassword, c.AdminUserSSHPublicKey)
	}
	if c, _ := s.Compute(secureWS.Subscription, "rg-ml-secure", "ml-secure", "gpu-private"); c.AdminUserPassword != password {
		t.Errorf("deployed compute password %q", c.AdminUserPassword)
	}
}

func TestRedactKeepsPlainParameters(t *testing.T) {
	body := `{"properties":{"mode":"Incremental","template":{"parameters":{"a":{"type":"string"},"s":{"type":"securestring","defaultValue":"dflt"}}},"parameters":{"a":{"value":"plain"},"s":{"value":"hidden"},"u":{"value":"undeclared"}}}}`
	got := string(redactBody("/subscriptions/x/resourceGroups/y/providers/Microsoft.Resources/deployments/d", []byte(body)))
	for _, bad := range []string{"hidden", "undeclared", "dflt"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q kept in %s", bad, got)
		}
	}
	if !strings.Contains(got, `"plain"`) {
		t.Errorf("a plain parameter was redacted: %s", got)
	}
	plain := `{"properties":{"properties":{"vmSize":"x"}}}`
	if got := redactBody("/x", []byte(plain)); string(got) != plain {
		t.Errorf("a body without secrets changed: %s", got)
	}
}
