"""nbgrader on our assignments, for real: `make nbgradertest` (docs/teachers.md, "nbgrader").

In a temporary copy of teachers/ (an nbgrader course directory with
nbgrader_config.py), with nbgrader from .venv and the course kernel
installed into a temporary Jupyter data folder:

1. `nbgrader generate_assignment` on every assignment in source/ must give
   the student version in notebooks/assignments/ (what `dlfun release`
   wrote) cell by cell, except the one documented difference: nbgrader's
   stub cannot name the function (`panic("not implemented")` where ours says
   `panic("not implemented: sigmoid")`).
2. `nbgrader autograde` and `dlfun grade` grade the same fixture submissions
   (kernel/grade/testdata/submissions); every test cell's two scores must be
   equal or differ for one of the documented reasons below, else the test
   fails. The table of scores is printed (it is the one in docs/teachers.md).

Run from the repository root: .venv/bin/python teachers/nbgradertest.py
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FIXTURES = os.path.join(REPO, "kernel", "grade", "testdata", "submissions")
ASSIGNMENT = "logistic-regression"
# The fixtures nbgrader may run: nbgrader has no sandbox, so never the ones
# that loop forever, flood their output or allocate 20 GB.
SUBMISSIONS = [
    "full-marks",
    "partial-no-autograd",
    "wrong-bce-sign",
    "compile-error",
    "edited-test-always-passes",
    "deleted-test-cell",
    "forges-result-line",
]
STUB = re.compile(r'panic\("not implemented(: \w+)?"\)')


class Failure(Exception):
    pass


def run(args, cwd, env):
    p = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise Failure(f"{' '.join(args)} failed ({p.returncode}):\n{p.stdout[-2000:]}{p.stderr[-3000:]}")
    return p.stdout + p.stderr


def sources(path):
    with open(path) as f:
        nb = json.load(f)
    return [(c["cell_type"], c.get("metadata", {}).get("nbgrader", {}).get("grade_id"), "".join(c["source"])) for c in nb["cells"]]


def compare_release(course, assignment):
    ours = sources(os.path.join(REPO, "notebooks", "assignments", assignment + ".ipynb"))
    theirs = sources(os.path.join(course, "release", assignment, assignment + ".ipynb"))
    if len(ours) != len(theirs):
        raise Failure(f"{assignment}: nbgrader released {len(theirs)} cells, dlfun release {len(ours)}")
    stubs = 0
    for (kt, gt, st), (ko, go, so) in zip(theirs, ours):
        if (kt, gt) != (ko, go):
            raise Failure(f"{assignment}: cell {gt or go}: nbgrader's release and ours differ in kind or grade_id")
        if st == so:
            continue
        # the one allowed difference: the stub's message
        if STUB.sub("STUB", st) != STUB.sub("STUB", so):
            raise Failure(f"{assignment}: cell {gt}: nbgrader released\n{st}\nbut dlfun release wrote\n{so}")
        stubs += 1
    return stubs


def explain(student, cell, nbg, ours, maximum, autograded_missing):
    """Why nbgrader's score nbg and dlfun grade's ours differ, or None when
    no documented reason covers it."""
    if nbg == ours:
        return "same"
    if autograded_missing and nbg == 0:
        # nbgrader scores a test cell missing from the submission 0;
        # dlfun grade runs the source's test cells, whatever was deleted.
        return "deleted test cell"
    if nbg == 0 and 0 < ours < maximum:
        # dlfun grade counts passed checks; nbgrader gives 0 to a cell
        # with an error and reads partial credit only from execute_result,
        # which GoNB never sends.
        return "partial credit"
    return None


def main():
    venv_bin = os.path.dirname(sys.executable)
    go = shutil.which("go") or sys.exit("nbgradertest: the go command is not on PATH")
    tmp = tempfile.mkdtemp(prefix="dlfun-nbgrader-")
    course = os.path.join(tmp, "course")
    os.makedirs(course)
    shutil.copy(os.path.join(REPO, "teachers", "nbgrader_config.py"), course)
    shutil.copytree(os.path.join(REPO, "teachers", "source"), os.path.join(course, "source"))
    prefix = os.path.join(tmp, "prefix")
    # Only this test's kernelspec: a kernelspec left in the user's Jupyter
    # folder (~/.local/share/jupyter, searched first) by another checkout
    # would otherwise win and may name a GoNB that no longer exists.
    jupyter_data = os.path.join(prefix, "share", "jupyter")
    env = dict(
        os.environ,
        PATH=venv_bin + os.pathsep + os.environ["PATH"],
        JUPYTER_PATH=jupyter_data,
        JUPYTER_DATA_DIR=jupyter_data,
        JUPYTER_CONFIG_DIR=os.path.join(tmp, "jupyter-config"),
        JUPYTER_RUNTIME_DIR=os.path.join(tmp, "jupyter-runtime"),
    )
    run([go, "run", "./kernel/cmd/dlfun", "install", "--prefix", prefix], REPO, env)

    # 1. the release
    assignments = sorted(os.listdir(os.path.join(course, "source")))
    for a in assignments:
        run(["nbgrader", "generate_assignment", a, "--force"], course, env)
        stubs = compare_release(course, a)
        print(f"nbgradertest: {a}: nbgrader's release = dlfun release, except {stubs} stub messages")

    # 2. the grades
    for s in SUBMISSIONS:
        d = os.path.join(course, "submitted", s, ASSIGNMENT)
        os.makedirs(d)
        shutil.copy(os.path.join(FIXTURES, s + ".ipynb"), os.path.join(d, ASSIGNMENT + ".ipynb"))
        run(["nbgrader", "db", "student", "add", s], course, env)
    run(["nbgrader", "autograde", ASSIGNMENT, "--force"], course, env)
    nbg = {}
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + os.path.join(course, "gradebook.db")) as gb:
        for s in SUBMISSIONS:
            sub = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, s)
            nbg[s] = {g.name: (g.score, g.auto_score is None, g.max_score) for g in sub.grades}
    out = os.path.join(tmp, "dlfun-grade")
    subs = [os.path.join(course, "submitted", s, ASSIGNMENT, ASSIGNMENT + ".ipynb") for s in SUBMISSIONS]
    run([go, "run", "./kernel/cmd/dlfun", "grade", "--source", os.path.join(course, "source", ASSIGNMENT, ASSIGNMENT + ".ipynb"), "--out", out] + subs, REPO, env)
    with open(os.path.join(out, "grades.csv")) as f:
        ours = {row["student"]: row for row in csv.DictReader(f)}

    unexplained = []
    print("\n| submission | cell | max | nbgrader | dlfun grade | why they differ |\n|---|---|---|---|---|---|")
    for s in SUBMISSIONS:
        for cell, (score, missing, maximum) in nbg[s].items():
            mine = float(ours[s][cell])
            why = explain(s, cell, score, mine, maximum, missing)
            if why is None:
                unexplained.append(f"{s} {cell}: nbgrader {score:g}, dlfun grade {mine:g}")
                why = "UNEXPLAINED"
            print(f"| {s} | {cell} | {maximum:g} | {score:g} | {mine:g} | {why if why != 'same' else ''} |")
        total = sum(v[0] for v in nbg[s].values())
        print(f"| **{s}** | total | {sum(v[2] for v in nbg[s].values()):g} | **{total:g}** | **{float(ours[s]['total']):g}** | |")
    shutil.rmtree(tmp, ignore_errors=True)
    if unexplained:
        raise Failure("scores differ for no documented reason: " + "; ".join(unexplained))
    print("\nnbgradertest: ok")


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"nbgradertest: FAIL: {e}", file=sys.stderr)
        sys.exit(1)
