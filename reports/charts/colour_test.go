package charts

import (
	"image/color"
	"math"
	"testing"

	"forecast/data"
)

// The colour test simulates the common colour-vision deficiencies on the
// charts' palette and measures the distance between colours as a reader
// sees them:
//
//   - simulation: Machado, Oliveira & Fernandes (2009), "A Physiologically-
//     based Model for Simulation of Color Vision Deficiency", IEEE TVCG
//     15(6):1291–1298, their matrices for protanopia, deuteranopia and
//     tritanopia at severity 1, applied to linear sRGB;
//   - distance: CIEDE2000 (CIE 142-2001), as written out by Sharma, Wu &
//     Dalal (2005), "The CIEDE2000 color-difference formula: implementation
//     notes, supplementary test data, and mathematical observations", Color
//     Research & Application 30(1):21–30, on CIELAB under D65.

// cvd are the Machado et al. (2009) matrices, severity 1.0, on linear RGB.
var cvd = map[string][3][3]float64{
	"normal": {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	"protanopia": {
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881}},
	"tritanopia": {
		{1.255528, -0.076749, -0.178779},
		{-0.078411, 0.930809, 0.147602},
		{0.004733, 0.691367, 0.303900}},
}

func toLinear(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// simulate returns c as seen with deficiency m, in linear RGB clamped to
// [0, 1].
func simulate(c color.RGBA, m [3][3]float64) [3]float64 {
	in := [3]float64{toLinear(c.R), toLinear(c.G), toLinear(c.B)}
	var out [3]float64
	for i := range 3 {
		out[i] = math.Min(1, math.Max(0, m[i][0]*in[0]+m[i][1]*in[1]+m[i][2]*in[2]))
	}
	return out
}

// lab converts linear sRGB to CIELAB, D65 white.
func lab(rgb [3]float64) [3]float64 {
	r, g, b := rgb[0], rgb[1], rgb[2]
	x := (0.4124564*r + 0.3575761*g + 0.1804375*b) / 0.95047
	y := 0.2126729*r + 0.7151522*g + 0.0721750*b
	z := (0.0193339*r + 0.1191920*g + 0.9503041*b) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// ciede2000 is the CIEDE2000 difference of two CIELAB colours (kL = kC =
// kH = 1), following Sharma et al. (2005), equations 1–23.
func ciede2000(c1, c2 [3]float64) float64 {
	deg := math.Pi / 180
	L1, a1, b1 := c1[0], c1[1], c1[2]
	L2, a2, b2 := c2[0], c2[1], c2[2]
	Cab := (math.Hypot(a1, b1) + math.Hypot(a2, b2)) / 2
	G := 0.5 * (1 - math.Sqrt(math.Pow(Cab, 7)/(math.Pow(Cab, 7)+math.Pow(25, 7))))
	a1p, a2p := (1+G)*a1, (1+G)*a2
	C1p, C2p := math.Hypot(a1p, b1), math.Hypot(a2p, b2)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) / deg
		if h < 0 {
			h += 360
		}
		return h
	}
	h1p, h2p := hue(b1, a1p), hue(b2, a2p)
	dLp, dCp := L2-L1, C2p-C1p
	var dhp float64
	switch {
	case C1p*C2p == 0:
		dhp = 0
	case math.Abs(h2p-h1p) <= 180:
		dhp = h2p - h1p
	case h2p-h1p > 180:
		dhp = h2p - h1p - 360
	default:
		dhp = h2p - h1p + 360
	}
	dHp := 2 * math.Sqrt(C1p*C2p) * math.Sin(dhp/2*deg)
	Lp, Cp := (L1+L2)/2, (C1p+C2p)/2
	var hp float64
	switch {
	case C1p*C2p == 0:
		hp = h1p + h2p
	case math.Abs(h1p-h2p) <= 180:
		hp = (h1p + h2p) / 2
	case h1p+h2p < 360:
		hp = (h1p + h2p + 360) / 2
	default:
		hp = (h1p + h2p - 360) / 2
	}
	T := 1 - 0.17*math.Cos((hp-30)*deg) + 0.24*math.Cos(2*hp*deg) + 0.32*math.Cos((3*hp+6)*deg) - 0.20*math.Cos((4*hp-63)*deg)
	dTheta := 30 * math.Exp(-math.Pow((hp-275)/25, 2))
	RC := 2 * math.Sqrt(math.Pow(Cp, 7)/(math.Pow(Cp, 7)+math.Pow(25, 7)))
	SL := 1 + 0.015*math.Pow(Lp-50, 2)/math.Sqrt(20+math.Pow(Lp-50, 2))
	SC := 1 + 0.045*Cp
	SH := 1 + 0.015*Cp*T
	RT := -math.Sin(2*dTheta*deg) * RC
	return math.Sqrt(math.Pow(dLp/SL, 2) + math.Pow(dCp/SC, 2) + math.Pow(dHp/SH, 2) + RT*(dCp/SC)*(dHp/SH))
}

// TestCIEDE2000 checks the formula on pairs of Sharma et al.'s (2005)
// test data (table 1, pairs 1, 7, 17 and 25).
func TestCIEDE2000(t *testing.T) {
	for _, tc := range []struct {
		a, b [3]float64
		want float64
	}{
		{[3]float64{50, 2.6772, -79.7751}, [3]float64{50, 0, -82.7485}, 2.0425},
		{[3]float64{50, 0, 0}, [3]float64{50, -1, 2}, 2.3669},
		{[3]float64{50, 2.5, 0}, [3]float64{73, 25, -18}, 27.1492},
		{[3]float64{60.2574, -34.0099, 36.2677}, [3]float64{60.4626, -34.1751, 39.4387}, 1.2644},
	} {
		if got := ciede2000(tc.a, tc.b); math.Abs(got-tc.want) > 5e-5 {
			t.Errorf("ΔE00(%v, %v) = %.4f, want %.4f", tc.a, tc.b, got, tc.want)
		}
	}
	// Lab of sRGB white and a primary (Lindbloom's sRGB, D65).
	if w := lab(simulate(white, cvd["normal"])); math.Abs(w[0]-100) > 1e-3 || math.Abs(w[1]) > 1e-3 || math.Abs(w[2]) > 1e-3 {
		t.Errorf("white: %v", w)
	}
	if r := lab(simulate(color.RGBA{255, 0, 0, 255}, cvd["normal"])); math.Abs(r[0]-53.24) > 0.01 || math.Abs(r[1]-80.09) > 0.01 || math.Abs(r[2]-67.20) > 0.01 {
		t.Errorf("red: %v", r)
	}
}

// minDeltaE is the least CIEDE2000 difference allowed between two colours
// a chart draws side by side, for every kind of vision: about ten units
// tell lines and markers apart at a glance, where 2 is just noticeable.
const minDeltaE = 10

// TestPalette checks, for every embedded election, that the colours of the
// candidates a chart shows together (each round's headline set) stay
// distinct from each other, from the result line and text (ink), the
// secondary grey, the grid and the background, with normal vision and
// under protanopia, deuteranopia and tritanopia.
func TestPalette(t *testing.T) {
	neutrals := map[string]color.RGBA{"ink (the result)": ink, "grey": grey, "grid": lightGr, "white": white}
	for _, id := range data.Elections() {
		d, err := data.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range d.Election.Rounds {
			named := map[string]color.RGBA{}
			var ids []string
			for _, c := range r.Headline {
				cand, _ := d.Election.Candidate(c)
				rgb, ok := hexColour(cand.Colour).(color.RGBA)
				if !ok {
					t.Fatalf("%s: %s has no colour (%q)", id, c, cand.Colour)
				}
				named[cand.Name] = rgb
				ids = append(ids, cand.Name)
			}
			for vision, m := range cvd {
				seen := func(c color.RGBA) [3]float64 { return lab(simulate(c, m)) }
				for i, a := range ids {
					for _, b := range ids[i+1:] {
						if de := ciede2000(seen(named[a]), seen(named[b])); de < minDeltaE {
							t.Errorf("%s round %d, %s: %s and %s are %.1f apart (ΔE00), under %d", id, r.Number, vision, a, b, de, minDeltaE)
						}
					}
					for n, c := range neutrals {
						if de := ciede2000(seen(named[a]), seen(c)); de < minDeltaE {
							t.Errorf("%s round %d, %s: %s and the %s are %.1f apart (ΔE00), under %d", id, r.Number, vision, a, n, de, minDeltaE)
						}
					}
				}
			}
		}
	}
}
