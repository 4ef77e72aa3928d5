// Package dl is the one import a dlfun notebook needs: eager float64 tensors
// with autograd, layers, losses, optimizers, a training loop and plots.
package dl
