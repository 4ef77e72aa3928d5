//go:build ignore

// Solutions to the exercises of notebooks/02-gd-sgd-minibatch.ipynb, for
// teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: λ = 0.1 ends lowest; λ = 1 is the noisiest (most updates
// increase J). One sample's gradient points away from the full gradient
// by a lot; GD's steps shrink as ∇J → 0 near the minimum, SGD's keep the
// size of one sample's gradient times λ, so a large λ keeps it jumping
// around the minimum.
var sgdLowest, sgdNoisiest = 0.1, 1.0

// EXERCISE 2: the best λ grows with the batch: 0.1 for batches of 1, 1 for
// 10, 10 for 50 (J ≈ 0.389 for all three). A batch of B samples averages B
// gradients: less noise, so larger steps are safe, and GD makes 50 times
// fewer updates per epoch than SGD and needs larger ones.
var bestLR = map[int]float64{1: 0.1, 10: 1, 50: 10}

// EXERCISE 3: 1, 3 and 13 escapes of 20: escaping starts around λ = 0.02–0.03,
// where the kicks (λ·aᵢ with aᵢ of spread 4) become larger than the
// shallow valley's barrier. With a large λ the runs keep jumping between
// the valleys and end wherever the last kicks left them. GD escapes only
// if it starts left of the barrier's top (w below about 0.07, where J′ = 0).
var escapes = map[float64]int{0.02: 1, 0.03: 3, 0.1: 13}

// EXERCISE 4: after one epoch: batch 64 J ≈ 0.390, batch 1 J ≈ 0.428 (its
// last steps are noisy), full batch 0.721 (one single step). Mini-batches
// of 64: nearly SGD's progress per sample, with far less noise and far
// faster steps.
var oneEpochPick = 64
