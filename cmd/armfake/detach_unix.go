//go:build unix

package main

import "syscall"

// detachedAttr puts the detached server in a session of its own, so that
// the terminal's hang-up and Ctrl-C do not reach it.
func detachedAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
