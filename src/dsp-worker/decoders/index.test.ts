/**
 * The decoder registry's order: the first present decoder that accepts the probed file, a whole-file
 * decoder passed over for a long file while a streaming one follows, a named decoder tried first, and
 * one list of names behind the choices and the help text.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AnalysisError } from '../errors'
import type { ProbeResult } from '../probe'
import { DECODER_NAMES, decoderFromEnv, decoderHelpLines, decoderOrder, isDecoderChoice } from './index'

const saved = { ffmpeg: process.env.SOUNDPRINT_FFMPEG, libav: process.env.SOUNDPRINT_LIBAV }
afterEach(() => {
  for (const [k, v] of [
    ['SOUNDPRINT_FFMPEG', saved.ffmpeg],
    ['SOUNDPRINT_LIBAV', saved.libav],
  ] as const)
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
})

/** A machine with the ffmpeg command line (the test machine's) or without it; never the addon here. */
function machine(ffmpeg: boolean): void {
  process.env.SOUNDPRINT_LIBAV = 'none'
  if (ffmpeg) {
    if (saved.ffmpeg === undefined) delete process.env.SOUNDPRINT_FFMPEG
    else process.env.SOUNDPRINT_FFMPEG = saved.ffmpeg
  } else process.env.SOUNDPRINT_FFMPEG = 'none'
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
    machine(false)
    expect(names(wav)).toEqual(['pcm'])
  })

  it('gives node-web-audio-api only short files while ffmpeg can stream the long ones', () => {
    machine(true)
    expect(names(flac(44100 * 10))).toEqual(['webaudio', 'ffmpeg'])
    expect(names(flac(minutes(5)))).toEqual(['ffmpeg'])
    machine(false)
    expect(names(flac(minutes(5)))).toEqual(['webaudio'])
  })

  it('leaves Opus and an M4A with its index at the end to the decoders that stream them', () => {
    machine(true)
    expect(names(opus)).toEqual(['ffmpeg'])
    expect(names(lateM4a)).toEqual(['ffmpeg'])
    machine(false)
    expect(names(opus)).toEqual([])
    expect(names(lateM4a)).toEqual([])
  })

  it('tries a named decoder first, then the automatic order', () => {
    machine(true)
    expect(names(flac(minutes(5)), { decoder: 'webaudio' })).toEqual(['webaudio', 'ffmpeg'])
    expect(names(wav, { decoder: 'ffmpeg' })).toEqual(['ffmpeg', 'pcm'])
    // A decoder that does not take the file leaves the automatic order as it is.
    expect(names(opus, { decoder: 'webaudio' })).toEqual(['ffmpeg'])
  })

  it('a named decoder that is absent is an error, except for PCM, which needs none', () => {
    machine(false)
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
