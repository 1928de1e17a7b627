//go:build unix

package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile keeps a second server from using the same data directory, where
// the last snapshot written would silently drop the other server's changes.
const lockFile = "registry.lock"

// lockDir takes an exclusive lock on dir that lasts until the returned file
// is closed or the process exits.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock registry data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("registry data directory %s is in use by another server: "+
				"stop that server or choose another directory", dir)
		}
		return nil, fmt.Errorf("lock registry data directory %s: %w", dir, err)
	}
	return f, nil
}
