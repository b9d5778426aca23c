package nb

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// TestHTMLTable: each number column gets the decimals its values need, up
// to three (three significant digits for small values, none at 100 and
// above), a missing value is "–", and text is escaped.
func TestHTMLTable(t *testing.T) {
	df := dataframe.New(
		series.New([]string{"<Elabe>", "Ifop"}, series.String, "series"),
		series.New([]float64{0.5, 2}, series.Float, "half"),
		series.New([]float64{0.0012345, 123.4567}, series.Float, "fine"),
		series.New([]float64{1, math.NaN()}, series.Float, "gap"),
	)
	got, err := HTMLTable(df)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<th>series</th><th>half</th><th>fine</th><th>gap</th>",
		"<tr><td>&lt;Elabe&gt;</td><td>0.5</td><td>0.00123</td><td>1</td></tr>",
		"<tr><td>Ifop</td><td>2.0</td><td>123</td><td>–</td></tr>"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	bad := errors.New("bad")
	if _, err := HTMLTable(dataframe.DataFrame{Err: bad}); err != bad {
		t.Errorf("a DataFrame's error is not returned: %v", err)
	}
	if h := Head(df, 1); h.Nrow() != 1 || Head(df, 5).Nrow() != 2 {
		t.Errorf("Head: %d rows", h.Nrow())
	}
}
