import { describe, expect, it } from 'vitest'
import { hann, RealFFT } from './fft'

function dft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  for (let k = 0; k <= n / 2; k++) {
    let sr = 0
    let si = 0
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n
      sr += (x[j] as number) * Math.cos(a)
      si += (x[j] as number) * Math.sin(a)
    }
    re[k] = sr
    im[k] = si
  }
  return { re, im }
}

describe('RealFFT', () => {
  it('runs PFFFT (WebAssembly SIMD) where it loads, for sizes that are multiples of 32', () => {
    expect(new RealFFT(2048).backend).toBe(process.env.SOUNDPRINT_FFT === 'js' ? 'js' : 'pffft')
    expect(new RealFFT(16).backend).toBe('js')
    expect(new RealFFT(2048, { backend: 'js' }).backend).toBe('js')
  })

  // The JS transform is float64 (≈ 1e-12 of the peak); PFFFT is float32 (≈ 1e-6 of √n·rms).
  for (const backend of ['js', 'auto'] as const) {
    for (const n of [8, 16, 64, 512, 2048]) {
      it(`matches a direct DFT at n = ${n} (${backend})`, () => {
        const x = new Float64Array(n)
        let s = 12345
        for (let j = 0; j < n; j++) {
          s = (s * 1103515245 + 12345) % 2147483648
          x[j] = s / 2147483648 - 0.5
        }
        const ref = dft(x)
        const fft = new RealFFT(n, { backend })
        const tol = fft.backend === 'js' ? 1e-9 : 2e-6 * n
        const re = new Float64Array(n / 2 + 1)
        const im = new Float64Array(n / 2 + 1)
        const pw = new Float64Array(n / 2 + 1)
        fft.forward(x, re, im)
        fft.power(x, pw)
        for (let k = 0; k <= n / 2; k++) {
          expect(Math.abs((re[k] as number) - (ref.re[k] as number))).toBeLessThan(tol)
          expect(Math.abs((im[k] as number) - (ref.im[k] as number))).toBeLessThan(tol)
          const p = (ref.re[k] as number) ** 2 + (ref.im[k] as number) ** 2
          expect(Math.abs((pw[k] as number) - p)).toBeLessThan(tol * (1 + 2 * Math.sqrt(p)))
        }
      })
    }

    it(`applies the window and offset on the fly (${backend})`, () => {
      const n = 64
      const x = new Float64Array(n + 10).map((_, j) => Math.sin(j * 0.3) + 0.1 * j)
      const w = hann(n)
      const fft = new RealFFT(n, { backend })
      const a = new Float64Array(n / 2 + 1)
      const b = new Float64Array(n / 2 + 1)
      fft.power(x, a, w, 10)
      fft.power(
        x.subarray(10).map((v, j) => v * (w[j] as number)),
        b,
      )
      for (let k = 0; k <= n / 2; k++) expect(a[k]).toBeCloseTo(b[k] as number, 9)
    })
  }

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFFT(1000)).toThrow(/power of two/)
  })
})
