// Command fetchecharts writes kernel/assets/echarts.min.js (the ECharts
// library every dlfun chart needs) from the npm package echarts, checking
// its SHA-256. Run it from the repository root:
//
//	go run ./kernel/assets/fetchecharts [-o path] [-f]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dlfun/dlfun/kernel/assets"
)

func main() {
	out := flag.String("o", assets.EChartsPath("."), "where to write echarts.min.js")
	force := flag.Bool("f", false, "fetch again even if the file exists")
	flag.Parse()
	if _, err := os.Stat(*out); err == nil && !*force {
		fmt.Println(*out, "already present")
		return
	}
	if err := assets.FetchECharts(*out); err != nil {
		fmt.Fprintln(os.Stderr, "fetchecharts:", err)
		os.Exit(1)
	}
	fmt.Println("wrote", *out, "(echarts", assets.EChartsVersion+")")
}
