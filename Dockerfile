# JupyterHub-compatible single-user image: JupyterLab + Go + GoNB + dlfun.
#   docker build -t dlfun .
#   docker run --rm -p 8888:8888 dlfun
# Every step below is one CI runs too (go mod download, make echarts, dlfun install).
FROM quay.io/jupyter/base-notebook:latest

ARG GO_VERSION=1.26.0
ARG TARGETARCH=amd64

USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates git make gcc libc6-dev npm \
    && rm -rf /var/lib/apt/lists/* \
    && curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-${TARGETARCH}.tar.gz" | tar -C /usr/local -xz

# Go's module and build caches live outside $HOME, which JupyterHub often
# mounts as a fresh volume: the pre-warmed cache must survive that.
ENV PATH=/usr/local/go/bin:${PATH} \
    GOPATH=/opt/go \
    GOCACHE=/opt/go/cache \
    GOTOOLCHAIN=local
RUN mkdir -p /opt/go /opt/dlfun && chown -R "${NB_UID}:${NB_GID}" /opt/go /opt/dlfun
COPY --chown=${NB_UID}:${NB_GID} . /opt/dlfun

USER ${NB_UID}
WORKDIR /opt/dlfun
# Download modules (the only online step), then install offline as in CI:
# tools into bin/, the kernelspec into the image's Jupyter prefix (not
# $HOME), and a pre-warmed build cache.
# npm fetches echarts.min.js and KaTeX (SHA-256 checked), as `make echarts` does in CI.
RUN go mod download \
    && go run ./kernel/assets/fetchecharts \
    && go run ./kernel/cmd/dlfun install --prefix /opt/conda \
    && rm -rf bin/.tmp* /tmp/*

EXPOSE 8888
WORKDIR /opt/dlfun/notebooks
CMD ["start-notebook.py", "--ServerApp.root_dir=/opt/dlfun/notebooks"]
