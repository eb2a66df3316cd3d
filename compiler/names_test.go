package compiler

import (
	"testing"
)

func TestBaseIdentifier(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"cpu-cluster", "cpuCluster"},
		{"cpu-cluster-2", "cpuCluster2"},
		{"gpu--a", "gpuA"},
		{"GPU-Cluster", "GPUCluster"},
		{"cpuCluster", "cpuCluster"},
		{"GAMMA_PW", "GAMMA_PW"},
		{"a.b c", "aBC"},
		{"-lead", "lead"},
		{"trail-", "trail"},
		{"1st-cluster", "x1stCluster"},
		{"9", "x9"},
		{"", "x"},
		{"---", "x"},
		{"wörd", "wrd"},
		{"café-bar", "cafBar"},
		{"日本", "x"},
		{"日本-gpu", "gpu"},
		{"_under", "_under"},
	} {
		if got := baseIdentifier(tc.name, "x"); got != tc.want {
			t.Errorf("baseIdentifier(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if got := baseIdentifier(tc.name, "x"); !isIdentifier(got) {
			t.Errorf("baseIdentifier(%q) = %q is not an identifier", tc.name, got)
		}
	}
}

func TestNamer(t *testing.T) {
	n := newNamer()
	for _, tc := range []struct{ name, want string }{
		{"workspace", "workspace"},
		{"cpu-cluster", "cpuCluster"},
		{"cpuCluster", "cpuCluster2"},  // collision
		{"cpu_cluster", "cpu_cluster"}, // "_" is kept: no collision
		{"CPU-cluster", "CPUCluster3"}, // collisions ignore case (ARM names do)
		{"cpucluster", "cpucluster4"},
		{"cpuCluster2", "cpuCluster2_2"},
		{"gpu1", "gpu1"},
		{"gpu-1", "gpu1_2"}, // a base ending in a digit gets "_n"
		{"resource", "resource2"},
		{"param", "param2"},
		{"existing", "existing2"},
		{"true", "true2"},
		{"null", "null2"},
		{"description", "description2"}, // the file's own decorator
		{"secure", "secure2"},
		{"resource-id", "resourceId2"}, // a built-in function
		{"string", "string2"},
		{"sys", "sys2"},
		{"Resource", "Resource"}, // Bicep keywords are case-sensitive
		{"workspace", "workspace2"},
		{"1st", "c1st"},
		{"2nd", "c2nd"},
		{"1st", "c1st2"},
		{"日本", "c"},
		{"日本", "c2"},
	} {
		got := n.name(tc.name, "c")
		if got != tc.want {
			t.Errorf("name(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if !isIdentifier(got) || reserved[got] {
			t.Errorf("name(%q) = %q is not a usable identifier", tc.name, got)
		}
	}
}

func TestIsIdentifier(t *testing.T) {
	for s, want := range map[string]bool{
		"a": true, "_": true, "a1": true, "A_b9": true,
		"": false, "1a": false, "a-b": false, "a b": false, "ä": false, "a.b": false,
	} {
		if got := isIdentifier(s); got != want {
			t.Errorf("isIdentifier(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSplitChildName(t *testing.T) {
	for _, tc := range []struct{ ws, cluster string }{
		{"ml-prod", "cpu-cluster"}, {"it's", "a"}, {"w", "x''y"}, {"a', 'b", "c"},
	} {
		ws, cl, ok := SplitChildName(childName(tc.ws, tc.cluster))
		if !ok || ws != tc.ws || cl != tc.cluster {
			t.Errorf("SplitChildName(childName(%q, %q)) = %q, %q, %v", tc.ws, tc.cluster, ws, cl, ok)
		}
	}
	for _, bad := range []string{"ml-prod/cpu", "[format('{0}/{1}', 'a')]", "[concat('a', '/', 'b')]", "[format('{0}/{1}', 'a', 'b', 'c')]"} {
		if ws, cl, ok := SplitChildName(bad); ok {
			t.Errorf("SplitChildName(%q) = %q, %q", bad, ws, cl)
		}
	}
}
