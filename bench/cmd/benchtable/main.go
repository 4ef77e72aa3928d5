// Command benchtable runs dlfun's performance workloads and the same
// workloads in PyTorch on this machine, one after the other, and prints the
// table of ratios of issue 7 (`make bench`).
//
// PyTorch runs as installed by Debian (python3-torch, float32 on the CPU,
// torch.set_num_threads(2)) in two settings: "tuned", with
// OPENBLAS_NUM_THREADS=1 so that OpenBLAS does not start a second thread
// pool that fights PyTorch's for the 2 cores, and "default", as installed.
// The PyTorch scripts are bench/torch_*.py; they print JSON.
//
// dlfun's workloads run in child processes (this program started again with
// -child), one per run, so that each starts fresh like a notebook cell and
// its peak memory can be read. Every time is the median of -runs runs.
//
//	go run ./bench/cmd/benchtable             # everything, about 6 minutes
//	go run ./bench/cmd/benchtable -notebook=false -runs 1
//	go run ./bench/cmd/benchtable -only lenet  # the LeNet row alone
//
// Ratios are dlfun / PyTorch: for times, below 1 means dlfun is faster.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dlfun/dlfun/datasets"
	"github.com/dlfun/dlfun/dl"
	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// fmaPeak is the float64 AVX2 FMA peak of this machine's 2 cores in
// GFLOP/s, the reference of issue 7 and DESIGN.md (2 cores × 2 FMA units ×
// 4 float64 lanes × 2 flops at an AVX clock of about 2.25 GHz). The AVX-512
// units, which dl/internal/gemm also uses, double it.
const fmaPeak = 144.0

var (
	runs     = flag.Int("runs", 3, "runs of each workload (the table shows medians)")
	python   = flag.String("python", "/usr/bin/python3", "the Python that has Debian's torch")
	withNB   = flag.Bool("notebook", true, "measure the warm notebook cell (installs the kernel into a temporary folder)")
	withPT   = flag.Bool("torch", true, "run the PyTorch side")
	child    = flag.String("child", "", "internal: run one dlfun workload (epoch, batch1, logreg, lenet) and print JSON")
	withCNN  = flag.Bool("lenet", true, "measure the LeNet epoch (about 2 minutes per run in PyTorch on 2 busy cores)")
	progress = flag.Bool("v", true, "log each step to stderr")
	cpuProf  = flag.String("cpuprofile", "", "with -child: write a CPU profile of the workload to this file")
	only     = flag.String("only", "", "measure only these rows, comma-separated: "+strings.Join(rowNames, ", ")+" (default: all)")
)

// rowNames are the rows of the table, the names -only accepts.
var rowNames = []string{"matmul", "epoch", "batch1", "logreg", "lenet", "notebook"}

// selected reports whether row name is measured: without -only every row
// (LeNet's unless -lenet=false), else the rows -only names.
func selected(name string) bool {
	if *only == "" {
		return name != "lenet" || *withCNN
	}
	return slices.Contains(strings.Split(*only, ","), name)
}

// checkOnly fails on a name in -only that is not a row.
func checkOnly() error {
	if *only == "" {
		return nil
	}
	for _, n := range strings.Split(*only, ",") {
		if !slices.Contains(rowNames, n) {
			return fmt.Errorf("-only %q: no row %q; the rows are %s", *only, n, strings.Join(rowNames, ", "))
		}
	}
	return nil
}

func main() {
	flag.Parse()
	if *child != "" {
		runChild(*child)
		return
	}
	if err := checkOnly(); err != nil {
		fail(err)
	}
	repo, err := kernel.FindRepo(".")
	if err != nil {
		fail(err)
	}
	mnistDir, err := datasets.MNISTDir()
	if err != nil {
		fail(err)
	}
	blas, err := torchBLAS()
	if err != nil {
		fail(err)
	}
	if err := checkBLAS(blas); err != nil {
		fail(err)
	}
	logf("PyTorch's BLAS: %s", strings.Join(blas, ", "))
	load0 := loadAvg()
	start := time.Now()
	var rows []row
	if selected("matmul") {
		rows = append(rows, matmulRows(repo)...)
	}
	if selected("epoch") {
		rows = append(rows, epochRows(repo, mnistDir)...)
	}
	if selected("batch1") {
		rows = append(rows, batch1Row(repo, mnistDir))
	}
	if selected("logreg") {
		rows = append(rows, logregRow(repo))
	}
	if selected("lenet") {
		rows = append(rows, lenetRow(repo, mnistDir))
	}
	if selected("notebook") {
		rows = append(rows, notebookRow(repo))
	}
	fmt.Printf("\ndlfun vs PyTorch %s (BLAS: %s) on %s (%d CPUs, %s), %s; load average %s at start, %s at end; %d runs each, medians; took %s\n\n",
		torchVersion, strings.Join(blas, ", "), cpuName(), runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		load0, loadAvg(), *runs, time.Since(start).Round(time.Second))
	printTable(os.Stdout, rows)
}

// row is one line of the table. dl, tuned and def are in unit; a NaN is
// printed as "–" (not measured or not applicable).
type row struct {
	workload, unit string
	dl, tuned, def float64
	goal           string
	pass           bool
	notes          string
}

func printTable(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| workload | dlfun | PyTorch tuned | PyTorch default | dlfun/tuned | dlfun/default | goal | result | notes |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		result := "PASS"
		if !r.pass {
			result = "MISS"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.workload,
			num(r.dl, r.unit), num(r.tuned, r.unit), num(r.def, r.unit),
			ratio(r.dl, r.tuned), ratio(r.dl, r.def), r.goal, result, r.notes)
	}
}

func num(v float64, unit string) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', digits(v), 64) + " " + unit
}

func digits(v float64) int {
	switch a := math.Abs(v); {
	case a >= 100:
		return 0
	case a >= 10:
		return 1
	case a >= 1:
		return 2
	}
	return 3
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3g×", a/b)
}

// ---- matmul ----

// matmulRows runs the BenchmarkMatMul… benchmarks of dl/internal/gemm
// (dlfun's kernel and gonum's, through `go test -bench`) and
// bench/torch_matmul.py (OpenBLAS float64 and float32 through PyTorch).
func matmulRows(repo string) []row {
	logf("matmul: go test -bench BenchmarkMatMul ./dl/internal/gemm")
	out := goBench(repo, "./dl/internal/gemm", `^BenchmarkMatMul(Gonum)?(256|512|1024)$`)
	var tuned, def map[string]float64
	if *withPT {
		var t, d struct{ Gflops map[string]float64 }
		pyJSON(repo, true, &t, "torch_matmul.py")
		pyJSON(repo, false, &d, "torch_matmul.py")
		tuned, def = t.Gflops, d.Gflops
	}
	var rows []row
	for _, n := range []int{256, 512, 1024} {
		g, gonum := out[fmt.Sprintf("BenchmarkMatMul%d", n)], out[fmt.Sprintf("BenchmarkMatMulGonum%d", n)]
		tf64, df64 := get(tuned, fmt.Sprintf("f64_%d", n)), get(def, fmt.Sprintf("f64_%d", n))
		tf32, df32 := get(tuned, fmt.Sprintf("f32_%d", n)), get(def, fmt.Sprintf("f32_%d", n))
		openblas := max(tf64, df64) // OpenBLAS float64 at its best (1 or 2 threads)
		rows = append(rows, row{
			workload: fmt.Sprintf("matmul n=%d float64", n), unit: "GFLOP/s",
			dl: g, tuned: tf64, def: df64,
			goal: "≥ 40 GFLOP/s, ≥ 5× gonum, ≥ 40 % of OpenBLAS f64",
			pass: g >= 40 && g >= 5*gonum && g >= 0.4*openblas,
			notes: fmt.Sprintf("%.0f %% of the AVX2 FMA peak %.0f (AVX-512: twice that); %.1f× gonum (%.1f); %.0f %% of OpenBLAS f64 (best of tuned/default %.1f); PyTorch f32 %.0f / %.0f",
				100*g/fmaPeak, fmaPeak, g/gonum, gonum, 100*g/openblas, openblas, tf32, df32),
		})
	}
	return rows
}

func get(m map[string]float64, k string) float64 {
	if v, ok := m[k]; ok {
		return v
	}
	return math.NaN()
}

// goBench runs `go test -bench` on pkg and returns the median GFLOP/s of
// each benchmark over -runs counts.
func goBench(repo, pkg, pattern string) map[string]float64 {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchtime", "1s", "-count", strconv.Itoa(*runs), pkg)
	cmd.Dir = repo
	b, err := cmd.CombinedOutput()
	if err != nil {
		fail(fmt.Errorf("go test -bench %s %s: %v\n%s", pattern, pkg, err, b))
	}
	return parseBench(string(b))
}

// parseBench returns the median GFLOP/s metric of each benchmark in the
// output of `go test -bench` (the -N GOMAXPROCS suffix dropped).
func parseBench(output string) map[string]float64 {
	line := regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+.*?([\d.]+) GFLOP/s`)
	vals := map[string][]float64{}
	for _, l := range strings.Split(output, "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			v, _ := strconv.ParseFloat(m[3], 64)
			vals[m[1]] = append(vals[m[1]], v)
		}
	}
	out := map[string]float64{}
	for k, v := range vals {
		out[k] = median(v)
	}
	return out
}

// ---- MLP ----

// result is what a child run and the PyTorch scripts torch_mlp.py and
// torch_logreg.py print: the seconds (wall clock and CPU) of each run.
type result struct {
	Seconds    []float64 `json:"seconds"`
	CPUSeconds []float64 `json:"cpu_seconds"`
	Steps      int       `json:"steps"`
	MaxRSSMiB  float64   `json:"max_rss_mib"`
	Accuracy   float64   `json:"test_accuracy"`
	// The LeNet child also measures its two convolutions (forward and
	// backward at batch 64) and a 512×512×512 MatMul, in GFLOP/s.
	ConvGFLOPS float64 `json:"conv_gflops,omitempty"`
	GemmGFLOPS float64 `json:"gemm_gflops,omitempty"`
}

// dlfun runs the dlfun workload name in a child process: -runs runs in one
// process, like the PyTorch scripts do.
func dlfun(name string, runs int) result {
	logf("dlfun %s, %d runs", name, runs)
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	cmd := exec.Command(self, "-child", name, "-runs", strconv.Itoa(runs))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		fail(fmt.Errorf("child %s: %v\n%s", name, err, b))
	}
	var r result
	if err := json.Unmarshal(b, &r); err != nil {
		fail(fmt.Errorf("child %s printed %q: %v", name, b, err))
	}
	return r
}

func epochRows(repo, mnistDir string) []row {
	g := dlfun("epoch", *runs)
	var t, d result
	if *withPT {
		logf("PyTorch MLP epoch, tuned and default")
		pyJSON(repo, true, &t, "torch_mlp.py", "epoch", mnistDir, strconv.Itoa(*runs))
		pyJSON(repo, false, &d, "torch_mlp.py", "epoch", mnistDir, strconv.Itoa(*runs))
	}
	dlT, tT, dT := median(g.Seconds), median(t.Seconds), median(d.Seconds)
	epoch := row{
		workload: "MNIST MLP 784-256-128-10, Adam, batch 64, one epoch", unit: "s",
		dl: dlT, tuned: tT, def: dT,
		goal: "≤ 1.0× PyTorch default (stretch ≤ 1.0× tuned)",
		pass: dlT <= dT,
		notes: fmt.Sprintf("stretch %s; CPU s dlfun %.2f, PyTorch %.2f / %.2f; test accuracy dlfun %.1f %%, PyTorch %.1f %% / %.1f %%",
			passMiss(dlT <= tT), median(g.CPUSeconds), median(t.CPUSeconds), median(d.CPUSeconds), 100*g.Accuracy, 100*t.Accuracy, 100*d.Accuracy),
	}
	mem := row{
		workload: "peak memory (RSS) of that epoch, full MNIST loaded", unit: "MiB",
		dl: g.MaxRSSMiB, tuned: t.MaxRSSMiB, def: d.MaxRSSMiB,
		goal:  "≤ 300 MiB",
		pass:  g.MaxRSSMiB <= 300,
		notes: "peak RSS (getrusage) of the process that loaded MNIST and ran the epochs, before the test set is loaded for the accuracy",
	}
	if !*withPT {
		mem.tuned, mem.def = math.NaN(), math.NaN()
	}
	return []row{epoch, mem}
}

func batch1Row(repo, mnistDir string) row {
	g := dlfun("batch1", *runs)
	var t, d result
	if *withPT {
		logf("PyTorch MLP batch 1, tuned and default")
		pyJSON(repo, true, &t, "torch_mlp.py", "batch1", mnistDir, strconv.Itoa(*runs))
		pyJSON(repo, false, &d, "torch_mlp.py", "batch1", mnistDir, strconv.Itoa(*runs))
	}
	per := func(s float64) float64 { return s / 5000 * 1e3 } // ms/step
	dlT, tT, dT := per(median(g.Seconds)), per(median(t.Seconds)), per(median(d.Seconds))
	return row{
		workload: "same MLP, batch 1, 5000 steps", unit: "ms/step",
		dl: dlT, tuned: tT, def: dT,
		goal: "≥ 5× faster than PyTorch tuned (≤ 0.2×)",
		pass: dlT <= tT/5,
		notes: fmt.Sprintf("%.1f× faster than tuned; CPU ms/step dlfun %.3f, PyTorch %.3f / %.3f", tT/dlT,
			per(median(g.CPUSeconds)), per(median(t.CPUSeconds)), per(median(d.CPUSeconds))),
	}
}

// ---- CNN ----

func lenetRow(repo, mnistDir string) row {
	g := dlfun("lenet", *runs)
	var t, d result
	if *withPT {
		logf("PyTorch LeNet epoch, tuned and default")
		pyJSON(repo, true, &t, "torch_lenet.py", "epoch", mnistDir, strconv.Itoa(*runs))
		pyJSON(repo, false, &d, "torch_lenet.py", "epoch", mnistDir, strconv.Itoa(*runs))
	}
	dlT, tT, dT := median(g.Seconds), median(t.Seconds), median(d.Seconds)
	return row{
		workload: "MNIST LeNet conv5×5×6-pool-conv5×5×16-pool-120-84-10, Adam, batch 64, one epoch", unit: "s",
		dl: dlT, tuned: tT, def: dT,
		goal: "≤ 1.0× PyTorch tuned",
		pass: dlT <= tT,
		notes: fmt.Sprintf("CPU s dlfun %.2f, PyTorch %.2f / %.2f; peak RSS dlfun %.0f MiB, PyTorch %.0f / %.0f; test accuracy dlfun %.1f %%, PyTorch %.1f %% / %.1f %%; dlfun's convolutions (forward + backward) %.1f GFLOP/s, its GEMM (512³) %.1f",
			median(g.CPUSeconds), median(t.CPUSeconds), median(d.CPUSeconds), g.MaxRSSMiB, t.MaxRSSMiB, d.MaxRSSMiB,
			100*g.Accuracy, 100*t.Accuracy, 100*d.Accuracy, g.ConvGFLOPS, g.GemmGFLOPS),
	}
}

func logregRow(repo string) row {
	// A run takes about 5 ms in dlfun (0.13 s in PyTorch): the median of 3
	// so short runs is mostly noise on a shared machine, so both sides run
	// at least logregRuns times.
	n := max(*runs, logregRuns)
	g := dlfun("logreg", n)
	var t, d result
	if *withPT {
		logf("PyTorch logistic regression, tuned and default")
		csv := filepath.Join(repo, "datasets", "data", "people50.csv")
		pyJSON(repo, true, &t, "torch_logreg.py", csv, strconv.Itoa(n))
		pyJSON(repo, false, &d, "torch_logreg.py", csv, strconv.Itoa(n))
	}
	per := func(s float64) float64 { return s / 2000 * 1e6 } // µs/step
	dlT, tT, dT := per(median(g.Seconds)), per(median(t.Seconds)), per(median(d.Seconds))
	return row{
		workload: "logistic regression People50 (50×3), 2000 full-batch GD steps", unit: "µs/step",
		dl: dlT, tuned: tT, def: dT,
		goal: "≥ 20× faster than PyTorch (≤ 0.05×)",
		pass: dlT <= min(tT, dT)/20,
		notes: fmt.Sprintf("%.0f× faster than tuned, %.0f× than default; medians of %d runs; CPU µs/step dlfun %.2f, PyTorch %.1f / %.1f", tT/dlT, dT/dlT, n,
			per(median(g.CPUSeconds)), per(median(t.CPUSeconds)), per(median(d.CPUSeconds))),
	}
}

// logregRuns is the least number of runs of the logistic regression
// workload (see logregRow).
const logregRuns = 15

// ---- notebook ----

// notebookRow installs the kernel into a temporary Jupyter folder and runs
// a notebook of chart cells through it (kernel.RunNotebook, headless, as
// the notebook tests do). The first cell warms the build cache; the row is
// the median of the others, each a new cell (different source) that
// imports dl and shows a chart.
func notebookRow(repo string) row {
	r := row{workload: "warm notebook cell: import dl, show a chart (round trip)", unit: "s",
		tuned: math.NaN(), def: math.NaN(), goal: "≤ 0.7 s (GoNB + go-echarts alone: 0.62 s)"}
	if !*withNB {
		r.dl, r.notes = math.NaN(), "not measured (-notebook=false)"
		return r
	}
	logf("notebook: installing the kernel into a temporary Jupyter folder")
	tmp, err := os.MkdirTemp("", "dlfun-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	ctx := context.Background()
	inst, err := kernel.Install(ctx, kernel.InstallOptions{Repo: repo, DataDir: filepath.Join(tmp, "jupyter"), SkipPrewarm: true})
	if err != nil {
		fail(err)
	}
	const cells = 8 // the first warms up
	nb := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5}
	for i := 0; i < cells; i++ {
		src := fmt.Sprintf("import \"github.com/dlfun/dlfun/dl\"\n\n%%%%\ndl.Plot().Title(\"cell %d\").Line(\"y\", nil, []float64{1, 4, 9, %d}).Show()", i, i)
		nb.Cells = append(nb.Cells, &notebook.Cell{CellType: notebook.Code, ID: fmt.Sprintf("c%d", i), Source: notebook.Text(src)})
	}
	path := filepath.Join(tmp, "chart.ipynb")
	if err := nb.Write(path); err != nil {
		fail(err)
	}
	var ds []float64
	for i := 0; i < *runs; i++ {
		logf("notebook run %d/%d", i+1, *runs)
		res, err := kernel.RunNotebook(ctx, path, kernel.RunOptions{KernelSpecDir: inst.KernelDir, CellTimeout: time.Minute})
		if err != nil {
			fail(err)
		}
		if res.Err != nil {
			fail(res.Err)
		}
		if !strings.Contains(res.Cells[len(res.Cells)-1].Text(), "echarts") {
			fail(fmt.Errorf("the chart cell shows no chart: %q", res.Cells[len(res.Cells)-1].Text()))
		}
		for _, c := range res.Cells[1:] {
			ds = append(ds, c.Duration.Seconds())
		}
	}
	r.dl = median(ds)
	r.pass = r.dl <= 0.7
	r.notes = fmt.Sprintf("median of %d cells (%d runs × %d); min %.2f s, max %.2f s; headless (no gopls)", len(ds), *runs, cells-1, slices.Min(ds), slices.Max(ds))
	return r
}

// ---- the dlfun side of each workload (child processes) ----

// runChild runs a dlfun workload -runs times in this process, each run with
// a fresh model, and prints a result.
func runChild(name string) {
	var res result
	var run func() // one timed run
	var model dl.Module
	switch name {
	case "epoch":
		train := datasets.MNISTTrain()
		res.Steps = (train.Len() + 63) / 64
		run = func() {
			model = mlp()
			dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.Adam(1e-3)).Data(train, nil).
				BatchSize(64).Epochs(1).Seed(1).Progress(false).Run()
		}
	case "batch1":
		train := datasets.MNISTTrain().Take(5000)
		res.Steps = train.Len()
		run = func() {
			model = mlp()
			dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.Adam(1e-3)).Data(train, nil).
				BatchSize(1).Epochs(1).Seed(1).Progress(false).Run()
		}
	case "lenet":
		train := datasets.MNISTTrain().Images()
		res.Steps = (train.Len() + 63) / 64
		run = func() {
			model = lenet()
			dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.Adam(1e-3)).Data(train, nil).
				BatchSize(64).Epochs(1).Seed(1).Progress(false).Run()
		}
	case "logreg":
		people, _ := datasets.People50().Standardized()
		res.Steps = 2000
		run = func() {
			model = dl.Sequential(dl.Linear(3, 1), dl.Sigmoid())
			dl.Train(model).Loss(dl.BCE()).Optimizer(dl.GD(0.1)).Data(people, nil).
				BatchSize(50).Epochs(2000).NoShuffle().Progress(false).Run()
		}
	default:
		fail(fmt.Errorf("unknown child workload %q", name))
	}
	if *cpuProf != "" {
		pf, err := os.Create(*cpuProf)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	for i := 0; i < *runs; i++ {
		t0, c0 := time.Now(), cpuTime()
		run()
		res.Seconds = append(res.Seconds, time.Since(t0).Seconds())
		res.CPUSeconds = append(res.CPUSeconds, cpuTime()-c0)
	}
	res.MaxRSSMiB = maxRSS() // before the test set is loaded for the accuracy
	switch name {
	case "epoch":
		x, y := datasets.MNISTTest().Tensors()
		res.Accuracy = dl.Accuracy(model.Forward(x), y)
	case "lenet": // in batches of 1000: the first layer's output for all 10000 images is 376 MB
		x, y := datasets.MNISTTest().Images().Tensors()
		model.SetTraining(false)
		correct := 0.0
		for i := 0; i < x.Shape()[0]; i += 1000 {
			xb, yb := x.Slice(0, i, i+1000), y.Slice(0, i, i+1000)
			correct += 1000 * dl.Accuracy(model.Forward(xb), yb)
		}
		res.Accuracy = correct / float64(x.Shape()[0])
		res.ConvGFLOPS, res.GemmGFLOPS = convGFLOPS(), gemmGFLOPS()
	}
	json.NewEncoder(os.Stdout).Encode(res)
}

func mlp() dl.Module {
	return dl.Sequential(dl.Linear(784, 256), dl.ReLU(), dl.Linear(256, 128), dl.ReLU(), dl.Linear(128, 10))
}

// lenet is LeNet-5 with ReLU and max pooling, as bench/torch_lenet.py.
func lenet() dl.Module {
	return dl.Sequential(
		dl.Conv2d(1, 6, 5).Padding(2), dl.ReLU(), dl.MaxPool2d(2),
		dl.Conv2d(6, 16, 5), dl.ReLU(), dl.MaxPool2d(2),
		dl.Flatten(),
		dl.Linear(16*5*5, 120), dl.ReLU(),
		dl.Linear(120, 84), dl.ReLU(),
		dl.Linear(84, 10),
	)
}

// convGFLOPS times LeNet's two convolutions, forward and backward at batch
// 64 as in training (the first one computes no ∂L/∂x: images need none),
// and returns their GFLOP/s: 2 flops per multiply-add of each product.
func convGFLOPS() float64 {
	rng := dl.NewRNG(5)
	x1, x2 := rng.Rand(64, 1, 28, 28), rng.Rand(64, 6, 14, 14).RequiresGrad()
	c1, c2 := dl.Conv2d(1, 6, 5).Padding(2), dl.Conv2d(6, 16, 5)
	macs1, macs2 := 64*6*28*28*1*25.0, 64*16*10*10*6*25.0
	const reps = 50
	t0 := time.Now()
	for range reps {
		for _, step := range []struct {
			l *dl.Conv2dLayer
			x *dl.Tensor
		}{{c1, x1}, {c2, x2}} {
			loss := step.l.Forward(step.x).Sum()
			loss.Backward()
			loss.Release()
		}
	}
	return reps * 2 * (2*macs1 + 3*macs2) / time.Since(t0).Seconds() / 1e9
}

// gemmGFLOPS times a 512×512 by 512×512 MatMul and returns its GFLOP/s.
func gemmGFLOPS() float64 {
	rng := dl.NewRNG(6)
	a, b := rng.Rand(512, 512), rng.Rand(512, 512)
	a.MatMul(b).Release() // warm up
	const reps = 10
	t0 := time.Now()
	for range reps {
		a.MatMul(b).Release()
	}
	return reps * 2 * 512 * 512 * 512 / time.Since(t0).Seconds() / 1e9
}

func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// maxRSS returns the peak resident memory of this process in MiB (Linux
// reports KiB).
func maxRSS() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024
}

// ---- helpers ----

var torchVersion = "(not run)"

// pyJSON runs a PyTorch script of bench/ (tuned: OPENBLAS_NUM_THREADS=1;
// default: the variable removed) and decodes the JSON it prints into v.
func pyJSON(repo string, tuned bool, v any, script string, args ...string) {
	mode := "default"
	if tuned {
		mode = "tuned"
	}
	logf("PyTorch %s: %s %s", mode, script, strings.Join(args, " "))
	cmd := exec.Command(*python, append([]string{filepath.Join(repo, "bench", script)}, args...)...)
	cmd.Dir = filepath.Join(repo, "bench")
	cmd.Env = torchEnv()
	if tuned {
		cmd.Env = append(cmd.Env, "OPENBLAS_NUM_THREADS=1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		fail(fmt.Errorf("%s %s: %v\n%s", *python, script, err, stderr.String()))
	}
	if err := json.Unmarshal(b, v); err != nil {
		fail(fmt.Errorf("%s printed %q: %v", script, b, err))
	}
	var info struct{ Torch string }
	if json.Unmarshal(b, &info) == nil && info.Torch != "" {
		torchVersion = info.Torch
	}
}

// torchEnv is the environment PyTorch runs in: this process's, without
// OPENBLAS_NUM_THREADS (set per mode) and without OPENBLAS_CORETYPE and
// OPENBLAS_L2_SIZE, which some machines set and which slow a current
// OpenBLAS down (measured: 102 against 178 GFLOP/s in float32). Only
// PyTorch's side loses them; tests never do.
func torchEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// torchBLAS returns the BLAS libraries PyTorch has loaded after a matrix
// product (from /proc/self/maps of the Python process). Debian's
// python3-torch uses whatever the libblas.so.3 alternative points to.
func torchBLAS() ([]string, error) {
	const probe = `import torch
a = torch.ones(64, 64)
(a @ a).sum().item()
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l})
print("\n".join(libs))`
	cmd := exec.Command(*python, "-c", probe)
	cmd.Env = torchEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", *python, err, stderr.String())
	}
	return strings.Fields(string(out)), nil
}

// checkBLAS refuses to compare with a PyTorch that runs on the reference
// BLAS (5–6 GFLOP/s: every ratio against it would flatter dlfun).
func checkBLAS(libs []string) error {
	for _, l := range libs {
		if strings.Contains(strings.ToLower(l), "openblas") || strings.Contains(l, "mkl") || strings.Contains(l, "blis") {
			return nil
		}
	}
	return fmt.Errorf("PyTorch runs on the reference BLAS (%s), about 5 GFLOP/s: no ratio against it is fair; "+
		"install OpenBLAS (apt-get install libopenblas0-pthread) and run make bench again", strings.Join(libs, ", "))
}

// median returns the median of v (NaN if empty).
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func passMiss(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func cpuName() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(l, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return runtime.GOARCH
}

func logf(format string, args ...any) {
	if *progress {
		fmt.Fprintf(os.Stderr, "benchtable: "+format+"\n", args...)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(1)
}
