package datasets_test

import (
	"fmt"

	"github.com/dlfun/dlfun/datasets"
)

// The lecture's 50 people, standardised for training, and a new person
// measured on the same scale.
func ExamplePeople50() {
	people := datasets.People50()
	fmt.Println(people.Len(), "people:", people.Features, "→", people.Target)
	fmt.Println("first person:", people.Row(0), "overweight:", people.Y[0])

	std, scaler := people.Standardized()
	x, y := std.Tensors()
	fmt.Println("x", x.Shape(), "y", y.Shape())
	fmt.Printf("a 180 cm, 95 kg man: %.2f\n", scaler.Scale(180, 95, 1))
	// Output:
	// 50 people: [height_cm weight_kg gender] → overweight
	// first person: [166 62.4 0] overweight: 0
	// x [50 3] y [50]
	// a 180 cm, 95 kg man: [1.07 1.28 1.00]
}

// Toy 2-D sets take the number of points, the noise and a seed.
func ExampleMoons() {
	moons := datasets.Moons(200, 0.1, 1)
	fmt.Println(moons.Name, moons.Len(), "points,", moons.Classes, "classes, features", moons.Features)
	spirals := datasets.Spirals(300, 3, 0.02, 1)
	fmt.Println(spirals.Name, spirals.Len(), "points,", spirals.Classes, "classes")
	// Output:
	// moons 200 points, 2 classes, features [x1 x2]
	// spirals 300 points, 3 classes
}

// Mini-batches of 16 from 50 people: three full batches and a last one of
// 2, or exactly three with DropLast.
func ExampleNewLoader() {
	people, _ := datasets.People50().Standardized()
	loader := datasets.NewLoader(people, 16, 1)
	for x, y := range loader.Epoch(0) {
		fmt.Println("x", x.Shape(), "y", y.Shape())
	}
	fmt.Println(datasets.NewLoader(people, 16, 1).DropLast(true).NumBatches(), "batches with DropLast")
	fmt.Println(datasets.NewLoader(people, 1, 1).NumBatches(), "batches for SGD,",
		datasets.NewLoader(people, datasets.FullBatch, 1).NumBatches(), "for GD")
	// Output:
	// x [16 3] y [16]
	// x [16 3] y [16]
	// x [16 3] y [16]
	// x [2 3] y [2]
	// 3 batches with DropLast
	// 50 batches for SGD, 1 for GD
}

// MNIST for a quick classroom run: 100 images per digit, 10 % held out
// for validation.
func ExampleMNISTTrain() {
	train := datasets.MNISTTrain()
	fmt.Println(train)
	small := train.Balanced(100, 1)
	fit, val := small.Split(0.1, 1)
	fmt.Println(fit)
	fmt.Println(val)
	fmt.Println("digits per class:", small.ClassCounts())
	// Output:
	// MNIST train: 60000 images of 784 pixels, digits 0–9
	// MNIST train (100 per digit) (training part): 900 images of 784 pixels, digits 0–9
	// MNIST train (100 per digit) (validation part): 100 images of 784 pixels, digits 0–9
	// digits per class: [100 100 100 100 100 100 100 100 100 100]
}

// Augmentation wraps the training set: each batch gets new random
// rotations and shifts; Flatten feeds the result to an MLP.
func ExampleAugment() {
	train := datasets.MNISTTrain().Take(1000).Images() // 1×28×28 samples
	aug := datasets.Augment(train, 1,
		datasets.RandomRotation(10), datasets.RandomShift(2), datasets.Flatten())
	fmt.Println("sample shape", train.SampleShape(), "→", aug.SampleShape())
	for x, y := range datasets.NewLoader(aug, 64, 1).DropLast(true).Epoch(0) {
		fmt.Println("batch", x.Shape(), y.Shape())
		break
	}
	// Output:
	// sample shape [1 28 28] → [784]
	// batch [64 784] [64]
}

// AugmentBatch shows what the network will see.
func ExampleAugmentBatch() {
	x, _ := datasets.MNISTTest().Take(8).Images().Tensors() // 8×1×28×28
	crops := datasets.AugmentBatch(x, 1, datasets.RandomCrop(24, 0))
	fmt.Println(x.Shape(), "→", crops.Shape())
	// Output:
	// [8 1 28 28] → [8 1 24 24]
}

// ReadCSV reads the shipped table (or any CSV whose last column is the target).
func ExampleReadCSV() {
	people, err := datasets.ReadCSV("data/people50.csv")
	if err != nil {
		panic(err)
	}
	fmt.Println(people.Len(), "rows,", people.Features, "→", people.Target, "with", people.Classes, "classes")
	// Output:
	// 50 rows, [height_cm weight_kg gender] → overweight with 2 classes
}
