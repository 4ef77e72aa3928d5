//go:build ignore

// Solutions to the exercises of notebooks/04-momentum.ipynb, for teachers.
// Each "// EXERCISE n" section replaces the answer cell of exercise n;
// notebooks/exercises_test.go checks that every section passes its check
// cell (and that the released placeholders do not).
package main

// EXERCISE 1: on ½(x² + 10y²) with λ = 0.01, 150 steps: η = 0 ends 1.0
// away, 0.5 0.21, 0.8 1e-4 (best), 0.9 2e-3, 0.99 1.8. η = 0.9 still beats
// GD, but a rounder valley (condition number 10 instead of 100) wants less
// momentum: the theory's η* = ((√10−1)/(√10+1))² ≈ 0.27 holds for the best
// λ; with the small λ = 0.01 a little more momentum helps.
var bestEtaRound = 0.8

// EXERCISE 2: Polyak converges up to λ ≈ 0.0379 (theory 2(1+η)/b = 0.038),
// Nesterov only up to λ ≈ 0.0136 (theory 2(1+η)/(b(1+2η)) ≈ 0.01357): its
// look-ahead gradient makes it steadier in the steep direction at small λ,
// but it tolerates smaller steps.
var polyakMaxLR, nesterovMaxLR = 0.037, 0.0135

// EXERCISE 3: SGD(0.5) ends at a training loss of about 0.03, Momentum(0.5,
// 0.9) at about 0.28 with a jagged curve: momentum's effective step
// λ/(1−η) = 5 overshoots again and again.
var lowerAt05 = "SGD"

// EXERCISE 4: momentum ends closer on average (about 3.0 against 3.6): it
// averages the noisy gradients over about 1/(1−η) = 10 steps, so the
// noise partly cancels while the consistent pull along the valley adds up.
var noisyCloser = "Momentum"
