import { loadPffft, type PffftReal, sharedPffft } from '../wasm/pffft'

/**
 * Real FFT of a power-of-two length `n`, written for the analysis hot loops (no allocation per call,
 * precomputed twiddles and bit-reversal table, Float64 arithmetic).
 *
 * Definition: X[k] = Σ_{j=0}^{n−1} x[j]·e^{−2πijk/n}, k = 0..n/2 (the unnormalised DFT; the other
 * half is the conjugate mirror). Method: the n real samples are packed as n/2 complex values
 * z[j] = x[2j] + i·x[2j+1] (written straight into bit-reversed order, window applied on the way),
 * transformed by an iterative complex FFT whose radix-2 stages are fused pairwise into radix-4 passes
 * (interleaved re/im buffer), and split into the real spectrum with
 * X[k] = ½(Z[k] + Z*[h−k]) − ½i·e^{−2πik/n}(Z[k] − Z*[h−k]), h = n/2.
 * Windowing and |X|² happen inside the transform, with no extra passes or copies.
 *
 * Backends: where it loads (`../wasm/pffft.ts`: WebAssembly SIMD, float32; docs/analysis-performance.md) and n is a multiple
 * of 32, the transform itself runs in PFFFT and this class only windows the input into PFFFT's frame
 * and forms re/im or |X|² from its ordered output. The float64 JS transform below is the fallback and
 * the reference the tests hold PFFFT to; `{ backend: 'js' }` (or SOUNDPRINT_FFT=js) forces it.
 */
export class RealFFT {
  readonly size: number
  private readonly half: number
  /** Interleaved complex work buffer (re, im) of n/2 values: Z = FFT of the packed samples. */
  private readonly z: Float64Array
  /** Twiddles of the fused radix-4 passes (w1, w², per j), then of a final radix-2 pass if any. */
  private readonly tw: Float64Array
  /** e^{−2πik/n} for k ≤ n/4 (split twiddles). */
  private readonly cosN: Float64Array
  private readonly sinN: Float64Array
  /** Bit-reversal permutation of n/2 indices, pre-multiplied by 2 (interleaved offsets). */
  private readonly rev: Uint32Array
  /** The PFFFT transform of this size, or null when the JS transform runs. */
  private readonly wasm: PffftReal | null
  /** Which transform runs. */
  readonly backend: 'pffft' | 'js'
  /** The JS backend's input frame (PFFFT has its own in WebAssembly memory). */
  private readonly staging: Float32Array | null

  constructor(n: number, options: { backend?: 'auto' | 'js' } = {}) {
    if (n < 8 || (n & (n - 1)) !== 0) throw new Error(`RealFFT size must be a power of two ≥ 8, got ${n}`)
    this.size = n
    const module = options.backend === 'js' || n % 32 !== 0 ? null : loadPffft()
    this.wasm = module ? sharedPffft(module, n) : null
    this.backend = this.wasm ? 'pffft' : 'js'
    this.staging = this.wasm ? null : new Float32Array(n)
    const h = n >> 1
    this.half = h
    this.z = new Float64Array(n)
    this.tw = new Float64Array(4 * h)
    let o = 0
    let span = 4
    for (; 4 * span <= h; span <<= 2) {
      for (let j = 0; j < span; j++) {
        const a = (-2 * Math.PI * j) / (4 * span)
        this.tw[o++] = Math.cos(a)
        this.tw[o++] = Math.sin(a)
        this.tw[o++] = Math.cos(2 * a)
        this.tw[o++] = Math.sin(2 * a)
      }
    }
    if (span < h) {
      for (let j = 0; j < span; j++) {
        const a = (-2 * Math.PI * j) / (2 * span)
        this.tw[o++] = Math.cos(a)
        this.tw[o++] = Math.sin(a)
      }
    }
    this.cosN = new Float64Array((h >> 1) + 1)
    this.sinN = new Float64Array((h >> 1) + 1)
    for (let k = 0; k <= h >> 1; k++) {
      this.cosN[k] = Math.cos((2 * Math.PI * k) / n)
      this.sinN[k] = -Math.sin((2 * Math.PI * k) / n)
    }
    const bits = Math.log2(h)
    this.rev = new Uint32Array(h)
    for (let j = 0; j < h; j++) {
      let r = 0
      for (let b = 0, v = j; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1)
      this.rev[j] = 2 * r
    }
  }

  /**
   * Forward transform of `input[offset..offset+n)` (multiplied by `window[0..n)` on the fly when
   * given). Writes Re X[k] to `re[k]` and Im X[k] to `im[k]` for k = 0..n/2 (length ≥ n/2 + 1).
   */
  forward(
    input: ArrayLike<number>,
    re: Float64Array | Float32Array,
    im: Float64Array | Float32Array,
    window?: ArrayLike<number>,
    offset = 0,
  ): void {
    if (this.wasm) {
      const frame = this.wasm.input()
      const n = this.size
      if (window) for (let j = 0; j < n; j++) frame[j] = (input[offset + j] as number) * (window[j] as number)
      else for (let j = 0; j < n; j++) frame[j] = input[offset + j] as number
      const out = this.wasm.run()
      const h = this.half
      re[0] = out[0] as number
      im[0] = 0
      re[h] = out[1] as number
      im[h] = 0
      for (let k = 1; k < h; k++) {
        re[k] = out[2 * k] as number
        im[k] = out[2 * k + 1] as number
      }
      return
    }
    this.transformPacked(input, window, offset)
    this.split(re, im, null)
  }

  /**
   * Power spectrum |X[k]|² for k = 0..n/2 of `input[offset..offset+n)` times `window`, into `power`
   * (length ≥ n/2 + 1).
   */
  power(input: ArrayLike<number>, power: Float64Array | Float32Array, window?: ArrayLike<number>, offset = 0): void {
    if (!this.wasm) {
      this.transformPacked(input, window, offset)
      this.split(null, null, power)
      return
    }
    const frame = this.wasm.input()
    const n = this.size
    if (window) for (let j = 0; j < n; j++) frame[j] = (input[offset + j] as number) * (window[j] as number)
    else for (let j = 0; j < n; j++) frame[j] = input[offset + j] as number
    this.powerOfInput(power)
  }

  /**
   * The input frame (n samples) for `powerOfInput`: callers that window while they compute something
   * else over the same samples fill it directly and save a pass. Valid until the next transform of
   * this size by any RealFFT (PFFFT frames are shared per size within the process).
   */
  input(): Float32Array {
    return this.wasm ? this.wasm.input() : (this.staging as Float32Array)
  }

  /** Power spectrum |X[k]|², k = 0..n/2, of the frame in `input()`, into `power`. */
  powerOfInput(power: Float64Array | Float32Array): void {
    if (!this.wasm) {
      this.transformPacked(this.staging as Float32Array, undefined, 0)
      this.split(null, null, power)
      return
    }
    const out = this.wasm.run()
    const h = this.half
    const dc = out[0] as number
    const nyquist = out[1] as number
    power[0] = dc * dc
    power[h] = nyquist * nyquist
    for (let k = 1; k < h; k++) {
      const r = out[2 * k] as number
      const i = out[2 * k + 1] as number
      power[k] = r * r + i * i
    }
  }

  private transformPacked(input: ArrayLike<number>, window: ArrayLike<number> | undefined, offset: number): void {
    const h = this.half
    const z = this.z
    const rev = this.rev
    if (window) {
      for (let j = 0; j < h; j++) {
        const r = rev[j] as number
        const a = 2 * j
        z[r] = (input[offset + a] as number) * (window[a] as number)
        z[r + 1] = (input[offset + a + 1] as number) * (window[a + 1] as number)
      }
    } else {
      for (let j = 0; j < h; j++) {
        const r = rev[j] as number
        z[r] = input[offset + 2 * j] as number
        z[r + 1] = input[offset + 2 * j + 1] as number
      }
    }
    const n2 = 2 * h
    // Stages with spans 1 and 2 fused: radix-4 butterflies whose twiddles are 1 and −i.
    for (let i = 0; i < n2; i += 8) {
      const ar = z[i] as number
      const ai = z[i + 1] as number
      const br = z[i + 2] as number
      const bi = z[i + 3] as number
      const cr = z[i + 4] as number
      const ci = z[i + 5] as number
      const dr = z[i + 6] as number
      const di = z[i + 7] as number
      const s0r = ar + br
      const s0i = ai + bi
      const d0r = ar - br
      const d0i = ai - bi
      const s1r = cr + dr
      const s1i = ci + di
      const d1r = cr - dr
      const d1i = ci - di
      z[i] = s0r + s1r
      z[i + 1] = s0i + s1i
      z[i + 4] = s0r - s1r
      z[i + 5] = s0i - s1i
      z[i + 2] = d0r + d1i
      z[i + 3] = d0i - d1r
      z[i + 6] = d0r - d1i
      z[i + 7] = d0i + d1r
    }
    // Pairs of radix-2 stages (spans s and 2s) fused into radix-4 passes: 3 complex products per 4 points.
    const tw = this.tw
    let span = 4
    let o = 0
    for (; 4 * span <= h; span <<= 2) {
      const s2 = span << 1
      const s8 = span << 3
      for (let start = 0; start < n2; start += s8) {
        for (let j = 0, t = o; j < s2; j += 2, t += 4) {
          const w1r = tw[t] as number
          const w1i = tw[t + 1] as number
          const w2r = tw[t + 2] as number
          const w2i = tw[t + 3] as number
          const p0 = start + j
          const p1 = p0 + s2
          const p2 = p1 + s2
          const p3 = p2 + s2
          const ar = z[p0] as number
          const ai = z[p0 + 1] as number
          const xr = z[p1] as number
          const xi = z[p1 + 1] as number
          const br = xr * w2r - xi * w2i
          const bi = xr * w2i + xi * w2r
          const cr = z[p2] as number
          const ci = z[p2 + 1] as number
          const yr = z[p3] as number
          const yi = z[p3 + 1] as number
          const dr = yr * w2r - yi * w2i
          const di = yr * w2i + yi * w2r
          const a0r = ar + br
          const a0i = ai + bi
          const a1r = ar - br
          const a1i = ai - bi
          const c0r = cr + dr
          const c0i = ci + di
          const c1r = cr - dr
          const c1i = ci - di
          const t0r = c0r * w1r - c0i * w1i
          const t0i = c0r * w1i + c0i * w1r
          // (c1·w1)·(−i)
          const ur = c1r * w1r - c1i * w1i
          const ui = c1r * w1i + c1i * w1r
          z[p0] = a0r + t0r
          z[p0 + 1] = a0i + t0i
          z[p2] = a0r - t0r
          z[p2 + 1] = a0i - t0i
          z[p1] = a1r + ui
          z[p1 + 1] = a1i - ur
          z[p3] = a1r - ui
          z[p3 + 1] = a1i + ur
        }
      }
      o += 4 * span
    }
    if (span < h) {
      // One radix-2 stage left (odd number of stages).
      const s2 = span << 1
      for (let j = 0, t = o; j < s2; j += 2, t += 2) {
        const wr = tw[t] as number
        const wi = tw[t + 1] as number
        const q = j + s2
        const qr = z[q] as number
        const qi = z[q + 1] as number
        const tr = qr * wr - qi * wi
        const ti = qr * wi + qi * wr
        const pr = z[j] as number
        const pi = z[j + 1] as number
        z[j] = pr + tr
        z[j + 1] = pi + ti
        z[q] = pr - tr
        z[q + 1] = pi - ti
      }
    }
  }

  private split(
    re: Float64Array | Float32Array | null,
    im: Float64Array | Float32Array | null,
    power: Float64Array | Float32Array | null,
  ): void {
    const h = this.half
    const z = this.z
    const cosN = this.cosN
    const sinN = this.sinN
    const z0r = z[0] as number
    const z0i = z[1] as number
    // X[0] = Re z0 + Im z0, X[h] = Re z0 − Im z0 (both real).
    const x0 = z0r + z0i
    const xh = z0r - z0i
    if (power) {
      power[0] = x0 * x0
      power[h] = xh * xh
    } else if (re && im) {
      re[0] = x0
      im[0] = 0
      re[h] = xh
      im[h] = 0
    }
    for (let k = 1; k <= h >> 1; k++) {
      const m = h - k
      const ar = z[2 * k] as number
      const ai = z[2 * k + 1] as number
      const br = z[2 * m] as number
      const bi = z[2 * m + 1] as number
      // E = ½(Z[k] + Z*[m]), O = ½(Z[k] − Z*[m]), w = e^{−2πik/n}
      const er = 0.5 * (ar + br)
      const ei = 0.5 * (ai - bi)
      const or = 0.5 * (ar - br)
      const oi = 0.5 * (ai + bi)
      const wr = cosN[k] as number
      const wi = sinN[k] as number
      const tr = wr * or - wi * oi
      const ti = wr * oi + wi * or
      // X[k] = E − i·w·O; X[m] = conj(E) − i·conj(w·O) (since e^{−2πim/n} = −conj(w), O_m = −conj(O)).
      const xkr = er + ti
      const xki = ei - tr
      const xmr = er - ti
      const xmi = -ei - tr
      if (power) {
        power[k] = xkr * xkr + xki * xki
        power[m] = xmr * xmr + xmi * xmi
      } else if (re && im) {
        re[k] = xkr
        im[k] = xki
        re[m] = xmr
        im[m] = xmi
      }
    }
  }
}

/** Periodic Hann window of length n: w[j] = ½(1 − cos(2πj/n)), the STFT convention (sums exactly to n/2). */
export function hann(n: number): Float64Array {
  const w = new Float64Array(n)
  for (let j = 0; j < n; j++) w[j] = 0.5 * (1 - Math.cos((2 * Math.PI * j) / n))
  return w
}
