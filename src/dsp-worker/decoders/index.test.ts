/**
 * The decoder registry's order: the first present decoder that accepts the probed file, a whole-file
 * decoder passed over for a long file while a streaming one follows, a named decoder tried first, and
 * one list of names behind the choices and the help text.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AnalysisError } from '../errors'
import type { ProbeResult } from '../probe'
import { DECODER_NAMES, decoderFromEnv, decoderHelpLines, decoderOrder, isDecoderChoice } from './index'

const VARS = ['SOUNDPRINT_FFMPEG', 'SOUNDPRINT_LIBAV', 'SOUNDPRINT_BUNDLED_FFMPEG', 'PATH'] as const
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]))
afterEach(() => {
  for (const k of VARS)
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
})

/**
 * A machine with or without the system's ffmpeg (the test machine's, hidden by an empty PATH) and the
 * bundled one; never the in-process addon here. `none` for the system's ffmpeg means no ffmpeg at all.
 */
function machine(system: boolean | 'none', bundled = false): void {
  process.env.SOUNDPRINT_LIBAV = 'none'
  delete process.env.SOUNDPRINT_FFMPEG
  process.env.PATH = saved.PATH
  if (system === 'none') process.env.SOUNDPRINT_FFMPEG = 'none'
  else if (!system) process.env.PATH = ''
  if (!bundled) process.env.SOUNDPRINT_BUNDLED_FFMPEG = 'none'
  else delete process.env.SOUNDPRINT_BUNDLED_FFMPEG
}

const minutes = (m: number) => m * 60 * 44100
const flac = (frames: number): ProbeResult => ({
  format: 'flac',
  codec: 'flac',
  sampleRate: 44100,
  channels: 2,
  frames,
  pcm: null,
  indexAtEnd: false,
})
const opus: ProbeResult = { ...flac(minutes(3)), format: 'ogg', codec: 'opus', sampleRate: 48000 }
const lateM4a: ProbeResult = { ...flac(minutes(3)), format: 'mp4', codec: 'aac', indexAtEnd: true }
const wav: ProbeResult = {
  ...flac(minutes(3)),
  format: 'wav',
  codec: 'pcm',
  pcm: { dataOffset: 44, frames: minutes(3), channels: 2, bytesPerSample: 2, encoding: 'int', littleEndian: true },
}
const names = (info: ProbeResult, options = {}) => decoderOrder(info, 1e6, options).map((d) => d.name)

describe('decoderOrder', () => {
  it('reads WAV/AIFF PCM directly, whatever else is installed', () => {
    machine(true)
    expect(names(wav)[0]).toBe('pcm')
    machine('none')
    expect(names(wav)).toEqual(['pcm'])
  })

  it('gives node-web-audio-api only short files while ffmpeg can stream the long ones', () => {
    machine(true)
    expect(names(flac(44100 * 10))).toEqual(['webaudio', 'ffmpeg'])
    expect(names(flac(minutes(5)))).toEqual(['ffmpeg'])
    machine('none')
    expect(names(flac(minutes(5)))).toEqual(['webaudio'])
  })

  it('leaves Opus and an M4A with its index at the end to the decoders that stream them', () => {
    machine(true)
    expect(names(opus)).toEqual(['ffmpeg'])
    expect(names(lateM4a)).toEqual(['ffmpeg'])
    machine('none')
    expect(names(opus)).toEqual([])
    expect(names(lateM4a)).toEqual([])
  })

  it('without a system ffmpeg, the bundled one streams what the others cannot or should not read', () => {
    machine(false, true)
    expect(names(flac(44100 * 10))).toEqual(['webaudio', 'bundled-ffmpeg'])
    expect(names(flac(minutes(5)))).toEqual(['bundled-ffmpeg'])
    expect(names(opus)).toEqual(['bundled-ffmpeg'])
    expect(names(lateM4a)).toEqual(['bundled-ffmpeg'])
    machine(true, true)
    expect(names(opus)).toEqual(['ffmpeg', 'bundled-ffmpeg'])
    // SOUNDPRINT_FFMPEG=none: no ffmpeg at all, the bundled one included.
    machine('none', true)
    expect(names(opus)).toEqual([])
  })

  it('tries a named decoder first, then the automatic order', () => {
    machine(true)
    expect(names(flac(minutes(5)), { decoder: 'webaudio' })).toEqual(['webaudio', 'ffmpeg'])
    expect(names(wav, { decoder: 'ffmpeg' })).toEqual(['ffmpeg', 'pcm'])
    // A decoder that does not take the file leaves the automatic order as it is.
    expect(names(opus, { decoder: 'webaudio' })).toEqual(['ffmpeg'])
  })

  it('a named decoder that is absent is an error, except for PCM, which needs none', () => {
    machine('none')
    expect(names(wav, { decoder: 'ffmpeg' })).toEqual(['pcm'])
    let err: unknown
    try {
      names(flac(minutes(1)), { decoder: 'ffmpeg' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AnalysisError)
    expect((err as AnalysisError).code).toBe('decoder_missing')
    expect((err as AnalysisError).message).toMatch(/ffmpeg decoder is not available/)
  })
})

describe('the decoder names', () => {
  it('are the choices of SOUNDPRINT_DECODER and --decoder, and every one is in the help text', () => {
    for (const n of DECODER_NAMES) {
      expect(isDecoderChoice(n)).toBe(true)
      expect(decoderFromEnv({ SOUNDPRINT_DECODER: n })).toBe(n)
      expect(decoderHelpLines('  ')).toMatch(new RegExp(`^  ${n} `, 'm'))
    }
    expect(isDecoderChoice('auto')).toBe(true)
    expect(isDecoderChoice('vlc')).toBe(false)
    expect(decoderFromEnv({ SOUNDPRINT_DECODER: 'vlc' })).toBe('auto')
  })
})
