//go:build linux && (amd64 || arm64)

package report

import (
	"errors"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// sysRenameat2 is the number of renameat2(2), which the syscall package
// does not define on amd64.
var sysRenameat2 = map[string]uintptr{"amd64": 316, "arm64": 276}[runtime.GOARCH]

// From <linux/fcntl.h> and <linux/fs.h>: paths relative to the current
// directory, and swap the two paths.
const (
	atFDCWD        = -100
	renameExchange = 1 << 1
)

// exchange swaps the directories a and b in one step (renameat2 with
// RENAME_EXCHANGE, Linux 3.15, on file systems that support it); it returns
// errors.ErrUnsupported where the kernel or the file system cannot.
func exchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	cwd := atFDCWD // a variable: a negative constant does not convert to uintptr
	_, _, errno := syscall.Syscall6(sysRenameat2, uintptr(cwd), uintptr(unsafe.Pointer(pa)), uintptr(cwd), uintptr(unsafe.Pointer(pb)), renameExchange, 0)
	switch errno {
	case 0:
		return nil
	case syscall.ENOSYS, syscall.EINVAL, syscall.EOPNOTSUPP:
		return errors.ErrUnsupported
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errno}
}
