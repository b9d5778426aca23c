package weighting

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The synthetic sample behind the comparison with R survey and the
// benchmarks: respondents drawn with a known bias (too many women, older
// people and managers) from a fixed generator, so that the files in testdata
// can be rebuilt and checked byte for byte.
//
//	go test ./scoring/weighting -run TestSyntheticFiles -regen          # rewrite testdata/{sample,margins,joint}.csv
//	go test ./scoring/weighting -run TestSyntheticFiles -synth /tmp/w -synth.n 100000   # a large sample for timing
var (
	regen    = flag.Bool("regen", false, "rewrite the synthetic files in testdata")
	synthDir = flag.String("synth", "", "write a synthetic sample, margins and joint table to this directory")
	synthN   = flag.Int("synth.n", 100000, "respondents in the sample written by -synth")
)

// splitmix is SplitMix64 (Steele, Lea & Flood 2014): a generator defined here
// so that the files do not depend on the standard library's streams.
type splitmix uint64

func (s *splitmix) float() float64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// pick draws an index with probabilities proportional to p.
func (s *splitmix) pick(p []float64) int {
	t := 0.0
	for _, x := range p {
		t += x
	}
	u := s.float() * t
	for i, x := range p {
		if u < x {
			return i
		}
		u -= x
	}
	return len(p) - 1
}

// synthVar is a quota variable with its population counts per 100,000 and
// the (biased) probabilities with which the sample draws it.
type synthVar struct {
	name   string
	cats   []string
	pop    []int
	sample []float64
}

var synthVars = []synthVar{
	{"sex", []string{"F", "M"}, []int{52000, 48000}, []float64{56, 44}},
	{"age", []string{"18-24", "25-34", "35-49", "50-64", "65-74", "75+"},
		[]int{11000, 15000, 25000, 25000, 14000, 10000}, []float64{6, 10, 24, 30, 19, 11}},
	{"region", []string{"R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R11", "R12", "R13"},
		[]int{18000, 12000, 9000, 8000, 8000, 7000, 6000, 6000, 6000, 6000, 5000, 5000, 4000},
		[]float64{22, 10, 8, 9, 7, 8, 5, 6, 7, 5, 5, 4, 4}},
	{"occupation", []string{"farmer", "craft", "manager", "intermediate", "employee", "worker", "retired", "other"},
		[]int{1500, 3500, 9500, 14000, 16000, 12500, 33000, 10000}, nil},
}

// Occupation depends on age in the sample: mostly retired from 65.
var (
	occupationYoung = []float64{1, 3, 18, 20, 20, 8, 2, 28}
	occupationOld   = []float64{1, 1, 3, 2, 2, 1, 88, 2}
)

// jointSexAge is the population of sex × age per 100,000, for
// post-stratification; its margins are those of synthVars.
var jointSexAge = [2][6]int{
	{5400, 7500, 12600, 12900, 7500, 6100},
	{5600, 7500, 12400, 12100, 6500, 3900},
}

// synthetic returns a sample of n respondents (id, the four quota variables,
// a design weight dw, a 0/1 outcome vote and a 0–10 outcome scale with
// missing values), the margins as shares and the joint sex × age table.
func synthetic(n int, seed uint64) (sample, margins, joint []byte) {
	rng := splitmix(seed)
	var b bytes.Buffer
	b.WriteString("id,sex,age,region,occupation,dw,vote,scale\n")
	dws := []string{"0.5", "0.75", "1", "1.25", "1.5", "2"}
	for i := range n {
		sex := rng.pick(synthVars[0].sample)
		age := rng.pick(synthVars[1].sample)
		region := rng.pick(synthVars[2].sample)
		occ := occupationYoung
		if age >= 4 {
			occ = occupationOld
		}
		o := rng.pick(occ)
		dw := dws[rng.pick([]float64{1, 2, 4, 2, 1, 1})]
		p := 0.3 + 0.06*float64(age) + 0.1*float64(sex) - 0.15*b2f(o == 2) + 0.02*float64(region%3)
		vote := b2f(rng.float() < p)
		scale := ""
		if rng.float() >= 0.05 {
			scale = strconv.Itoa(min(10, int(rng.float()*6)+age+sex))
		}
		fmt.Fprintf(&b, "r%06d,%s,%s,%s,%s,%s,%g,%s\n", i+1, synthVars[0].cats[sex], synthVars[1].cats[age],
			synthVars[2].cats[region], synthVars[3].cats[o], dw, vote, scale)
	}
	var m bytes.Buffer
	m.WriteString("variable,category,target\n")
	for _, v := range synthVars {
		for k, c := range v.cats {
			fmt.Fprintf(&m, "%s,%s,%s\n", v.name, c, share(v.pop[k]))
		}
	}
	var j bytes.Buffer
	j.WriteString("sex,age,target\n")
	for s, row := range jointSexAge {
		for a, x := range row {
			fmt.Fprintf(&j, "%s,%s,%s\n", synthVars[0].cats[s], synthVars[1].cats[a], share(x))
		}
	}
	return b.Bytes(), m.Bytes(), j.Bytes()
}

func share(per100k int) string { return strconv.FormatFloat(float64(per100k)/100000, 'f', 5, 64) }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// The sample compared with R survey.
const (
	synthSeed = 7
	synthSize = 2000
)

// TestSyntheticFiles checks that testdata holds what the generator makes (or
// rewrites it with -regen), and writes a large sample with -synth.
func TestSyntheticFiles(t *testing.T) {
	if *synthDir != "" {
		s, m, j := synthetic(*synthN, synthSeed)
		for name, b := range map[string][]byte{"sample.csv": s, "margins.csv": m, "joint.csv": j} {
			if err := os.WriteFile(filepath.Join(*synthDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, m, j := synthetic(synthSize, synthSeed)
	for name, want := range map[string][]byte{"sample.csv": s, "margins.csv": m, "joint.csv": j} {
		path := filepath.Join("testdata", name)
		if *regen {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator makes: rebuild it with -regen, and the R reference with testdata/rake.R", path)
		}
	}
}
