package main

func runBuild(e *env, args []string) int {
	return usageError(e, "build", "not available yet")
}
