package grade

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

// readSubmission reads the submission at path as the grader must read a
// file a student controls: it refuses, with the reason, anything but a
// regular file (a symbolic link, which could point at the teacher's
// source; a FIFO, which would block the batch forever; a device, socket
// or folder), in nbgrader's layout also a symbolic link for the student's
// or the assignment's folder; it opens with O_NOFOLLOW|O_NONBLOCK, checks
// that what it opened is the file it looked at, and reads at most max
// bytes.
func readSubmission(path string, max int64) ([]byte, error) {
	if err := refuseLinkedFolders(path); err != nil {
		return nil, err
	}
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regular(fst); err != nil {
		return nil, err
	}
	if !os.SameFile(st, fst) {
		return nil, errors.New("the file was replaced while the grader opened it: refused")
	}
	if fst.Size() > max {
		return nil, fmt.Errorf("file is %s, larger than the %s limit", jupyter.FormatBytes(fst.Size()), jupyter.FormatBytes(max))
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max { // the file grew while we read it
		return nil, fmt.Errorf("file is larger than the %s limit", jupyter.FormatBytes(max))
	}
	return b, nil
}

// regular explains why a file that is not a regular file is refused.
func regular(st os.FileInfo) error {
	m := st.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m&os.ModeSymlink != 0:
		what = "a symbolic link (it could point at any file of the grader's, such as the teacher's source); submit the notebook itself"
	case m.IsDir():
		what = "a folder, not a notebook file"
	case m&os.ModeNamedPipe != 0:
		what = "a FIFO (named pipe), not a notebook file"
	case m&os.ModeDevice != 0:
		what = "a device, not a notebook file"
	case m&os.ModeSocket != 0:
		what = "a socket, not a notebook file"
	default:
		what = "not a regular file"
	}
	return fmt.Errorf("refused: %s is %s", st.Name(), what)
}

// refuseLinkedFolders refuses a submission in nbgrader's layout
// (submitted/<student>/<assignment>/x.ipynb) whose student or assignment
// folder is a symbolic link: students' archives can create those.
func refuseLinkedFolders(path string) error {
	dir := filepath.Dir(path)
	student := filepath.Dir(dir)
	if filepath.Base(filepath.Dir(student)) != "submitted" {
		return nil
	}
	for _, d := range []string{student, dir} {
		if st, err := os.Lstat(d); err == nil && st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("refused: the folder %s is a symbolic link; submissions must be real files in real folders", d)
		}
	}
	return nil
}

// studentNames names each submission's student, uniquely: <student> in
// nbgrader's layout submitted/<student>/<assignment>/<notebook>.ipynb,
// otherwise the file name without .ipynb. Submissions that would share a
// name (or a feedback folder) are qualified by their paths below the
// folder they have in common ("a/carol", "b/carol"; "alice/nb1",
// "alice/nb2"); should two still clash, a "#n" suffix that no other name
// has tells them apart. The same file given twice is graded once (see
// uniquePaths).
func studentNames(assignment string, paths []string) []string {
	out := make([]string, len(paths))
	abs := make([]string, len(paths))
	nbgrader := make([]bool, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			a = filepath.Clean(p)
		}
		abs[i] = a
		dir := filepath.Dir(a)
		out[i] = strings.TrimSuffix(filepath.Base(a), filepath.Ext(a))
		if student := filepath.Dir(dir); filepath.Base(dir) == assignment && filepath.Base(filepath.Dir(student)) == "submitted" {
			out[i], nbgrader[i] = filepath.Base(student), true
		}
	}
	key := func(name string) string { return strings.ToLower(safeName(name)) }
	groups := map[string][]int{}
	for i, n := range out {
		groups[key(n)] = append(groups[key(n)], i)
	}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		var dirs []string
		for _, i := range idx {
			dirs = append(dirs, filepath.Dir(abs[i]))
		}
		common := commonDir(dirs)
		for _, i := range idx {
			rel, err := filepath.Rel(common, abs[i])
			if err != nil {
				rel = abs[i]
			}
			rel = filepath.ToSlash(strings.TrimSuffix(rel, filepath.Ext(rel)))
			if nbgrader[i] {
				rel = out[i] + "/" + filepath.Base(rel)
			}
			out[i] = rel
		}
	}
	taken := map[string]bool{}
	all := map[string]bool{}
	for _, n := range out {
		all[key(n)] = true
	}
	for i, n := range out {
		name := n
		for k := 2; taken[key(name)] || (name != n && all[key(name)]); k++ {
			name = n + "#" + strconv.Itoa(k)
		}
		taken[key(name)] = true
		out[i] = name
	}
	return out
}

// commonDir is the deepest folder holding all of dirs.
func commonDir(dirs []string) string {
	c := dirs[0]
	for _, d := range dirs[1:] {
		for c != d && !strings.HasPrefix(d, c+string(filepath.Separator)) && c != filepath.Dir(c) {
			c = filepath.Dir(c)
		}
	}
	return c
}

// uniquePaths drops repeated submissions (the same file named twice).
func uniquePaths(paths []string) []string {
	var out []string
	var seen []os.FileInfo
	for _, p := range paths {
		if st, err := os.Lstat(p); err == nil {
			if slices.ContainsFunc(seen, func(s os.FileInfo) bool { return os.SameFile(s, st) }) {
				continue
			}
			seen = append(seen, st)
		}
		out = append(out, p)
	}
	return out
}
