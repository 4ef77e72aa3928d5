# dlfun: the two commands a newcomer needs are `make lab` and `make test`.
GO ?= go

.PHONY: lab test test-arm64 install vet echarts html bench

## lab: install the Go kernel if needed and start JupyterLab on notebooks/
## (installing the pinned python/requirements-lab.txt into .venv/ when the
## machine has no JupyterLab); `make lab LAB=--notebook` for jupyter notebook
lab:
	$(GO) run ./kernel/cmd/dlfun lab $(LAB)

## test: the whole suite: gofmt and go vet, then every test, including
## notebooks executed through the real kernel (installed into a temporary
## Jupyter data folder by the tests themselves, with GOPROXY=off)
test: vet echarts
	$(GO) mod download   # every module in go.mod, incl. GoMNIST's data files, before tests run offline
	$(GO) test -count=1 -timeout 45m ./...
	$(MAKE) test-arm64

## test-arm64: the library's tests (dl, datasets) built for arm64, the CPU of
## students' Apple laptops, where none of the amd64 assembly runs, and run
## under qemu user emulation (Debian package qemu-user-static; about 75 s).
## Skipped with a note when qemu is missing, except in CI.
test-arm64:
	@if command -v qemu-aarch64-static >/dev/null; then \
		echo "GOARCH=arm64 go vet + go test under qemu-aarch64-static: ./dl/... ./datasets/..."; \
		GOARCH=arm64 $(GO) vet ./dl/... ./datasets/... && \
		GOARCH=arm64 $(GO) test -count=1 -timeout 20m -exec qemu-aarch64-static ./dl/... ./datasets/...; \
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

## html: execute the course and export it as offline HTML pages in build/html
html: echarts
	$(GO) run ./kernel/cmd/dlfun install
	$(GO) run ./kernel/cmd/dlfun run --out build/executed notebooks/*.ipynb
	$(GO) run ./kernel/cmd/dlfun export build/executed/*.ipynb --html build/html

## bench: dlfun against PyTorch (Debian python3-torch via /usr/bin/python3) on
## this machine, both sides in one run; prints the table of ratios with goals
## and PASS/MISS (bench/README.md; about 5 minutes). Not part of `make test`.
bench:
	$(GO) run ./bench/cmd/benchtable
