#!/usr/bin/env node
// The gain of each WebAssembly SIMD kernel (src/dsp-worker/wasm/) over its JavaScript twin, measured in
// this one run on synthetic input (CPU time, best of 8 after 2 warm-ups):
//   node scripts/bench-wasm.mjs [seconds=240]
// FFT: 2048-point power spectra of `seconds` of 22 050 Hz audio at hop 512 (PFFFT vs RealFFT's float64
// path); half-band 44.1 → 22.05 kHz and polyphase 24 → 22.05 kHz resampling; the stereo time-domain
// kernel (K-weighting and sums); the HPSS time medians over a 2049-bin spectrogram. Absolute times
// are noisy on a shared machine; compare the ratios.
import { createJiti } from 'jiti'

const jiti = createJiti(import.meta.url)
const { RealFFT, hann } = await jiti.import('../src/dsp-worker/analysis/fft.ts')
const { HalfbandDecimator, PolyphaseResampler } = await jiti.import('../src/dsp-worker/analysis/resample.ts')
const { JsStereoKernel, WasmStereoKernel } = await jiti.import('../src/dsp-worker/wasm/time-domain-kernel.ts')
const { HpssKernel } = await jiti.import('../src/dsp-worker/wasm/hpss-kernel.ts')
const { median5 } = await jiti.import('../src/dsp-worker/analysis/median.ts')
const { kWeighting } = await jiti.import('../src/dsp-worker/analysis/loudness.ts')

const seconds = Number(process.argv[2] ?? 240)
const CHUNK = 1 << 16

function signal(n, seedStart) {
  const x = new Float32Array(n)
  let seed = seedStart
  for (let i = 0; i < n; i++) {
    seed = (seed * 16807) % 2147483647
    x[i] = 0.3 * Math.sin(i * 0.02) + 0.3 * (seed / 2147483647 - 0.5)
  }
  return x
}

function best(fn) {
  let b = Number.POSITIVE_INFINITY
  for (let rep = 0; rep < 10; rep++) {
    const t = process.cpuUsage()
    fn()
    const d = process.cpuUsage(t)
    if (rep >= 2) b = Math.min(b, (d.user + d.system) / 1000)
  }
  return b
}

const x22 = signal(Math.round(seconds * 22050), 1)
const fftRun = (backend) => () => {
  const n = 2048
  const fft = new RealFFT(n, { backend })
  const w = hann(n)
  const power = new Float64Array(n / 2 + 1)
  for (let s = 0; s + n <= x22.length; s += 512) fft.power(x22, power, w, s)
}

const resampleRun = (make, rate) => {
  const x = signal(Math.round(seconds * rate), 2)
  return (kernel) => () => {
    const r = make(kernel)
    for (let i = 0; i < x.length; i += CHUNK) r.process(x.subarray(i, i + CHUNK))
  }
}
const halfband = resampleRun((kernel) => new HalfbandDecimator(44100, undefined, { kernel }), 44100)
const polyphase = resampleRun((kernel) => new PolyphaseResampler(24000, 22050, { kernel }), 24000)

const left = signal(Math.round(seconds * 44100), 3)
const right = signal(left.length, 4)
const stereo = (make) => () => {
  const frame = Math.round(0.046 * 44100)
  const kernel = make()
  const out = { k: 0, ll: 0, rr: 0, lr: 0, l: 0, r: 0, peak: 0 }
  for (let c = 0; c < left.length; c += CHUNK) {
    const end = Math.min(left.length, c + CHUNK)
    kernel.load(left.subarray(c, end), right.subarray(c, end))
    for (let i = 0; i < end - c; i += frame) kernel.run(i, Math.min(end - c, i + frame), out)
  }
}

// HPSS time medians: one row of medians per STFT frame (hop 512 at 22 050 Hz) over five frames of 2049 bins.
const stride = 2052
const frames = Math.floor(x22.length / 512)
const hpss = new HpssKernel(stride, 5, 256)
const ring = hpss.layout.ring
for (let i = 0; i < ring.length; i++) ring[i] = Math.abs(x22[i % x22.length])
const jsMedian = new Float32Array(stride)
const mediansWasm = () => {
  for (let f = 0; f < frames; f++) hpss.timeMedians(f % 5, (f + 1) % 5, (f + 2) % 5, (f + 3) % 5, (f + 4) % 5)
}
const mediansJs = () => {
  for (let f = 0; f < frames; f++) {
    const a = (f % 5) * stride
    const b = ((f + 1) % 5) * stride
    const c = ((f + 2) % 5) * stride
    const d = ((f + 3) % 5) * stride
    const e = ((f + 4) % 5) * stride
    for (let i = 0; i < stride; i++)
      jsMedian[i] = median5(ring[a + i], ring[b + i], ring[c + i], ring[d + i], ring[e + i])
  }
}

const k = kWeighting(44100)
const pairs = [
  ['FFT, 2048-point power spectra', best(fftRun('auto')), best(fftRun('js'))],
  ['half-band decimator 44.1 → 22.05 kHz', best(halfband('auto')), best(halfband('js'))],
  ['polyphase resampler 24 → 22.05 kHz', best(polyphase('auto')), best(polyphase('js'))],
  ['stereo time-domain loop', best(stereo(() => new WasmStereoKernel(k))), best(stereo(() => new JsStereoKernel(k)))],
  ['HPSS time medians', best(mediansWasm), best(mediansJs)],
]
console.log(`${seconds} s of audio, CPU ms (best of 8): WebAssembly SIMD vs JavaScript`)
for (const [name, wasm, js] of pairs)
  console.log(
    `  ${name.padEnd(38)} ${wasm.toFixed(1).padStart(7)} ms  ${js.toFixed(1).padStart(7)} ms  ${(js / wasm).toFixed(1).padStart(4)}×`,
  )
