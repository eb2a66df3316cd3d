package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	pr, pw := io.Pipe()
	stop := make(chan os.Signal, 1)
	done := make(chan int)
	go func() {
		done <- run([]string{"--cert-out", certFile, "--workspace", "sub-1/rg-1/ws-1/eastus", "--polls", "-1"}, pw, io.Discard, stop)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("printed %q", line)
	}
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatal("the certificate file holds no certificate")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	req, _ := http.NewRequest("GET", url+"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes?api-version=2026-05-01", nil)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a token: %d", res.StatusCode)
	}
	req.Header.Set("Authorization", "Bearer demo")
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != `{"value":[]}` {
		t.Errorf("list: %d %s", res.StatusCode, body)
	}
	stop <- os.Interrupt
	if code := <-done; code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{{"--workspace", "a/b/c"}, {"extra"}, {"--nope"}, {"--config", "/does/not/exist"}} {
		if code := run(args, io.Discard, io.Discard, nil); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
	}
	if code := run([]string{"--addr", "0.0.0.0:0"}, io.Discard, io.Discard, nil); code != 1 {
		t.Errorf("a non-loopback address: exit code %d, want 1", code)
	}
}

func TestRunControl(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "cert.pem")
	pr, pw := io.Pipe()
	stop := make(chan os.Signal, 1)
	done := make(chan int)
	go func() {
		done <- run([]string{"--cert-out", certFile, "--workspace", "sub-1/rg-1/ws-1/eastus", "--control"}, pw, io.Discard, stop)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(line)
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	send := func(method, path, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, url+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	list := "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes?api-version=2026-05-01"
	for range 2 {
		send("GET", list, "demo")
	}
	if code, body := send("GET", "/_armfake/stats", ""); code != http.StatusOK || body != `{"requests":2,"inFlight":0,"maxInFlight":1}` {
		t.Errorf("stats: %d %s", code, body)
	}
	if code, _ := send("POST", "/_armfake/reset", ""); code != http.StatusNoContent {
		t.Errorf("reset: %d", code)
	}
	if code, body := send("GET", "/_armfake/stats", ""); code != http.StatusOK || body != `{"requests":0,"inFlight":0,"maxInFlight":0}` {
		t.Errorf("stats after the reset: %d %s", code, body)
	}
	stop <- os.Interrupt
	if code := <-done; code != 0 {
		t.Errorf("exit code %d", code)
	}
}
