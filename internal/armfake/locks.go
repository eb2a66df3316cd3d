package armfake

import (
	"net/http"
)

// lockJSON is a ManagementLockObject.
type lockJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Properties struct {
		Level string `json:"level"`
		Notes string `json:"notes,omitempty"`
	} `json:"properties"`
}

// listLocks is ManagementLocks_ListAtResourceGroupLevel.
func (s *Server) listLocks(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.st.checkResourceGroup(p["sub"], p["rg"]); err != nil {
		writeError(w, err)
		return
	}
	out := []lockJSON{}
	for _, l := range s.st.locks {
		if key(l.Subscription, l.ResourceGroup) != key(p["sub"], p["rg"]) {
			continue
		}
		v := lockJSON{
			ID:   "/subscriptions/" + l.Subscription + "/resourceGroups/" + l.ResourceGroup + "/providers/Microsoft.Authorization/locks/" + l.Name,
			Name: l.Name,
			Type: "Microsoft.Authorization/locks",
		}
		v.Properties.Level = l.Level
		v.Properties.Notes = l.Notes
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": out})
}
