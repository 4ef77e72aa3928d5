package datasets

import "github.com/dlfun/dlfun/dl"

// Plot draws the table as a scatter plot of its first two features,
// coloured by class, with the column names on the axes and the table's
// name as title (see dl.PlotDataset). Show it from a notebook cell:
//
//	datasets.Moons(200, 0.1, 1).Plot().Show()
func (t *Table) Plot() *dl.Figure {
	title := t.Name
	if title == "" {
		title = "Data set"
	}
	return dl.PlotDatasetNamed(t, title, t.Features, t.Target)
}
