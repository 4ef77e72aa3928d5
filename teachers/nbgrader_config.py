# nbgrader for the dlfun course: teachers/ is an nbgrader course directory
# (source/<assignment>/<assignment>.ipynb). Run nbgrader from here, e.g.
#
#   cd teachers && nbgrader generate_assignment logistic-regression
#   nbgrader autograde logistic-regression
#
# with the course kernel installed (`go run ./kernel/cmd/dlfun install`).
# What differs from `dlfun release` and `dlfun grade`: docs/teachers.md,
# "nbgrader".
c = get_config()  # noqa: F821 (defined by nbgrader when it loads this file)

# The markers the sources use (nbgrader's defaults, the same as `dlfun
# release`): a solution between BEGIN/END SOLUTION, hidden tests between
# BEGIN/END HIDDEN TESTS.
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# The stub a solution becomes, for the kernel language "go" (the language
# our kernelspec declares). nbgrader has one stub per language, so it
# cannot name the function as `dlfun release` does ("not implemented:
# sigmoid"); a function whose body is the stub still compiles, and calling
# it fails the test cell with a clear message.
c.ClearSolutions.code_stub = {
    "go": '// YOUR CODE HERE\npanic("not implemented")',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Grading runs every cell of a submission in our kernel. A Go cell that
# builds its program needs more than nbgrader's default 30 s when many run
# at once on a busy machine; a student's endless loop still stops here.
c.Execute.timeout = 120
