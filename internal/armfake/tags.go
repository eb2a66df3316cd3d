package armfake

import (
	"maps"
	"net/http"
	"strings"
)

// tagsJSON is a TagsResource of the ARM tags API.
type tagsJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Properties struct {
		Tags map[string]string `json:"tags"`
	} `json:"properties"`
}

// tagsBody is a TagsPatchResource (PATCH) or a TagsResource (PUT).
type tagsBody struct {
	Operation  string `json:"operation"`
	Properties *struct {
		Tags map[string]string `json:"tags"`
	} `json:"properties"`
}

// tagsTarget finds the compute a tags scope names. The fake holds tags of
// computes only; any other scope is not found.
func (s *Server) tagsTarget(scope string) (*computeRec, *armError) {
	segs := split(scope)
	p, ok := matchPattern(split(wsPath+"/computes/{name}"), segs)
	if !ok {
		return nil, errorf(http.StatusNotFound, codeResourceNotFound, "The scope '%s' is not a compute this fake holds; it keeps tags of computes only.", scope)
	}
	rec, err := s.existingCompute(p)
	return rec, err
}

func (s *Server) tagsView(c *Compute) tagsJSON {
	v := tagsJSON{ID: c.ID + tagsSuffix, Name: "default", Type: "Microsoft.Resources/tags"}
	v.Properties.Tags = maps.Clone(c.Tags)
	if v.Properties.Tags == nil {
		v.Properties.Tags = map[string]string{}
	}
	return v
}

// getTags is Tags_GetAtScope.
func (s *Server) getTags(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.tagsTarget(p["scope"])
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.tagsView(rec.c))
}

// patchTags is Tags_UpdateAtScope: Merge adds and replaces, Replace sets
// exactly, Delete removes the named tags (those whose value matches, when
// a value is given). Tag names ignore case, values do not.
func (s *Server) patchTags(w http.ResponseWriter, r *http.Request, p params, body []byte) {
	s.writeTags(w, p, body, func(b *tagsBody) (func(map[string]string) map[string]string, *armError) {
		op, ok := oneOf(b.Operation, "Merge", "Replace", "Delete")
		if !ok {
			return nil, badRequest("operation '%s' is invalid: want Merge, Replace or Delete.", b.Operation)
		}
		given := b.Properties.Tags
		return func(cur map[string]string) map[string]string {
			switch op {
			case "Replace":
				return maps.Clone(given)
			case "Merge":
				for k, v := range given {
					deleteTag(cur, k, "")
					cur[k] = v
				}
			case "Delete":
				for k, v := range given {
					deleteTag(cur, k, v)
				}
			}
			return cur
		}, nil
	})
}

// putTags is Tags_CreateOrUpdateAtScope: the tags become exactly the
// given ones.
func (s *Server) putTags(w http.ResponseWriter, r *http.Request, p params, body []byte) {
	s.writeTags(w, p, body, func(b *tagsBody) (func(map[string]string) map[string]string, *armError) {
		return func(map[string]string) map[string]string { return maps.Clone(b.Properties.Tags) }, nil
	})
}

// deleteTags is Tags_DeleteAtScope: no tags are left.
func (s *Server) deleteTags(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.writeTags(w, p, nil, nil)
}

// writeTags changes a compute's tags with the change the body describes
// (nil: remove them all).
func (s *Server) writeTags(w http.ResponseWriter, p params, body []byte, change func(*tagsBody) (func(map[string]string) map[string]string, *armError)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.tagsTarget(p["scope"])
	if err != nil {
		writeError(w, err)
		return
	}
	apply := func(map[string]string) map[string]string { return nil }
	if change != nil {
		var b tagsBody
		if err := decodeJSON(body, &b); err != nil {
			writeError(w, err)
			return
		}
		if b.Properties == nil {
			writeError(w, badRequest("properties.tags is required."))
			return
		}
		if apply, err = change(&b); err != nil {
			writeError(w, err)
			return
		}
	}
	if err := s.st.checkLock(rec.c.Subscription, rec.c.ResourceGroup, rec.c.ID, false); err != nil {
		writeError(w, err)
		return
	}
	cur := maps.Clone(rec.c.Tags)
	if cur == nil {
		cur = map[string]string{}
	}
	if tags := apply(cur); len(tags) == 0 {
		rec.c.Tags = nil
	} else {
		rec.c.Tags = tags
	}
	rec.c.ModifiedOn = s.now()
	writeJSON(w, http.StatusOK, s.tagsView(rec.c))
}

// deleteTag removes the tag named k (ignoring case) when value is "" or
// its value.
func deleteTag(tags map[string]string, k, value string) {
	for name, v := range tags {
		if strings.EqualFold(name, k) && (value == "" || v == value) {
			delete(tags, name)
		}
	}
}
