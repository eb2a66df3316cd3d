package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The node limits of how-to-manage-quotas (2026-01-27) at each boundary:
// with inter-node communication 300 (101–300 a warning) and 4,000 with a
// ticket; on an RDMA size 100 whatever the ticket; without inter-node
// communication 65,000.
func TestNodeLimits(t *testing.T) {
	const ticketComm = `largeScale: {supportTicket: "1", internodeCommunication: true}`
	const ticketNoComm = `largeScale: supportTicket: "1"`
	for _, tc := range []struct {
		size  string
		nodes int
		extra string
		want  string // "" or "code severity"
	}{
		{"Standard_D2_v2", 100, "", ""},
		{"Standard_D2_v2", 101, "", "nodes/over-100 warning"},
		{"Standard_D2_v2", 300, "", "nodes/over-100 warning"},
		{"Standard_D2_v2", 301, "", "nodes/over-limit error"},
		{"Standard_D2_v2", 101, ticketComm, ""},
		{"Standard_D2_v2", 4000, ticketComm, ""},
		{"Standard_D2_v2", 4001, ticketComm, "nodes/over-limit error"},
		{"Standard_D2_v2", 4001, ticketNoComm, ""},
		{"Standard_D2_v2", 65000, ticketNoComm, ""},
		{"Standard_D2_v2", 65001, ticketNoComm, "nodes/over-ceiling error"},
		{"Standard_D2_v2", 65001, "", "nodes/over-ceiling error"},
		{"Standard_NC24rs_v3", 100, "", ""},
		{"Standard_NC24rs_v3", 101, "", "nodes/rdma error"},
		{"Standard_NC24rs_v3", 101, ticketComm, "nodes/rdma error"},
		{"Standard_NC24rs_v3", 5000, ticketNoComm, ""},
		{"Standard_NC6s_v3", 101, "", "nodes/over-100 warning"},
	} {
		name := fmt.Sprintf("%s/%d/%s", tc.size, tc.nodes, tc.extra)
		dir := t.TempDir()
		spec := fmt.Sprintf(`workspaces: "ml-w": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus"
	clusters: "cpu-c": {vmSize: %q, maxNodes: %d, %s}
}
`, tc.size, tc.nodes, tc.extra)
		if err := os.WriteFile(filepath.Join(dir, "a.cue"), []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range Vet([]string{dir}, Options{}).Diags {
			got = append(got, d.Code+" "+d.Severity.String())
		}
		if strings.Join(got, "; ") != tc.want {
			t.Errorf("%s: findings %q, want %q", name, got, tc.want)
		}
	}
}
