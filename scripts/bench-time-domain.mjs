// CPU time of the time-domain stage on a synthetic 4-minute 44.1 kHz track (no decoding):
//   node scripts/bench-time-domain.mjs [seconds=240] [sampleRate=44100]
// Prints, measured in this one run (best of 8 after 2 warm-ups, process CPU time): a plain
// sum-of-squares pass over both channels (the floor of any per-sample work), the stereo kernel
// alone in its WebAssembly SIMD and scalar JS forms, and the whole TimeDomainStage, stereo and mono.
// Absolute times are noisy on a shared machine; compare the ratios.
import { createJiti } from 'jiti'

const jiti = createJiti(import.meta.url)
const { TimeDomainStage } = await jiti.import('../src/dsp-worker/analysis/time-domain.ts')
const { JsStereoKernel, WasmStereoKernel } = await jiti.import('../src/dsp-worker/wasm/time-domain-kernel.ts')
const { kWeighting } = await jiti.import('../src/dsp-worker/analysis/loudness.ts')

const seconds = Number(process.argv[2] ?? 240)
const sr = Number(process.argv[3] ?? 44100)
const n = Math.round(seconds * sr)
const CHUNK = 1 << 16
const left = new Float32Array(n)
const right = new Float32Array(n)
let seed = 1
for (let i = 0; i < n; i++) {
  seed = (seed * 16807) % 2147483647
  const noise = seed / 2147483647 - 0.5
  left[i] = 0.3 * Math.sin(i * 0.02) + 0.3 * noise
  right[i] = 0.25 * Math.sin(i * 0.021) + 0.2 * noise
}
const mono = new Float32Array(CHUNK)

function cpuMs(fn) {
  const t = process.cpuUsage()
  fn()
  const d = process.cpuUsage(t)
  return (d.user + d.system) / 1000
}
function best(fn) {
  let b = Number.POSITIVE_INFINITY
  for (let rep = 0; rep < 10; rep++) {
    const t = cpuMs(fn)
    if (rep >= 2) b = Math.min(b, t)
  }
  return b
}

const sumOfSquares = () => {
  let a = 0
  for (let i = 0; i < n; i++) a += left[i] * left[i] + right[i] * right[i]
  return a
}
const kernelOnly = (make) => () => {
  const frame = Math.round(0.046 * sr)
  const kernel = make()
  const out = { k: 0, ll: 0, rr: 0, lr: 0, l: 0, r: 0, peak: 0 }
  for (let c = 0; c < n; c += CHUNK) {
    const end = Math.min(n, c + CHUNK)
    kernel.load(left.subarray(c, end), right.subarray(c, end))
    for (let i = 0; i < end - c; i += frame) kernel.run(i, Math.min(end - c, i + frame), out)
  }
}
const stage = (channels) => () => {
  const s = new TimeDomainStage(sr, channels)
  for (let i = 0; i < n; i += CHUNK) {
    const l = left.subarray(i, i + CHUNK)
    s.push(l, channels === 2 ? right.subarray(i, i + CHUNK) : l, mono.subarray(0, l.length))
  }
  s.finish()
}

const k = kWeighting(sr)
const rows = [
  ['sum of squares, both channels (floor)', best(sumOfSquares)],
  ['stereo kernel, WebAssembly SIMD', best(kernelOnly(() => new WasmStereoKernel(k)))],
  ['stereo kernel, scalar JS', best(kernelOnly(() => new JsStereoKernel(k)))],
  ['TimeDomainStage, stereo', best(stage(2))],
  ['TimeDomainStage, mono', best(stage(1))],
]
const floor = rows[0][1]
console.log(`${seconds} s at ${sr} Hz, CPU ms (best of 8):`)
for (const [name, ms] of rows) {
  console.log(
    `  ${name.padEnd(40)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / floor).toFixed(1).padStart(5)}× floor  ${((seconds * 1000) / ms).toFixed(0).padStart(6)}× realtime`,
  )
}
