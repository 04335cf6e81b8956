// Per-stage timing of the fingerprint analysis (decoding excluded):
//   node scripts/profile-analysis.mjs [seconds=240] [sampleRate=44100]   synthetic stereo test music
//   node scripts/profile-analysis.mjs FILE [sampleRate=44100]             a real file, decoded by ffmpeg
//                                                                         to stereo float at sampleRate
// Runs the TypeScript sources directly through jiti (already in node_modules via the build tools),
// feeds 64 Ki-sample chunks of stereo signals to each stage on its own and to the whole analyzer,
// and prints milliseconds per stage (best of 3 runs after a warm-up) and times realtime.
// Absolute times are noisy on a shared machine; compare within one run.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createJiti } from 'jiti'

const jiti = createJiti(import.meta.url)
const { createAnalyzer } = await jiti.import('../src/dsp-worker/analysis/index.ts')
const { SpectralStage } = await jiti.import('../src/dsp-worker/analysis/spectral.ts')
const { Path22kStage } = await jiti.import('../src/dsp-worker/analysis/path22k.ts')
const { TimeDomainStage } = await jiti.import('../src/dsp-worker/analysis/time-domain.ts')
const { Resampler22k } = await jiti.import('../src/dsp-worker/analysis/resample.ts')
const { RealFFT, hann } = await jiti.import('../src/dsp-worker/analysis/fft.ts')
const { HarmonyAnalyzer } = await jiti.import('../src/dsp-worker/analysis/harmony.ts')
const { RhythmAnalyzer } = await jiti.import('../src/dsp-worker/analysis/rhythm.ts')

const fromFile = process.argv[2] && existsSync(process.argv[2]) ? process.argv[2] : null
const sr = Number(process.argv[3] ?? 44100)
let decoded = null
if (fromFile) {
  const raw = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', fromFile, '-f', 'f32le', '-ac', '2', '-ar', String(sr), '-'],
    {
      maxBuffer: 2 ** 31,
    },
  )
  decoded = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2)
}
const n = decoded ? decoded.length >> 1 : Math.round(Number(process.argv[2] ?? 240) * sr)
const seconds = n / sr
const CHUNK = 1 << 16

/** "Music-like" test signal: pink-ish noise + a chord + kick/snare pattern at 124 BPM, stereo. */
function makeSignal(seed) {
  let s = seed >>> 0
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5
  }
  const left = new Float32Array(n)
  const right = new Float32Array(n)
  let b0 = 0
  let b1 = 0
  const beat = Math.round((60 / 124) * sr)
  for (let i = 0; i < n; i++) {
    const w = rnd()
    b0 = 0.99 * b0 + 0.1 * w
    b1 = 0.6 * b1 + 0.4 * w
    const t = i / sr
    const chord =
      0.1 * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277.2 * t) + Math.sin(2 * Math.PI * 329.6 * t))
    const ph = i % beat
    const kick = ph < 0.1 * sr ? 0.6 * Math.exp(-ph / (0.02 * sr)) * Math.sin(2 * Math.PI * 60 * (ph / sr)) : 0
    left[i] = 0.2 * b0 + 0.1 * b1 + chord + kick
    right[i] = 0.2 * b0 - 0.05 * b1 + chord + kick + 0.05 * rnd()
  }
  return { left, right }
}

function deinterleave(x) {
  const left = new Float32Array(n)
  const right = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    left[i] = x[2 * i]
    right[i] = x[2 * i + 1]
  }
  return { left, right }
}

const { left, right } = decoded ? deinterleave(decoded) : makeSignal(7)
const mono = new Float32Array(n)
for (let i = 0; i < n; i++) mono[i] = 0.5 * (left[i] + right[i])

/** CPU milliseconds of this process (the work is single-threaded; unlike wall time this ignores
 * time spent waiting for a core on a busy machine). */
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

function timeStage(make) {
  let best = Infinity
  for (let rep = 0; rep < 4; rep++) {
    const stage = make()
    const t0 = cpuMs()
    for (let i = 0; i < n; i += CHUNK) {
      const e = Math.min(n, i + CHUNK)
      stage.push(left.subarray(i, e), right.subarray(i, e), mono.subarray(i, e))
    }
    stage.finish()
    const ms = cpuMs() - t0
    if (rep > 0) best = Math.min(best, ms)
  }
  return best
}

const rows = [
  [
    'reference: one Σx² pass over the mono mix (machine speed)',
    () => {
      let acc = 0
      return {
        push: (_l, _r, m) => {
          let s = 0
          for (let i = 0; i < m.length; i++) s += m[i] * m[i]
          acc += s
        },
        finish: () => ({ acc }),
      }
    },
  ],
  ['time-domain (lufs, crest, silence, variation, stereo)', () => new TimeDomainStage(sr, 2)],
  ['spectral (bands, centroid, roll-off, flatness)', () => new SpectralStage(sr)],
  [
    'resample to 22 050 Hz only',
    () => {
      const r = new Resampler22k(sr)
      return { push: (_l, _r, m) => r.process(m), finish: () => ({}) }
    },
  ],
  ['path22k (resample + STFT + rhythm + harmony)', () => new Path22kStage(sr)],
  [
    'whole analyzer (mono mix + all stages)',
    () => {
      const a = createAnalyzer(sr, 2)
      return { push: (l, r) => a.push(l, r), finish: () => a.finish() }
    },
  ],
]
console.log(
  `${seconds.toFixed(1)} s of ${fromFile ?? 'stereo test music'} at ${sr} Hz, ${CHUNK}-sample chunks, best of 3 after warm-up, CPU ms`,
)
for (const [label, make] of rows) {
  let ms
  try {
    ms = timeStage(make)
  } catch (e) {
    console.log(`${label.padEnd(56)} failed: ${e.message}`)
    continue
  }
  console.log(
    `${label.padEnd(56)} ${ms.toFixed(1).padStart(8)} ms  ${((seconds * 1000) / ms).toFixed(0).padStart(6)}× realtime`,
  )
}

// Breakdown of the [22k] path: its parts run on the already-resampled signal.
const rs = new Resampler22k(sr)
const y22 = Float32Array.from(rs.process(mono))
const frames = Math.floor((y22.length - 1024) / 512) + 1
const fineFrames = Math.floor(y22.length / 2048)
const power = new Float64Array(513)
const mag = new Float32Array(513)
const fine = new Float64Array(1025)
const spectra = new Float64Array(frames * 513)
const fineSpectra = new Float64Array(fineFrames * 1025)
const ms22 = new Float64Array(frames)
const msFine = new Float64Array(fineFrames)
function bestOf(fn) {
  let best = Infinity
  for (let rep = 0; rep < 4; rep++) {
    const t0 = cpuMs()
    fn()
    const ms = cpuMs() - t0
    if (rep > 0) best = Math.min(best, ms)
  }
  return best
}
const f1024 = new RealFFT(1024)
const w1024 = hann(1024)
const f2048 = new RealFFT(2048)
const w2048 = hann(2048)
const parts = [
  [
    `STFT 1024/512: ${frames} × (mean square + FFT power)`,
    () => {
      for (let i = 0; i < frames; i++) {
        let ss = 0
        for (let j = i * 512, e = j + 1024; j < e; j++) ss += y22[j] * y22[j]
        ms22[i] = ss / 1024
        f1024.power(y22, power, w1024, i * 512)
        spectra.set(power, i * 513)
      }
    },
  ],
  [
    '  of which magnitudes (513 × sqrt per frame)',
    () => {
      for (let i = 0; i < frames; i++) for (let k = 0; k <= 512; k++) mag[k] = Math.sqrt(spectra[i * 513 + k])
    },
  ],
  [
    `STFT 2048/2048: ${fineFrames} × (mean square + FFT power)`,
    () => {
      for (let i = 0; i < fineFrames; i++) {
        let ss = 0
        for (let j = i * 2048, e = j + 2048; j < e; j++) ss += y22[j] * y22[j]
        msFine[i] = ss / 2048
        f2048.power(y22, fine, w2048, i * 2048)
        fineSpectra.set(fine, i * 1025)
      }
    },
  ],
  [
    'rhythm analyzer (pushFrame × frames + finish)',
    () => {
      const r = new RhythmAnalyzer(22050, 1024, 512)
      for (let i = 0; i < frames; i++) {
        for (let k = 0; k <= 512; k++) mag[k] = Math.sqrt(spectra[i * 513 + k])
        r.pushFrame(mag, ms22[i])
      }
      r.finish()
    },
  ],
  [
    'harmony: pitch (every 2nd 1024-frame)',
    () => {
      const h = new HarmonyAnalyzer(22050)
      for (let i = 0; i < frames; i++) h.pushFrame(spectra.subarray(i * 513, i * 513 + 513), ms22[i])
      h.finish()
    },
  ],
  [
    'harmony: HPSS + chroma (2048-frames)',
    () => {
      const h = new HarmonyAnalyzer(22050)
      for (let i = 0; i < fineFrames; i++) h.pushFineFrame(fineSpectra.subarray(i * 1025, i * 1025 + 1025), msFine[i])
      h.finish()
    },
  ],
]
console.log('\n[22k] path breakdown (on the resampled signal; the rhythm row includes its magnitudes):')
for (const [label, fn] of parts) {
  const ms = bestOf(fn)
  console.log(`${label.padEnd(56)} ${ms.toFixed(1).padStart(8)} ms`)
}
