// Command genpeople writes the lecture's 50 people as CSV
// (datasets.People50().WriteCSV). It is run by `go generate ./datasets`,
// and datasets' tests check that data/people50.csv matches its output.
package main

import (
	"bytes"
	"flag"
	"log"
	"os"

	"github.com/dlfun/dlfun/datasets"
)

func main() {
	out := flag.String("o", "data/people50.csv", "output file")
	flag.Parse()
	var buf bytes.Buffer
	if err := datasets.People50().WriteCSV(&buf); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
