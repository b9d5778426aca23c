package weighting

import (
	"encoding/binary"
	"math/bits"
)

// groupCells numbers the cells of the cross-classification of the variables
// codes (codes[v][i] in [0, sizes[v])) in order of first appearance, and
// returns the cell of each row and the number of cells. It uses a dense table
// when the cross-classification is small, a map of mixed-radix keys otherwise,
// and a map of byte keys when the key does not fit in 64 bits.
func groupCells(codes [][]int32, sizes []int) (cell []int32, ncell int) {
	if len(codes) == 0 {
		panic("weighting: no variables")
	}
	n := len(codes[0])
	cell = make([]int32, n)
	prod, overflow := uint64(1), false
	for _, k := range sizes {
		hi, lo := bits.Mul64(prod, uint64(max(k, 1)))
		overflow = overflow || hi != 0
		prod = lo
	}
	switch {
	case overflow:
		ids := map[string]int32{}
		key := make([]byte, 4*len(codes))
		for i := range n {
			for v := range codes {
				binary.LittleEndian.PutUint32(key[4*v:], uint32(codes[v][i]))
			}
			c, ok := ids[string(key)]
			if !ok {
				c = int32(len(ids))
				ids[string(key)] = c
			}
			cell[i] = c
		}
		return cell, len(ids)
	case prod <= uint64(max(1<<16, 4*n)):
		keys := mixedRadix(codes, sizes, n)
		dense := make([]int32, prod)
		for i := range dense {
			dense[i] = -1
		}
		for i, k := range keys {
			if dense[k] < 0 {
				dense[k] = int32(ncell)
				ncell++
			}
			cell[i] = dense[k]
		}
		return cell, ncell
	}
	keys := mixedRadix(codes, sizes, n)
	ids := map[uint64]int32{}
	for i, k := range keys {
		c, ok := ids[k]
		if !ok {
			c = int32(len(ids))
			ids[k] = c
		}
		cell[i] = c
	}
	return cell, len(ids)
}

// mixedRadix returns Σ_v codes[v][i] · Π_{u<v} sizes[u] for each row i.
func mixedRadix(codes [][]int32, sizes []int, n int) []uint64 {
	keys := make([]uint64, n)
	stride := uint64(1)
	for v, c := range codes {
		for i, k := range c {
			keys[i] += uint64(k) * stride
		}
		stride *= uint64(max(sizes[v], 1))
	}
	return keys
}
