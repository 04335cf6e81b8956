import { describe, expect, it } from 'vitest'
import { rng } from '../../../test/helpers/signals'
import { kWeighting } from '../analysis/loudness'
import { JsStereoKernel, type StereoKernel, type StereoSums, WasmStereoKernel } from './time-domain-kernel'
import { wasmSimdAvailable } from './wasm-assembler'

const empty = (): StereoSums => ({ k: 0, ll: 0, rr: 0, lr: 0, l: 0, r: 0, peak: 0 })

function signal(n: number, seed: number): Float32Array {
  const r = rng(seed)
  const x = new Float32Array(n)
  for (let i = 0; i < n; i++) x[i] = 0.6 * Math.sin(i * 0.013 * seed) + 0.3 * (2 * r() - 1) + 0.01
  return x
}

/** Runs a kernel over [0, n) in segments of the given lengths (cycled) and totals the sums. */
function total(kernel: StereoKernel, left: Float32Array, right: Float32Array, lengths: number[]): StereoSums {
  const t = empty()
  const seg = empty()
  kernel.load(left, right)
  for (let i = 0, j = 0; i < left.length; j++) {
    const end = Math.min(left.length, i + (lengths[j % lengths.length] as number))
    kernel.run(i, end, seg)
    t.k += seg.k
    t.ll += seg.ll
    t.rr += seg.rr
    t.lr += seg.lr
    t.l += seg.l
    t.r += seg.r
    t.peak = Math.max(t.peak, seg.peak)
    i = end
  }
  return t
}

describe.skipIf(!wasmSimdAvailable())('WasmStereoKernel', () => {
  const k = kWeighting(44100)
  const left = signal(50_000, 1)
  const right = signal(50_000, 2)
  right[12345] = -1.25 // the peak, on the right channel, above full scale

  it('computes what the scalar JS kernel computes, across any segmentation', () => {
    const ref = total(new JsStereoKernel(k), left, right, [2029])
    for (const lengths of [[2029], [1], [7, 1000, 3], [2048]]) {
      const got = total(new WasmStereoKernel(k, 1000), left, right, lengths) // grows to the chunk
      for (const key of Object.keys(ref) as (keyof StereoSums)[]) {
        expect(got[key], `${key} with segments ${lengths}`).toBeCloseTo(ref[key], 8)
        expect(Math.abs(got[key] - ref[key]) / Math.max(1, Math.abs(ref[key]))).toBeLessThan(1e-12)
      }
    }
    expect(ref.peak).toBe(1.25)
  })

  it('save/restore rewinds the filter memory', () => {
    const kernel = new WasmStereoKernel(k)
    const a = empty()
    const b = empty()
    kernel.load(left, right)
    kernel.run(0, 3000, a)
    kernel.save()
    kernel.run(3000, 6000, a)
    kernel.restore()
    kernel.run(3000, 6000, b)
    expect(b.k).toBe(a.k)
  })
})
