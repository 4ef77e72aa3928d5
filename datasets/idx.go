package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// IDX is the file format of MNIST (http://yann.lecun.com/exdb/mnist/): a
// big-endian header, then the values row-major.
//
//	bytes 0–1   0x00 0x00
//	byte  2     value type: 0x08 = unsigned byte (the only one MNIST uses)
//	byte  3     number of dimensions d (3 for images, 1 for labels)
//	d × uint32  the size of each dimension (images: count, rows, cols)
//	then        ∏ sizes values, one byte each
//
// So an image file starts with the magic number 0x00000803 and a label file
// with 0x00000801. Files may be gzip-compressed (as distributed) or raw.

// idxMaxBytes bounds the data size a header may announce (MNIST's largest
// file holds 47 MB): a corrupt header fails clearly instead of allocating
// gigabytes.
const idxMaxBytes = 1 << 30

// readIDX reads the IDX file at path holding unsigned bytes in dims
// dimensions and returns the sizes and the values. Every problem is an
// error naming the file and what is wrong: unreadable gzip, bad magic
// number, a header announcing an impossible size, data that ends early
// (truncated), data that goes on after the announced end, or a damaged
// gzip checksum.
func readIDX(path string, dims int) (sizes []int, data []uint8, err error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("datasets: MNIST file %s: "+format, append([]any{path}, args...)...)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: MNIST file: %w", err)
	}
	defer f.Close()

	var r io.Reader
	br := bufio.NewReaderSize(f, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fail("starts like gzip but is not a valid gzip stream: %v", err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}

	header := make([]byte, 4+4*dims)
	n, err := io.ReadFull(r, header[:4])
	if err == nil {
		want := uint32(0x0800 | dims)
		if got := binary.BigEndian.Uint32(header); got != want {
			return nil, nil, fail("bad magic number 0x%08x, want 0x%08x (IDX file of unsigned bytes in %d dimensions)%s",
				got, want, dims, magicHint(got, dims))
		}
		var m int
		m, err = io.ReadFull(r, header[4:])
		n += m
	}
	if err != nil {
		if !isEOF(err) {
			return nil, nil, fail("corrupt: reading the IDX header: %v", readErr(err))
		}
		return nil, nil, fail("truncated: the file ends after %d bytes, inside the %d-byte IDX header", n, len(header))
	}
	sizes = make([]int, dims)
	total := uint64(1)
	for i := range sizes {
		sizes[i] = int(binary.BigEndian.Uint32(header[4+4*i:]))
		total *= uint64(sizes[i]) // total ≤ 2³⁰+1 before, so no overflow
		if total > idxMaxBytes {
			total = idxMaxBytes + 1 // keep it small for the next factor
		}
	}
	if total > idxMaxBytes {
		return nil, nil, fail("the header announces sizes %s, over %d bytes: the header is corrupt", sizeList(sizes), idxMaxBytes)
	}
	data = make([]uint8, total)
	if n, err := io.ReadFull(r, data); err != nil {
		if !isEOF(err) {
			return nil, nil, fail("corrupt after %d of the %d bytes of data: %v", n, total, readErr(err))
		}
		return nil, nil, fail("truncated: the header announces %s = %d bytes of data but the file ends after %d of them",
			sizeList(sizes), total, n)
	}
	// Read past the end: this makes gzip verify its checksum, and finds
	// data that goes on after what the header announced.
	var extra [1]byte
	if n, err := io.ReadFull(r, extra[:]); n > 0 {
		return nil, nil, fail("the file goes on after the %s = %d bytes of data its header announces: it is not a valid IDX file",
			sizeList(sizes), total)
	} else if err != io.EOF {
		return nil, nil, fail("corrupt after %d bytes of data: %v", total, readErr(err))
	}
	return sizes, data, nil
}

// isEOF reports whether err means the data ended early.
func isEOF(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// readErr explains the errors a damaged file gives.
func readErr(err error) string {
	switch {
	case isEOF(err):
		return "unexpected end of file"
	case errors.Is(err, gzip.ErrChecksum):
		return "gzip checksum mismatch: the file is damaged; download it again"
	}
	return err.Error()
}

// magicHint recognises the common mix-up of an image and a label file.
func magicHint(got uint32, dims int) string {
	switch {
	case got == 0x0801 && dims == 3:
		return ": this is a label file, not an image file"
	case got == 0x0803 && dims == 1:
		return ": this is an image file, not a label file"
	}
	return ": not an MNIST IDX file"
}

func sizeList(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, s := range sizes {
		parts[i] = fmt.Sprint(s)
	}
	return strings.Join(parts, "×")
}
