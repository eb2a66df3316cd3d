// Command amlc validates, compiles and plans Azure Machine Learning compute
// clusters declared in CUE spec files. See README.md and SPEC.md.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
