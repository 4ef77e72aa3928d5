#!/usr/bin/env bash
# beforeafter.sh: dl's Go benchmarks at two commits, on this machine, in one
# run, interleaved (old, new, old, new, …) so that a change in the machine's
# load hits both sides alike; prints the median ns/op of each side and the
# ratio new/old as a Markdown table.
#
#   bench/beforeafter/beforeafter.sh OLD NEW [ROUNDS] [BENCH-REGEXP]
#
# OLD and NEW are commits (NEW may be "." for the working tree). ROUNDS
# (default 7) is the number of runs per side; each run is one -count=1
# -benchtime=1s pass over the benchmarks matching BENCH-REGEXP (default: the
# ones `make bench`'s Go side relies on). Run it on a quiet machine: it warns
# when the load average is above 1. Only benchmarks present at both commits
# are compared.
set -euo pipefail
old=${1:?usage: beforeafter.sh OLD NEW [ROUNDS] [BENCH-REGEXP]}
new=${2:?usage: beforeafter.sh OLD NEW [ROUNDS] [BENCH-REGEXP]}
rounds=${3:-7}
re=${4:-'^Benchmark(MatMul64x784x256|ElementwiseChain64x256|OpOverhead2x2|MLPStep|LogRegGD2000|MLPAdamStep|AdamStepMLP|LeNetAdamStep|Conv2dLeNet)$'}
repo=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; git -C "$repo" worktree remove --force "$tmp/new" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

build() { # build COMMIT NAME: the dl test binary at COMMIT into $tmp/NAME.test
	local src=$repo
	if [ "$1" != . ]; then
		git -C "$repo" worktree add -q --detach "$tmp/$2" "$1"
		src=$tmp/$2
	fi
	(cd "$src" && go test -c -o "$tmp/$2.test" ./dl)
	echo "$2 = $1 ($(git -C "$src" rev-parse --short HEAD)$([ "$1" = . ] && ! git -C "$src" diff --quiet && echo ", with uncommitted changes"))" >&2
}
build "$old" old
build "$new" new

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN{exit !(l > 1)}'; then
	echo "beforeafter: warning: load average $load; the medians are not those of a quiet machine" >&2
fi
for r in $(seq "$rounds"); do
	for side in old new; do
		"$tmp/$side.test" -test.run '^$' -test.bench "$re" -test.count 1 -test.benchtime 1s -test.benchmem 2>/dev/null |
			awk -v side="$side" '/^Benchmark/ { name=$1; sub(/-[0-9]+$/, "", name); ns=al="-"
				for (i = 3; i <= NF; i++) { if ($i == "ns/op") ns=$(i-1); if ($i == "allocs/op") al=$(i-1) }
				print side, name, ns, "-", al }' >>"$tmp/results"
	done
	echo "round $r of $rounds done" >&2
done

echo "| benchmark | before ns/op (median of $rounds) | after | after/before | allocs/op before → after |"
echo "|---|---:|---:|---:|---|"
for name in $(awk '{print $2}' "$tmp/results" | sort -u); do
	med() { awk -v s="$1" -v n="$name" '$1 == s && $2 == n {print $3}' "$tmp/results" | sort -g | awk '{v[NR]=$1} END {if (NR) print (NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
	allocs() { awk -v s="$1" -v n="$name" '$1 == s && $2 == n {a=$5} END {print a}' "$tmp/results"; }
	b=$(med old) a=$(med new)
	if [ -z "$b" ] || [ -z "$a" ]; then continue; fi
	awk -v n="$name" -v b="$b" -v a="$a" -v ab="$(allocs old)" -v aa="$(allocs new)" \
		'BEGIN { printf "| %s | %.0f | %.0f | %.2f | %s → %s |\n", n, b, a, a / b, ab, aa }'
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(go version | cut -d' ' -f3-)"
