package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel/nbtest"
)

const assignments = "../../../teachers/source"

func TestRunRelease(t *testing.T) {
	out := t.TempDir()
	src := []string{filepath.Join(assignments, "logistic-regression", "logistic-regression.ipynb"), filepath.Join(assignments, "adam", "adam.ipynb")}
	if err := runRelease(append([]string{"--out", out}, src...)); err != nil {
		t.Fatal(err)
	}
	for _, s := range src {
		b, err := os.ReadFile(filepath.Join(out, filepath.Base(s)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "YOUR CODE HERE") || strings.Contains(string(b), "BEGIN SOLUTION") {
			t.Errorf("%s is not a student version", s)
		}
	}

	bad := filepath.Join(t.TempDir(), "bad.ipynb")
	if err := os.WriteFile(bad, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
 {"cell_type": "code", "metadata": {"nbgrader": {"solution": true, "grade_id": "s", "schema_version": 3}},
  "source": "// BEGIN SOLUTION\nx := 1", "outputs": [], "execution_count": null},
 {"cell_type": "code", "metadata": {"nbgrader": {"grade": true, "grade_id": "s", "schema_version": 3}},
  "source": "", "outputs": [], "execution_count": null}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		errPart string
	}{
		{"no --out", []string{src[0]}, "need --out DIR"},
		{"no source", []string{"--out", out}, "need --out DIR and at least one source"},
		{"invalid source", []string{"--out", out, bad}, `cell 1: line 1: "BEGIN SOLUTION" is never closed`},
		{"duplicate id and no points", []string{"--out", out, bad}, `duplicate grade_id "s"`},
		{"missing points", []string{"--out", out, bad}, `test cell "s" has no points`},
		{"overwriting the source", []string{"--out", filepath.Dir(src[0]), src[0]}, "would overwrite its source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := runRelease(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("error %v, want one containing %q", err, tt.errPart)
			}
		})
	}
}

func TestRunGrade(t *testing.T) {
	// The kernel installed for this test binary (kernel/nbtest), found the
	// way `dlfun grade` finds it: in the Jupyter data folder.
	spec := nbtest.KernelSpecDir(t)
	t.Setenv("JUPYTER_DATA_DIR", filepath.Dir(filepath.Dir(spec)))
	fixtures := "../../grade/testdata/submissions"
	out := t.TempDir()
	err := runGrade([]string{"--source", filepath.Join(assignments, "logistic-regression", "logistic-regression.ipynb"), "--out", out,
		"--cell-timeout", "30s", filepath.Join(fixtures, "full-marks.ipynb"), filepath.Join(fixtures, "not-json.ipynb")})
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(out, "grades.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"full-marks,2,3,3,2,10,10,\n", "not-json,0,0,0,0,0,10,not a valid notebook"} {
		if !strings.Contains(string(csv), row) {
			t.Errorf("grades.csv lacks %q:\n%s", row, csv)
		}
	}
	for _, f := range []string{"full-marks/logistic-regression.ipynb", "full-marks/logistic-regression.html"} {
		if _, err := os.Stat(filepath.Join(out, "feedback", f)); err != nil {
			t.Error(err)
		}
	}
	if err := runGrade([]string{"--out", out}); err == nil {
		t.Error("grade without --source succeeded")
	}
}
