package sysmem

import (
	"testing"
	"testing/fstest"
)

func TestLimit(t *testing.T) {
	const meminfo = "MemTotal:       24683772 kB\nMemFree:        1000 kB\n"
	const total = 24683772 << 10
	for name, tc := range map[string]struct {
		files map[string]string
		want  uint64
		ok    bool
	}{
		"no cgroup":        {map[string]string{"proc/meminfo": meminfo}, total, true},
		"no meminfo":       {map[string]string{"sys/fs/cgroup/memory.max": "1000\n"}, 0, false},
		"v2 max":           {map[string]string{"proc/meminfo": meminfo, "sys/fs/cgroup/memory.max": "max\n"}, total, true},
		"v2 root limit":    {map[string]string{"proc/meminfo": meminfo, "sys/fs/cgroup/memory.max": "2147483648\n"}, 2 << 30, true},
		"v2 group limit":   {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "0::/ci/job\n", "sys/fs/cgroup/ci/job/memory.max": "1073741824\n"}, 1 << 30, true},
		"v1 unlimited":     {map[string]string{"proc/meminfo": meminfo, "sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"}, total, true},
		"v1 group limit":   {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "4:memory:/docker/abc\n1:cpu:/\n", "sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "536870912\n"}, 512 << 20, true},
		"v1 joined":        {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "4:cpu,memory:/a\n", "sys/fs/cgroup/memory/a/memory.limit_in_bytes": "536870912\n"}, 512 << 20, true},
		"garbage":          {map[string]string{"proc/meminfo": meminfo, "sys/fs/cgroup/memory.max": "lots\n"}, total, true},
		"meminfo in pages": {map[string]string{"proc/meminfo": "MemTotal: 5 pages\n"}, 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, data := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(data)}
			}
			got, ok := limit(fsys)
			if got != tc.want || ok != tc.ok {
				t.Errorf("limit = %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
