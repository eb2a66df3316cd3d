package diff

import (
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/schema"
)

// TestPublicAccess checks the rule for the values the service fills in
// (row ssh.publicAccess).
func TestPublicAccess(t *testing.T) {
	with := func(access, subnet string) *schema.Cluster {
		c := &schema.Cluster{SSH: &schema.SSH{PublicAccess: access}}
		if subnet != "" {
			c.Network = &schema.Network{Subnet: subnet}
		}
		return c
	}
	tests := []struct {
		desired, base *schema.Cluster
		same          bool
		why           string
	}{
		{with("Disabled", ""), with("Disabled", ""), true, "equal"},
		{with("disabled", ""), with("Disabled", ""), true, "case"},
		{with("Enabled", ""), with("Disabled", ""), false, "a real change"},
		{with("NotSpecified", ""), with("Enabled", ""), true, "desired NotSpecified leaves the choice to the service"},
		{with("NotSpecified", testSubnet), with("Disabled", testSubnet), true, "desired NotSpecified leaves the choice to the service"},
		{with("Disabled", testSubnet), with("NotSpecified", testSubnet), true, "NotSpecified with a subnet is closed"},
		{with("Enabled", ""), with("NotSpecified", ""), true, "NotSpecified without a subnet is open"},
		{with("Enabled", testSubnet), with("NotSpecified", testSubnet), false, "NotSpecified with a subnet is not open"},
		{&schema.Cluster{}, with("Disabled", ""), true, "no ssh block is Disabled"},
		{with("", ""), with("Disabled", ""), true, "empty is the default, Disabled"},
		{&schema.Cluster{}, with("Enabled", ""), false, "no ssh block is not Enabled"},
	}
	for _, tt := range tests {
		if got := samePublicAccess(tt.desired, tt.base); got != tt.same {
			t.Errorf("%s: samePublicAccess(%q, %q) = %v", tt.why, publicAccess(tt.desired), publicAccess(tt.base), got)
		}
	}
}

// TestUnobserved: a base that could not see the SSH secrets (the live
// observer) does not make every cluster with credentials a replacement
// (rows ssh.publicKey, ssh.password).
func TestUnobserved(t *testing.T) {
	base := testCluster()
	base.SSH.PublicKey = Unobserved
	base.SSH.PasswordSecret = Unobserved
	if ch := Compute(testSpec(testCluster()), testSpec(base)).Changes[0]; ch.Action != NoOp {
		t.Errorf("got %s %+v, want no-op", ch.Action, ch.Fields)
	}
}

func TestNilVersusEmpty(t *testing.T) {
	base := schema.Cluster{Name: "c", VMSize: "Standard_D2_v2", MaxNodes: 1, Location: "westeurope"}
	desired := base
	desired.Tags = map[string]string{}
	desired.Identity = &schema.Identity{Type: "None"}
	desired.Network = &schema.Network{NodePublicIP: true}
	desired.SSH = &schema.SSH{PublicAccess: "Disabled"}
	desired.Priority, desired.OSType = schema.Dedicated, "Linux"
	if ch := Compute(testSpec(desired), testSpec(base)).Changes[0]; ch.Action != NoOp || len(ch.Fields) != 0 {
		t.Errorf("got %s %+v, want a no-op without fields", ch.Action, ch.Fields)
	}
}

// Image IDs are resource IDs: ARM compares them ignoring case.
func TestImageIgnoresCase(t *testing.T) {
	d, b := testCluster(), testCluster()
	d.VirtualMachineImage, b.VirtualMachineImage = testImage, strings.ToUpper(testImage)
	if !imageField.equal(&d, &b) {
		t.Error("image IDs that differ in case compare unequal")
	}
	b.VirtualMachineImage = ""
	if imageField.equal(&d, &b) {
		t.Error("an image and none compare equal")
	}
}
