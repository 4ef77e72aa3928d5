#!/bin/bash
# firstrun.sh measures a student's first `make lab` (README, "First run,
# measured"): a clone of this repository's HEAD in DIR, an empty Go build
# cache (the Go modules already downloaded), no kernel installed (empty
# Jupyter data, config and runtime folders), then `make lab` until the
# first code cell of 00-welcome has run in a kernel the server started.
#
#   bench/firstrun/firstrun.sh DIR            # fresh clone; make lab creates DIR/.venv from PyPI
#   bench/firstrun/firstrun.sh DIR keepvenv   # DIR is an earlier clone: keep its .venv, reset the rest
#
# Needs a python3 with jupyter_client ($PYTHON, else the first of python3
# and /usr/bin/python3 that has it; Debian: python3-jupyter-client) and a
# free port 8888. Prints the load average before and after, the three
# times, and make lab's output.
set -eu
dir=$1
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
if [ "${2:-}" = keepvenv ]; then
	git -C "$dir" fetch -q "$repo" HEAD
	git -C "$dir" reset -q --hard FETCH_HEAD
	git -C "$dir" clean -xdfq -e .venv
else
	rm -rf "$dir"
	git clone -q "$repo" "$dir"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GOCACHE=$tmp/gocache JUPYTER_DATA_DIR=$tmp/data JUPYTER_RUNTIME_DIR=$tmp/runtime \
	JUPYTER_CONFIG_DIR=$tmp/config JUPYTER_TOKEN=firstrun
mkdir -p "$GOCACHE" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR" "$JUPYTER_CONFIG_DIR"
py=${PYTHON:-}
for c in python3 /usr/bin/python3; do
	[ -n "$py" ] && break
	"$c" -c "import jupyter_client" 2>/dev/null && py=$c
done
[ -n "$py" ] || { echo "firstrun: no python3 with jupyter_client (apt-get install python3-jupyter-client)"; exit 1; }
cd "$dir"
echo "load before: $(cat /proc/loadavg)"
t0=$(date +%s.%N)
setsid make lab >"$tmp/lab.log" 2>&1 &
lab=$!
rc=0
timeout 900 "$py" "$repo/bench/firstrun/firstcell.py" "$t0" 8888 firstrun "$JUPYTER_RUNTIME_DIR" notebooks/00-welcome.ipynb || rc=$?
echo "load after: $(cat /proc/loadavg)"
kill -TERM -- "-$lab" 2>/dev/null || true
sleep 3
grep -v '^\[[IWD] \|^    \|^$' "$tmp/lab.log" || true
exit $rc
