# dlfun: the two commands a newcomer needs are `make lab` and `make test`.
GO ?= go

.PHONY: lab test install vet echarts html bench

## lab: install the Go kernel if needed and start JupyterLab on notebooks/
lab:
	$(GO) run ./kernel/cmd/dlfun lab

## test: the whole suite: gofmt and go vet, then every test, including
## notebooks executed through the real kernel (installed into a temporary
## Jupyter data folder by the tests themselves, with GOPROXY=off)
test: vet echarts
	$(GO) mod download   # every module in go.mod, incl. GoMNIST's data files, before tests run offline
	$(GO) test -count=1 -timeout 45m ./...

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
