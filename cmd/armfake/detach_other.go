//go:build !unix

package main

import "syscall"

// detachedAttr is nil: --detach is not supported here.
func detachedAttr() *syscall.SysProcAttr { return nil }
