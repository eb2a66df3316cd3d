package schema

import (
	"errors"
	"net/http"

	"cuelang.org/go/mod/modconfig"
)

// offlineRegistry is the CUE module registry amlc loads modules with: the
// cue tool's own configuration (CUE_REGISTRY, CUE_CACHE_DIR, the user's
// cache directory), so that dependencies already in the module cache are
// found, but with a network that refuses every request. Vetting specs never
// downloads anything; `cue mod tidy` or `cue mod get` fills the cache.
func offlineRegistry() modconfig.Registry {
	return &modconfig.LazyRegistry{New: func() (modconfig.CachedRegistry, error) {
		return modconfig.NewRegistry(&modconfig.Config{Transport: noNetwork{}, ClientType: "amlc"})
	}}
}

// errNoNetwork is what a request to a registry gets.
var errNoNetwork = errors.New("amlc does not download CUE modules: the dependency is not in the module cache; run `cue mod tidy` (or `cue mod get`) with network access first")

// noNetwork is an http.RoundTripper that refuses every request.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) { return nil, errNoNetwork }
