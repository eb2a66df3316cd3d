package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
)

// secretFiles reads the --secret NAME=@FILE flags into a map from name
// to file. A value never comes from the command line itself, where other
// processes could read it.
func secretFiles(flags []string) (map[string]string, error) {
	files := map[string]string{}
	for _, f := range flags {
		name, file, ok := strings.Cut(f, "=@")
		if !ok || name == "" || file == "" {
			return nil, fmt.Errorf("--secret takes NAME=@FILE (a value on the command line would be visible to other processes); got %q", redactArg(f))
		}
		files[name] = file
	}
	return files, nil
}

// secretValues finds the value of each named secret: from its --secret
// file in files (the file's content, one final newline dropped, at most
// maxSecretBytes, given up when ctx is done), else from the environment
// variable AMLC_SECRET_<NAME> (as written, then in upper case). Missing
// secrets are listed, not an error: the caller refuses the plan before
// any call.
func secretValues(ctx context.Context, files map[string]string, names []string) (map[string]string, []string, error) {
	values := map[string]string{}
	var missing []string
	for _, n := range names {
		if file, ok := files[n]; ok {
			data, err := readFileCtx(ctx, file, "a secret file", maxSecretBytes)
			if err != nil {
				return nil, nil, fmt.Errorf("--secret %s: %v", n, err)
			}
			v := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
			if v == "" {
				return nil, nil, fmt.Errorf("--secret %s: %s is empty", n, file)
			}
			values[n] = v
			continue
		}
		v, ok := os.LookupEnv("AMLC_SECRET_" + n)
		if !ok {
			v, ok = os.LookupEnv("AMLC_SECRET_" + strings.ToUpper(n))
		}
		if ok && v != "" {
			values[n] = v
			continue
		}
		missing = append(missing, n)
	}
	slices.Sort(missing)
	return values, missing, nil
}

// redactArg shows a malformed --secret argument without what may be its
// value.
func redactArg(s string) string {
	if name, _, ok := strings.Cut(s, "="); ok {
		return name + "=…"
	}
	return "…"
}
