/**
 * `lufs` and `loudness_range_lu` against ffmpeg's `ebur128` filter on the same samples: signals are
 * generated here, written as float WAV, measured by ffmpeg and by our TimeDomainStage.
 * Tolerances (spec): lufs ±0.1 LU, loudness_range_lu ±1 LU — at 44.1, 48 and 96 kHz, mono and stereo.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TimeDomainStage } from '../src/dsp-worker/analysis/time-domain'
import { ffmpegEbur128, ffmpegR128Metadata, hasCommand, makeTempDir } from './helpers/audio'
import { concat, dbToGain, rng, sine, whiteNoise, writeWavFloat } from './helpers/signals'

const haveFfmpeg = hasCommand('ffmpeg')
const tmp = makeTempDir('soundprint-loudness-')
afterAll(() => tmp.cleanup())

/**
 * ffmpeg's integrated loudness and LRA to 3 decimals (the per-frame metadata of the last 100 ms
 * update; the printed summary has only one decimal, which would use up half the tolerance). Checked
 * against the summary parsed by `ffmpegEbur128`.
 */
function ffmpegR128(file: string): { integrated: number; lra: number } {
  const precise = ffmpegR128Metadata(file)
  const summary = ffmpegEbur128(file)
  if (!Number.isFinite(precise.integrated) || precise.integrated < -70) precise.integrated = summary.integrated
  if (!Number.isFinite(precise.lra)) precise.lra = summary.lra
  expect(Math.abs(precise.integrated - summary.integrated)).toBeLessThanOrEqual(0.051)
  expect(Math.abs(precise.lra - summary.lra)).toBeLessThanOrEqual(0.051)
  return precise
}

function ours(sr: number, channels: Float32Array[]): { lufs: number; lra: number } {
  const left = channels[0] as Float32Array
  const right = channels[1] ?? left
  const stage = new TimeDomainStage(sr, channels.length === 2 ? 2 : 1)
  const mono = new Float32Array(65536)
  for (let i = 0; i < left.length; i += 65536) {
    const l = left.subarray(i, i + 65536)
    const r = right.subarray(i, i + 65536)
    const m = mono.subarray(0, l.length)
    for (let j = 0; j < l.length; j++) m[j] = 0.5 * ((l[j] as number) + (r[j] as number))
    stage.push(l, r, m)
  }
  const v = stage.finish()
  return { lufs: v.lufs, lra: v.loudness_range_lu }
}

/** A music-like mixture: kick, bass line, a three-note chord with harmonics, hi-hats; verse/chorus levels. */
function musicLike(sr: number, seconds: number, seed: number): Float32Array {
  const n = Math.round(sr * seconds)
  const out = new Float32Array(n)
  const r = rng(seed)
  const beat = Math.round(sr * 0.5)
  const bassNotes = [55, 73.42, 65.41, 49]
  const chords = [
    [220, 277.18, 329.63],
    [293.66, 369.99, 440],
    [261.63, 329.63, 392],
    [196, 246.94, 293.66],
  ]
  for (let i = 0; i < n; i++) {
    const t = i / sr
    const bar = Math.floor(t / 2) % 4
    const section = Math.floor(t / 4) % 2 ? 1 : 0.4 // chorus 8 dB louder than verse
    const tb = (i % beat) / sr
    const kick = 0.8 * Math.exp(-tb * 18) * Math.sin(2 * Math.PI * (50 + 60 * Math.exp(-tb * 30)) * tb)
    const bass = 0.25 * Math.sin(2 * Math.PI * (bassNotes[bar] as number) * t)
    let chord = 0
    for (const f of chords[bar] as number[]) {
      chord += 0.08 * Math.sin(2 * Math.PI * f * t) + 0.03 * Math.sin(4 * Math.PI * f * t + 1)
    }
    const th = ((i + beat / 2) % (beat / 2)) / sr
    const hat = 0.15 * Math.exp(-th * 60) * (2 * r() - 1)
    out[i] = section * (kick + bass + chord + hat)
  }
  return out
}

/** A sine that steps 6 dB louder every second, from `startDb` dBFS. */
function steppedSine(sr: number, seconds: number, startDb = -54): Float32Array {
  return concat(...Array.from({ length: seconds }, (_, k) => sine(sr, 1, 1000, dbToGain(startDb + 6 * k))))
}

/** 1 s of tone, 1 s of digital silence, repeated. */
function toneWithGaps(sr: number, seconds: number): Float32Array {
  return concat(
    ...Array.from({ length: seconds }, (_, k) =>
      k % 2 ? new Float32Array(sr) : sine(sr, 1, 440 * 2 ** (k / 12), dbToGain(-12)),
    ),
  )
}

/** Energy at both ends of the K-weighting curve (RLB roll-off and the shelf), where rates differ most. */
function lowAndHigh(sr: number, seconds: number): Float32Array {
  const a = sine(sr, seconds, 30, 0.3)
  const b = sine(sr, seconds, 45, 0.2)
  const c = sine(sr, seconds, Math.min(12000, sr * 0.4), 0.1)
  return a.map((v, i) => v + (b[i] as number) + (c[i] as number))
}

type Signal = { name: string; make: (sr: number) => Float32Array[] }
const signals: Signal[] = [
  { name: 'sine 1 kHz −20 dBFS', make: (sr) => [sine(sr, 5, 1000, 0.1), sine(sr, 5, 1500, 0.05)] },
  { name: 'white noise', make: (sr) => [whiteNoise(sr, 6, 0.3, 1), whiteNoise(sr, 6, 0.2, 2)] },
  { name: 'music-like mixture', make: (sr) => [musicLike(sr, 12, 3), musicLike(sr, 12, 4).map((v) => 0.7 * v)] },
  { name: 'sine stepping 6 dB louder every second', make: (sr) => [steppedSine(sr, 9), steppedSine(sr, 9, -60)] },
  { name: 'tone with silence gaps', make: (sr) => [toneWithGaps(sr, 8), toneWithGaps(sr, 8).map((v) => 0.5 * v)] },
  { name: '30 + 45 Hz + high tone', make: (sr) => [lowAndHigh(sr, 5), lowAndHigh(sr, 5).map((v) => -v)] },
]

describe.skipIf(!haveFfmpeg)('lufs and loudness_range_lu vs ffmpeg ebur128', () => {
  for (const sr of [44100, 48000, 96000]) {
    for (const s of signals) {
      it(`${s.name} @ ${sr} Hz, mono and stereo`, { timeout: 180_000 }, () => {
        const [l, r] = s.make(sr) as [Float32Array, Float32Array]
        for (const layout of [[l], [l, r]]) {
          const file = join(tmp.dir, `${sr}-${layout.length}.wav`)
          writeWavFloat(file, sr, layout)
          const ref = ffmpegR128(file)
          const got = ours(sr, layout)
          const what = `${s.name} @ ${sr} Hz ${layout.length === 1 ? 'mono' : 'stereo'}`
          console.log(
            `${what}: lufs ${got.lufs.toFixed(3)} vs ${ref.integrated}, lra ${got.lra.toFixed(2)} vs ${ref.lra}`,
          )
          expect(Math.abs(got.lufs - ref.integrated), `lufs, ${what}`).toBeLessThanOrEqual(0.1)
          expect(Math.abs(got.lra - ref.lra), `loudness_range_lu, ${what}`).toBeLessThanOrEqual(1)
        }
      })
    }
  }

  it('EBU Tech 3341 cases 1 and 2: 1 kHz stereo sine at −23 / −33 dBFS per channel → −23.0 / −33.0 LUFS', {
    timeout: 180_000,
  }, () => {
    for (const sr of [44100, 48000]) {
      for (const level of [-23, -33]) {
        const s = sine(sr, 20, 1000, dbToGain(level))
        const got = ours(sr, [s, s])
        expect(Math.abs(got.lufs - level), `${level} dBFS at ${sr} Hz: ${got.lufs}`).toBeLessThanOrEqual(0.1)
        const file = join(tmp.dir, `3341-${sr}-${-level}.wav`)
        writeWavFloat(file, sr, [s, s])
        expect(Math.abs(got.lufs - ffmpegR128(file).integrated)).toBeLessThanOrEqual(0.1)
      }
    }
  })

  it('the stepped sine has a larger loudness range than a steady sine (ffmpeg agrees)', () => {
    const sr = 48000
    const steady = ours(sr, [sine(sr, 10, 1000, 0.25)])
    const stepped = ours(sr, [steppedSine(sr, 10)])
    expect(steady.lra).toBeLessThan(0.5)
    expect(stepped.lra).toBeGreaterThan(steady.lra + 20)
  })
})
