import { describe, expect, it } from 'vitest'
import { rng } from '../../../test/helpers/signals'
import { median5 } from '../analysis/median'
import { HpssKernel } from './hpss-kernel'
import { wasmSimdAvailable } from './wasm-assembler'

describe.skipIf(!wasmSimdAvailable())('HpssKernel', () => {
  const stride = 380
  const fine = 256

  it('time medians equal median5 of the five rows, cell by cell', () => {
    const k = new HpssKernel(stride, 5, fine)
    const r = rng(3)
    const ring = k.layout.ring
    // Powers spanning many decades, with ties.
    for (let i = 0; i < ring.length; i++) ring[i] = i % 7 === 0 ? 1 : Math.fround(10 ** (8 * r() - 4))
    k.timeMedians(2, 3, 4, 0, 1)
    for (let c = 0; c < stride; c++) {
      const v = [2, 3, 4, 0, 1].map((row) => ring[row * stride + c] as number)
      const want = Math.fround(median5(v[0] as number, v[1] as number, v[2] as number, v[3] as number, v[4] as number))
      expect(k.layout.median[c], `cell ${c}`).toBe(want)
    }
  })

  it('fine bins: harmonic when at least 9 of the 17 neighbours lie below H; sums the centre powers', () => {
    const k = new HpssKernel(stride, 5, fine)
    const r = rng(11)
    const { padded, median } = k.layout
    for (let i = 0; i < padded.length; i++) padded[i] = Math.fround(10 ** (6 * r() - 3))
    for (let c = 0; c < fine; c++) median[c] = Math.fround(10 ** (6 * r() - 3))
    let wantH = 0
    let wantAll = 0
    let harmonicBins = 0
    for (let c = 0; c < fine; c++) {
      let below = 0
      for (let j = 0; j < 17; j++) if ((padded[c + j] as number) < (median[c] as number)) below++
      const v = padded[c + 8] as number
      wantAll += v
      if (below > 8) {
        wantH += v
        harmonicBins++
      }
    }
    expect(harmonicBins).toBeGreaterThan(30)
    expect(harmonicBins).toBeLessThan(fine - 30)
    const out = new Float64Array(2)
    k.fineHarmonic(out)
    expect(Math.abs((out[0] as number) - wantH)).toBeLessThan(1e-5 * wantAll)
    expect(Math.abs((out[1] as number) - wantAll)).toBeLessThan(1e-5 * wantAll)
  })
})
