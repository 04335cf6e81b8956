/**
 * Every supported format decodes to the same audio and the same fingerprint: one music-like stereo
 * signal written as float WAV, then converted by ffmpeg/sox to WAV 16/24-bit, FLAC, AIFF, MP3, Ogg
 * Vorbis, Opus and AAC in M4A (index at the end, and "faststart"). Plus native rates 48/96 kHz and
 * mono / stereo / 5.1 layouts (the first two channels are used as they are, never down-mixed).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeFile, decodeOnly } from '../src/dsp-worker/analyze-file'
import { openFileSource } from '../src/dsp-worker/file-source'
import { moovAfterMdat } from '../src/dsp-worker/probe'
import { DIMENSION_KEYS, type DimensionKey, type FingerprintResult } from '../src/shared/dimensions'
import { ffmpeg, makeTempDir, sox } from './helpers/audio'
import { rng, writeWavFloat } from './helpers/signals'

const tmp = makeTempDir('soundprint-formats-')
const f = (name: string) => join(tmp.dir, name)
const SR = 44100
const SECONDS = 12

/**
 * Music-like, deterministic: a chord (A minor, with a few harmonics) under a 120 BPM kick/hat pattern,
 * the channels differing a little (a wider hat on the right), band-limited well under 16 kHz so
 * lossy encoders keep the content.
 */
function musicLike(): [Float32Array, Float32Array] {
  const n = SR * SECONDS
  const l = new Float32Array(n)
  const r = new Float32Array(n)
  const rand = rng(7)
  const freqs = [220, 261.63, 329.63, 440]
  const beat = SR / 2
  let lp = 0
  for (let i = 0; i < n; i++) {
    const t = i / SR
    let chord = 0
    for (const fr of freqs) chord += Math.sin(2 * Math.PI * fr * t) + 0.3 * Math.sin(4 * Math.PI * fr * t)
    chord *= 0.05 * (1 + 0.3 * Math.sin(2 * Math.PI * 0.25 * t))
    const k = i % beat
    const kick = k < 0.15 * SR ? 0.5 * Math.exp(-k / (0.03 * SR)) * Math.sin(2 * Math.PI * 90 * (k / SR)) : 0
    const h = (i + beat / 2) % beat
    lp = 0.7 * lp + 0.3 * (2 * rand() - 1)
    const hat = h < 0.05 * SR ? 0.12 * Math.exp(-h / (0.01 * SR)) * (2 * rand() - 1 - lp) : 0
    l[i] = chord + kick + 0.7 * hat
    r[i] = chord * 0.9 + kick + hat
  }
  return [l, r]
}

const rmsOf = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)
let source: [Float32Array, Float32Array]

interface Variant {
  name: string
  file: string
  codec: string
  lossy: boolean
}
const variants: Variant[] = [
  { name: 'WAV float', file: 'src.wav', codec: 'pcm', lossy: false },
  { name: 'WAV 16-bit', file: 's16.wav', codec: 'pcm', lossy: false },
  { name: 'WAV 24-bit', file: 's24.wav', codec: 'pcm', lossy: false },
  { name: 'AIFF 16-bit', file: 's16.aiff', codec: 'pcm', lossy: false },
  { name: 'AIFF-C float', file: 'f32.aifc', codec: 'pcm', lossy: false },
  { name: 'FLAC', file: 'x.flac', codec: 'flac', lossy: false },
  { name: 'WAV resampled to 48 kHz', file: 'r48.wav', codec: 'pcm', lossy: true },
  { name: 'MP3', file: 'x.mp3', codec: 'mp3', lossy: true },
  { name: 'Ogg Vorbis', file: 'x.ogg', codec: 'vorbis', lossy: true },
  { name: 'Opus', file: 'x.opus', codec: 'opus', lossy: true },
  { name: 'M4A (moov at the end)', file: 'late.m4a', codec: 'aac', lossy: true },
  { name: 'M4A (faststart)', file: 'fast.m4a', codec: 'aac', lossy: true },
]

beforeAll(() => {
  source = musicLike()
  writeWavFloat(f('src.wav'), SR, source)
  const src = f('src.wav')
  ffmpeg('-i', src, '-c:a', 'pcm_s16le', f('s16.wav'))
  ffmpeg('-i', src, '-c:a', 'pcm_s24le', f('s24.wav'))
  sox(src, '-b', '16', f('s16.aiff'))
  ffmpeg('-i', src, '-c:a', 'pcm_f32be', '-f', 'aiff', f('f32.aifc'))
  ffmpeg('-i', src, '-ar', '48000', '-c:a', 'pcm_f32le', f('r48.wav'))
  ffmpeg('-i', src, f('x.flac'))
  ffmpeg('-i', src, '-b:a', '192k', f('x.mp3'))
  ffmpeg('-i', src, '-c:a', 'libvorbis', '-q:a', '5', f('x.ogg'))
  ffmpeg('-i', src, '-c:a', 'libopus', '-b:a', '128k', f('x.opus'))
  ffmpeg('-i', src, '-c:a', 'aac', '-b:a', '192k', f('late.m4a'))
  ffmpeg('-i', src, '-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart', f('fast.m4a'))
})
afterAll(() => tmp.cleanup())

describe('each format decodes to the same audio', () => {
  it('the two M4A layouts really differ (moov after mdat vs before)', async () => {
    for (const [name, late] of [
      ['late.m4a', true],
      ['fast.m4a', false],
    ] as const) {
      const src = await openFileSource(f(name))
      expect(await moovAfterMdat(src), name).toBe(late)
      await src.close()
    }
  })

  it.each(variants)('$name: native rate, channels, codec, length and level', async (v) => {
    const d = await decodeOnly(f(v.file))
    expect(d.probe.sampleRate, v.name).toBe(v.codec === 'opus' || v.file === 'r48.wav' ? 48000 : SR)
    expect(d.probe.channels).toBe(2)
    expect(d.probe.codec).toBe(v.codec)
    const seconds = d.frames / d.probe.sampleRate
    // Lossy codecs add encoder delay/padding (≤ ~0.1 s).
    expect(Math.abs(seconds - SECONDS), `${v.name}: ${seconds} s`).toBeLessThan(v.lossy ? 0.12 : 1e-6)
    const tol = v.lossy ? 0.05 : 1e-3
    expect(Math.abs(d.rms[0] / rmsOf(source[0]) - 1), `${v.name} left RMS`).toBeLessThan(tol)
    expect(Math.abs(d.rms[1] / rmsOf(source[1]) - 1), `${v.name} right RMS`).toBeLessThan(tol)
  })

  it('MP3 and AAC: node-web-audio-api and ffmpeg decode to the same level', async () => {
    for (const name of ['x.mp3', 'fast.m4a']) {
      const a = await decodeOnly(f(name), { decoder: 'webaudio' })
      const b = await decodeOnly(f(name), { decoder: 'ffmpeg' })
      expect(a.decoder).toBe('webaudio')
      expect(b.decoder).toBe('ffmpeg')
      expect(Math.abs(a.rms[0] / b.rms[0] - 1), `${name}: ${a.rms[0]} vs ${b.rms[0]}`).toBeLessThan(0.005)
    }
  })

  it('FLAC gives bit-identical levels through node-web-audio-api and ffmpeg', async () => {
    const a = await decodeOnly(f('x.flac'), { decoder: 'webaudio' })
    const b = await decodeOnly(f('x.flac'), { decoder: 'ffmpeg' })
    expect(a.decoder).toBe('webaudio')
    expect(b.decoder).toBe('ffmpeg')
    expect(a.frames).toBe(b.frames)
    expect(a.rms[0]).toBeCloseTo(b.rms[0], 7)
    expect(a.rms[1]).toBeCloseTo(b.rms[1], 7)
  })

  it('without the in-process decoder, a long compressed file is streamed through ffmpeg instead of decoded in memory', async () => {
    const saved = process.env.SOUNDPRINT_LIBAV
    process.env.SOUNDPRINT_LIBAV = 'none'
    try {
      const d = await decodeOnly(f('x.ogg'), { inMemoryLimitBytes: 1024 })
      expect(d.decoder).toBe('ffmpeg')
      const m = await decodeOnly(f('x.ogg'))
      expect(m.decoder).toBe('webaudio')
      expect(Math.abs(d.rms[0] / m.rms[0] - 1)).toBeLessThan(1e-3)
    } finally {
      if (saved === undefined) delete process.env.SOUNDPRINT_LIBAV
      else process.env.SOUNDPRINT_LIBAV = saved
    }
  })
})

/**
 * Per-dimension tolerances for a lossy file against the lossless original.
 */
const LOSSY_TOL: Record<DimensionKey, { abs?: number; rel?: number }> = {
  sub_bass: { abs: 0.03 },
  bass: { abs: 0.03 },
  low_mid: { abs: 0.03 },
  mid: { abs: 0.03 },
  upper_mid: { abs: 0.03 },
  presence: { abs: 0.03 },
  air: { abs: 0.05 },
  lufs: { abs: 0.5 },
  crest_db: { abs: 1.5 },
  bass_mid_ratio_db: { abs: 1 },
  tempo_bpm: { rel: 0.02 },
  rhythm_stability: { abs: 0.15 },
  transient_density: { rel: 0.25, abs: 0.3 },
  silence_ratio: { abs: 0.05 },
  spectral_centroid_hz: { rel: 0.1 },
  spectral_rolloff_hz: { rel: 0.2 },
  spectral_flatness: { abs: 0.1 },
  harmonic_ratio: { abs: 0.1 },
  pitch_stability: { abs: 0.2 },
  chroma_energy: { abs: 0.1 },
  dynamic_range_variation_db: { abs: 1.5 },
  loudness_range_lu: { abs: 1.5 },
  peak_consistency: { abs: 0.1 },
  stereo_width: { abs: 0.05 },
  phase_correlation: { abs: 0.05 },
}

/**
 * Lossless files agree to within rounding, except where the definition weighs the noise floor: the
 * magnitude-weighted centroid and the flatness of quiet frames move with 16-bit quantisation noise
 * (and sox's dither in the 16-bit AIFF).
 */
const LOSSLESS_TOL: Partial<Record<DimensionKey, { abs?: number; rel?: number }>> = {
  spectral_centroid_hz: { rel: 0.05 },
  spectral_rolloff_hz: { rel: 0.05 },
  spectral_flatness: { abs: 0.01 },
}

describe('each format gives the same fingerprint', () => {
  let reference: FingerprintResult
  beforeAll(async () => {
    reference = await analyzeFile(f('src.wav'))
  })

  it.each(variants.slice(1))('$name matches the float WAV', async (v) => {
    const r = await analyzeFile(f(v.file))
    expect(r.codec).toBe(v.codec)
    expect(r.silent).toBe(false)
    for (const k of DIMENSION_KEYS) {
      const a = r.fingerprint[k]
      const b = reference.fingerprint[k]
      expect(Number.isFinite(a), `${v.name} ${k}`).toBe(true)
      const t = v.lossy ? LOSSY_TOL[k] : (LOSSLESS_TOL[k] ?? { abs: 2e-3, rel: 2e-3 })
      const allowed = Math.max(t.abs ?? 0, (t.rel ?? 0) * Math.abs(b))
      expect(Math.abs(a - b), `${v.name} ${k}: ${a} vs ${b}`).toBeLessThanOrEqual(allowed)
    }
  })
})

describe('native rates and channel layouts', () => {
  // Channel 1 at −6 dBFS peak, channel 2 at −12 dBFS, the others at −1 dBFS: if the decoder
  // down-mixed instead of taking the first two channels, the levels would show it.
  const L = 0.5
  const R = 0.25
  const cases = [
    { name: '48 kHz mono FLAC', file: 'm48.flac', rate: 48000, ch: 1 },
    { name: '96 kHz stereo FLAC', file: 's96.flac', rate: 96000, ch: 2 },
    { name: '96 kHz stereo WAV 24-bit', file: 's96.wav', rate: 96000, ch: 2 },
    { name: '48 kHz 5.1 WAV', file: 'c6.wav', rate: 48000, ch: 6 },
    { name: '48 kHz 5.1 FLAC', file: 'c6.flac', rate: 48000, ch: 6 },
    { name: '44.1 kHz mono MP3', file: 'm44.mp3', rate: 44100, ch: 1 },
    { name: '48 kHz 5.1 AAC (M4A)', file: 'c6.m4a', rate: 48000, ch: 6 },
  ]
  beforeAll(() => {
    const tones = (ch: number) => Array.from({ length: ch }, (_, i) => ['sine', String(300 + 100 * i)]).flat()
    sox('-n', '-r', '48000', '-c', '1', '-b', '16', f('m48.flac'), 'synth', '3', 'sine', '1000', 'vol', String(L))
    sox(
      '-n',
      '-r',
      '96000',
      '-c',
      '2',
      '-b',
      '24',
      f('s96.flac'),
      'synth',
      '3',
      ...tones(2),
      'remix',
      `1v${L}`,
      `2v${R}`,
    )
    sox(
      '-n',
      '-r',
      '96000',
      '-c',
      '2',
      '-b',
      '24',
      f('s96.wav'),
      'synth',
      '3',
      ...tones(2),
      'remix',
      `1v${L}`,
      `2v${R}`,
    )
    const six = ['remix', `1v${L}`, `2v${R}`, '3v0.9', '4v0.9', '5v0.9', '6v0.9']
    sox('-n', '-r', '48000', '-c', '6', '-b', '16', f('c6.wav'), 'synth', '3', ...tones(6), ...six)
    sox('-n', '-r', '48000', '-c', '6', '-b', '16', f('c6.flac'), 'synth', '3', ...tones(6), ...six)
    sox('-n', '-r', '44100', '-c', '1', f('m44.wav'), 'synth', '3', 'sine', '1000', 'vol', String(L))
    ffmpeg('-i', f('m44.wav'), '-b:a', '128k', f('m44.mp3'))
    ffmpeg('-i', f('c6.wav'), '-c:a', 'aac', '-b:a', '384k', f('c6.m4a'))
  })

  it.each(cases)('$name: decoded at its own rate, first two channels as they are', async (c) => {
    for (const decoder of ['auto', 'ffmpeg'] as const) {
      const d = await decodeOnly(f(c.file), { decoder })
      expect(d.probe.sampleRate, `${c.name} (${decoder})`).toBe(c.rate)
      expect(d.probe.channels).toBe(c.ch)
      expect(Math.abs(d.frames / c.rate - 3), `${c.name} length`).toBeLessThan(0.1)
      const lossy = c.file.endsWith('.mp3') || c.file.endsWith('.m4a')
      const tol = lossy ? 0.03 : 0.002
      const sine = 1 / Math.SQRT2
      expect(Math.abs(d.rms[0] - L * sine), `${c.name} (${decoder}) left RMS ${d.rms[0]}`).toBeLessThan(tol)
      const right = c.ch === 1 ? L : R
      expect(Math.abs(d.rms[1] - right * sine), `${c.name} (${decoder}) right RMS ${d.rms[1]}`).toBeLessThan(tol)
    }
    const r = await analyzeFile(f(c.file))
    expect(r.sampleRate).toBe(c.rate)
    expect(r.channels).toBe(c.ch)
    expect(r.durationSec).toBeGreaterThan(2.9)
    for (const k of DIMENSION_KEYS) expect(Number.isFinite(r.fingerprint[k]), k).toBe(true)
  })
})
