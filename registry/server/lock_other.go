//go:build !unix

package server

import "os"

// lockDir does nothing on systems without flock.
//
// NOTE: there, nothing stops two servers from sharing one data directory, and
// the last snapshot written wins.
func lockDir(string) (*os.File, error) { return nil, nil }
