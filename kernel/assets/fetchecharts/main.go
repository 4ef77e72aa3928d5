// Command fetchecharts writes the browser libraries dlfun needs but does not
// carry, from npm, checking their SHA-256: kernel/assets/echarts.min.js (the
// ECharts library every chart needs) and kernel/assets/katex/ (KaTeX, which
// typesets formulas in exported pages) and kernel/assets/reveal/ (reveal.js,
// which shows exported slides). Run it from the repository root:
//
//	go run ./kernel/assets/fetchecharts [-o path] [-katex dir] [-reveal dir] [-f]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dlfun/dlfun/kernel/assets"
)

func main() {
	out := flag.String("o", assets.EChartsPath("."), "where to write echarts.min.js")
	katex := flag.String("katex", assets.KaTeXDir("."), "folder for KaTeX (\"\" to skip it)")
	reveal := flag.String("reveal", assets.RevealDir("."), "folder for reveal.js (\"\" to skip it)")
	force := flag.Bool("f", false, "fetch again even if the files exist")
	flag.Parse()
	failed := false
	if _, err := os.Stat(*out); err == nil && !*force {
		fmt.Println(*out, "already present")
	} else if err := assets.FetchECharts(*out); err != nil {
		fmt.Fprintln(os.Stderr, "fetchecharts:", err)
		failed = true
	} else {
		fmt.Println("wrote", *out, "(echarts", assets.EChartsVersion+")")
	}
	switch {
	case *katex == "":
	case assets.HaveKaTeX(*katex) && !*force:
		fmt.Println(*katex, "already present")
	default:
		if err := assets.FetchKaTeX(*katex); err != nil {
			fmt.Fprintln(os.Stderr, "fetchecharts:", err)
			failed = true
		} else {
			fmt.Println("wrote", *katex, "(katex", assets.KaTeXVersion+")")
		}
	}
	switch {
	case *reveal == "":
	case assets.HaveReveal(*reveal) && !*force:
		fmt.Println(*reveal, "already present")
	default:
		if err := assets.FetchReveal(*reveal); err != nil {
			fmt.Fprintln(os.Stderr, "fetchecharts:", err)
			failed = true
		} else {
			fmt.Println("wrote", *reveal, "(reveal.js", assets.RevealVersion+")")
		}
	}
	if failed {
		os.Exit(1)
	}
}
