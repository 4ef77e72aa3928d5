# dlfun: the two commands a newcomer needs are `make lab` and `make test`.
GO ?= go

.PHONY: lab test test-arm64 install vet echarts labextension html bench hubdeps hubtest nbgradertest

## lab: install the Go kernel if needed and start JupyterLab on notebooks/
## (installing the pinned python/requirements-lab.txt into .venv/ when the
## machine has no JupyterLab); `make lab LAB=--notebook` for jupyter notebook
lab:
	$(GO) run ./kernel/cmd/lab $(LAB)

## test: the whole suite: gofmt and go vet, then every test, including
## notebooks executed through the real kernel (installed into a temporary
## Jupyter data folder by the tests themselves, with GOPROXY=off)
test: vet echarts labextension
	$(GO) mod download   # every module in go.mod, incl. GoMNIST's data files, before tests run offline
	$(GO) test -count=1 -timeout 45m $$($(GO) list ./... | grep -v '/notebooks$$')
	@# The course last and alone: its budgets (90 s a notebook) are those of a
	@# class machine running one notebook, not of one running the whole suite.
	$(GO) test -count=1 -timeout 30m ./notebooks/
	$(MAKE) test-arm64
	$(MAKE) hubtest
	$(MAKE) nbgradertest

## test-arm64: the library's tests (dl, datasets) built for arm64, the CPU of
## students' Apple laptops, where none of the amd64 assembly runs, and run
## under qemu user emulation (Debian package qemu-user-static; about 75 s).
## Skipped with a note when qemu is missing, except in CI.
test-arm64:
	@if command -v qemu-aarch64-static >/dev/null; then \
		echo "GOARCH=arm64 go vet + go test under qemu-aarch64-static: ./dl/... ./datasets/... ./internal/..."; \
		GOARCH=arm64 $(GO) vet ./dl/... ./datasets/... ./internal/... && \
		GOARCH=arm64 $(GO) test -count=1 -timeout 20m -exec qemu-aarch64-static ./dl/... ./datasets/... ./internal/...; \
	elif [ -n "$$CI" ]; then \
		echo "test-arm64: qemu-aarch64-static is missing (apt-get install qemu-user-static)"; exit 1; \
	else \
		echo "test-arm64: skipped, qemu-aarch64-static is missing (apt-get install qemu-user-static)"; \
	fi

## vet: gofmt check and go vet
vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './bin/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

## install: build bin/ tools, install the "dlfun" kernelspec for this user
install:
	$(GO) run ./kernel/cmd/dlfun install

## echarts: fetch the browser libraries from npm, checked by SHA-256:
## echarts.min.js (charts) and KaTeX (formulas in exported pages) into
## kernel/assets/ — `install` fetches echarts by itself when it is missing
echarts:
	$(GO) run ./kernel/assets/fetchecharts

## labextension: build the JupyterLab 4 / Notebook 7 chart renderer
## (kernel/labextension: TypeScript, ECharts 5 bundled from npm, exactly the
## versions of its package-lock.json via `npm ci`) into
## kernel/labextension/build/@dlfun/echarts, which `dlfun install` copies
## into the Jupyter data folder. Needs Node.js/npm and jupyter-builder (in
## $(VENV)/bin, the venv of `make lab`, or on PATH). Rebuilds only when a
## source changed; skipped with a note when a tool is missing, except in CI.
VENV ?= .venv
LABEXT := kernel/labextension
LABEXT_OUT := $(LABEXT)/build/@dlfun/echarts
labextension:
	@export PATH="$(abspath $(VENV))/bin:$$PATH"; \
	if command -v npm >/dev/null && command -v jupyter-builder >/dev/null; then \
		$(MAKE) --no-print-directory -s $(LABEXT_OUT)/package.json; \
	elif [ -n "$$CI" ]; then \
		echo "labextension: npm or jupyter-builder is missing (Node.js 20; pip install -r python/requirements-dev.txt into $(VENV))"; exit 1; \
	else \
		echo "labextension: skipped, npm or jupyter-builder is missing (install Node.js, and run make lab for $(VENV)); JupyterLab then shows charts only in trusted notebooks"; \
	fi

$(LABEXT)/node_modules/.package-lock.json: $(LABEXT)/package-lock.json
	@echo "labextension: npm ci (the packages of kernel/labextension/package-lock.json: echarts, @jupyter/builder, typescript, …)"
	cd $(LABEXT) && npm ci --no-audit --no-fund --loglevel=error

$(LABEXT_OUT)/package.json: $(LABEXT)/node_modules/.package-lock.json $(LABEXT)/package.json $(LABEXT)/tsconfig.json $(wildcard $(LABEXT)/src/*.ts)
	@echo "labextension: tsc + jupyter-builder build"
	@rm -rf $(LABEXT)/build $(LABEXT)/lib
	cd $(LABEXT) && npm run --silent build 2>&1 | grep -v "asset size limit\|exceed the recommended\|Assets:\|KiB)" || true
	@test -f $@ || { echo "labextension: the build wrote no $@"; exit 1; }

## html: execute the course notebooks (notebooks/NN-*.ipynb only: scratch
## notebooks such as Untitled.ipynb are left out) and export them as offline
## HTML pages in build/html and offline reveal.js slides in build/slides
COURSE := $(wildcard notebooks/[0-9][0-9]-*.ipynb)
html: echarts
	$(GO) run ./kernel/cmd/dlfun install
	$(GO) run ./kernel/cmd/dlfun run --out build/executed $(COURSE)
	$(GO) run ./kernel/cmd/dlfun export $(patsubst notebooks/%,build/executed/%,$(COURSE)) --html build/html --slides build/slides

# The hash-locked JupyterHub and nbgrader (python/requirements-dev.txt), which
# .ci/run installs into .venv; without it the hub tests are skipped, except in CI.
VENV ?= .venv

## hubdeps: configurable-http-proxy, JupyterHub's proxy, from npm as pinned
## in deploy/package-lock.json (npm ci, no install scripts)
hubdeps:
	cd deploy && npm ci --ignore-scripts --no-audit --no-fund

## hubtest: a class on JupyterHub with real traffic (deploy/README.md):
## HUBTEST_STUDENTS students (default 20) run notebook 01 at once through
## the hub's proxy; isolation, hub restart; figures in build/hubtest.json
hubtest:
	@if [ -x $(VENV)/bin/jupyterhub ]; then \
		$(MAKE) hubdeps && $(VENV)/bin/python deploy/hubtest/hubtest.py; \
	elif [ -n "$$CI" ]; then \
		echo "hubtest: $(VENV)/bin/jupyterhub is missing (.ci/run installs python/requirements-dev.txt)"; exit 1; \
	else \
		echo "hubtest: skipped, $(VENV)/bin/jupyterhub is missing (see .ci/run for the pip command)"; \
	fi

## nbgradertest: nbgrader generates and autogrades our assignments; its
## scores against dlfun grade's (docs/teachers.md, "nbgrader")
nbgradertest:
	@if [ -x $(VENV)/bin/nbgrader ]; then \
		$(VENV)/bin/python teachers/nbgradertest.py; \
	elif [ -n "$$CI" ]; then \
		echo "nbgradertest: $(VENV)/bin/nbgrader is missing (.ci/run installs python/requirements-dev.txt)"; exit 1; \
	else \
		echo "nbgradertest: skipped, $(VENV)/bin/nbgrader is missing (see .ci/run for the pip command)"; \
	fi

## bench: dlfun against PyTorch (Debian python3-torch via /usr/bin/python3) on
## this machine, both sides in one run; prints the table of ratios with goals
## and PASS/MISS (bench/README.md; about 5 minutes). Not part of `make test`.
## PyTorch runs without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE; the table names
## its BLAS and CPU, and refuses to compare against the reference BLAS
## (apt-get install libopenblas0-pthread).
bench:
	$(GO) run ./bench/cmd/benchtable
