package audit

import (
	"fmt"
	"os"
)

// VerifyFiles checks a log kept in several files, in the order given (the
// oldest first), as one chain: each file verifies as [Verify] checks it,
// and its first line continues the last line of the file before, so a
// file missing from the middle, or files out of order, are detected. The
// options apply to the whole set: [VerifyStart] or [VerifyAnyStart] to the
// first file, [VerifyLast] to the end of the last, [VerifyCheckpoint]
// wherever its line is.
//
// An error names the file; a [*ChainError] in it (errors.As) gives the
// line and offset within that file.
func VerifyFiles(paths []string, opts ...VerifyOption) error {
	var lr *logReader
	last := ""
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if lr == nil {
			lr = newLogReader(f, opts)
		} else {
			lr.reset(f)
		}
		err = lr.readAll()
		f.Close()
		if err != nil {
			return fmt.Errorf("audit: %s: %w", p, err)
		}
		last = p
	}
	if lr == nil {
		lr = newLogReader(nil, opts)
	}
	if err := lr.finish(); err != nil {
		return fmt.Errorf("audit: %s: %w", last, err)
	}
	return nil
}
