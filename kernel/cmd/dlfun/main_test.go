package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandLine(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{nil, 2, "Usage:"},
		{[]string{"help"}, 0, "dlfun run [--timeout D]"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run"}, 2, "no notebook given"},
		{[]string{"run", "--timeout", "soon", "x.ipynb"}, 2, "invalid value"},
		{[]string{"run", "--kernel", "dlfun", "/nonexistent/x.ipynb"}, 1, "no such file"},
		{[]string{"install", "--user", "--prefix", "/tmp/x"}, 2, "exclude each other"},
		{[]string{"install", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"lab", "--bogus"}, 2, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tc.args, &out, &errb)
			all := out.String() + errb.String()
			if code != tc.code || !strings.Contains(all, tc.want) {
				t.Errorf("exit %d, want %d; output lacks %q?\n%s", code, tc.code, tc.want, all)
			}
		})
	}
}

func TestRunRefusesToOverwriteInput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.ipynb")
	if err := os.WriteFile(path, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"run", "--out", dir, path}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "would overwrite the input") {
		t.Errorf("exit %d, stderr %q: want a refusal to overwrite the input", code, errb.String())
	}
}

func TestParseInterleaved(t *testing.T) {
	fs := newFlagSet("t")
	timeout := fs.String("timeout", "", "")
	rest, err := parseInterleaved(fs, []string{"a.ipynb", "--timeout", "1s", "b.ipynb"})
	if err != nil || *timeout != "1s" || strings.Join(rest, ",") != "a.ipynb,b.ipynb" {
		t.Errorf("got %q %q %v", rest, *timeout, err)
	}
}
