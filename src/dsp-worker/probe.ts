/**
 * What is in a file, from its bytes (never from its name): the container/codec, the native sample
 * rate and channel count (decodeAudioData resamples to its context's rate, so we must know the native
 * rate before decoding), the expected length, and where an MP4's index sits. Which decoder can read
 * what is each decoder's own business (decoders/). Non-audio files are named ("a PNG image") so the
 * error says what the file actually is.
 *
 * Headers parsed here: WAV, AIFF (their own modules), FLAC STREAMINFO, Ogg (Vorbis/Opus/FLAC identification
 * packet + last page's granule position), MPEG audio frames (with the Xing/Info frame count), ADTS AAC.
 * MP4/M4A goes through music-metadata (the sample description sits deep in the `moov` atom) plus a
 * walk of the top-level atoms to find whether `moov` comes after `mdat`.
 */
import { extname } from 'node:path'
import { parseAiff } from './aiff'
import { AnalysisError } from './errors'
import type { FileSource } from './file-source'
import type { PcmLayout } from './pcm'
import { parseWav } from './wav'

type AudioFormat = 'wav' | 'aiff' | 'flac' | 'mp3' | 'ogg' | 'mp4' | 'aac'

export interface ProbeResult {
  format: AudioFormat
  /** Codec or container, lower case, as stored in FingerprintMeta.codec. */
  codec: string
  /** Native sample rate: the rate decoders output (48 kHz for Opus). */
  sampleRate: number
  /** Channels in the file (the analysis uses the first two). */
  channels: number
  /** Expected length in frames at `sampleRate`; NaN when the container does not say. */
  frames: number
  /** Samples readable directly from disk (WAV/AIFF PCM): no decoder needed. */
  pcm: PcmLayout | null
  /** MP4/M4A whose index (`moov` atom) comes after the audio (`mdat`): readers going front to back fail. */
  indexAtEnd: boolean
}

const HEAD_BYTES = 64 * 1024

/** Reads the header of `src` and describes it; throws AnalysisError 'unsupported' or 'corrupt'. */
export async function probe(src: FileSource, path: string): Promise<ProbeResult> {
  let head = await src.read(0, HEAD_BYTES)
  let start = 0
  // An ID3v2 tag may precede MP3, AAC and (rarely) FLAC data.
  if (head.length >= 10 && head.toString('latin1', 0, 3) === 'ID3') {
    const size = synchsafe(head, 6) + 10 + (head[5]! & 0x10 ? 10 : 0)
    start = size
    head = await src.read(size, HEAD_BYTES)
    if (head.length === 0) throw new AnalysisError('corrupt', 'the file holds an ID3 tag but no audio after it')
  }
  const format = sniff(head)
  if (format === null) throw notAudio(head, path, start > 0)
  switch (format) {
    case 'wav': {
      const w = await parseWav(src)
      return {
        format,
        codec: w.layout ? 'pcm' : `wav-0x${w.formatTag.toString(16)}`,
        sampleRate: w.sampleRate,
        channels: w.channels,
        frames: w.frames,
        pcm: w.layout,
        indexAtEnd: false,
      }
    }
    case 'aiff': {
      const a = await parseAiff(src)
      const codec = a.layout ? 'pcm' : a.compression.trim().toLowerCase()
      return {
        format,
        codec,
        sampleRate: a.sampleRate,
        channels: a.channels,
        frames: a.frames,
        pcm: a.layout,
        indexAtEnd: false,
      }
    }
    case 'flac':
      return flacInfo(head)
    case 'ogg':
      return oggInfo(src, head)
    case 'mp3':
      return mpegInfo(src, head, start)
    case 'aac':
      return adtsInfo(src, head, start)
    case 'mp4':
      return mp4Info(src, path)
  }
}

/** Format from magic bytes, or null. */
export function sniff(b: Buffer): AudioFormat | null {
  if (b.length < 4) return null
  const id = b.toString('latin1', 0, 4)
  const sub = b.length >= 12 ? b.toString('latin1', 8, 12) : ''
  if ((id === 'RIFF' || id === 'RF64' || id === 'BW64') && sub === 'WAVE') return 'wav'
  if (id === 'FORM' && (sub === 'AIFF' || sub === 'AIFC')) return 'aiff'
  if (id === 'fLaC') return 'flac'
  if (id === 'OggS') return 'ogg'
  if (b.length >= 8 && b.toString('latin1', 4, 8) === 'ftyp') return 'mp4'
  if (findMpegFrames(b, 0) === 0) return 'mp3'
  if (isAdts(b, 0)) return 'aac'
  // Some MP3 files start with junk (a broken tag, padding): look for a chain of valid frames.
  if (findMpegFrames(b, 4096) >= 0) return 'mp3'
  return null
}

/** A clear 'unsupported' (or 'corrupt') error for bytes that are not audio we know. */
function notAudio(head: Buffer, path: string, hadId3: boolean): AnalysisError {
  const what = describeNonAudio(head)
  const ext = extname(path).toLowerCase()
  if (what) return new AnalysisError('unsupported', `not an audio file: it is ${what}`)
  if (hadId3) return new AnalysisError('corrupt', 'the file holds an ID3 tag but no MPEG audio frames could be found')
  if (head.length < 4) return new AnalysisError('corrupt', `too short to be audio (${head.length} bytes)`)
  return new AnalysisError(
    'unsupported',
    `not a supported audio format: the content matches no audio format${ext ? ` (the name ends in ${ext})` : ''}; supported are WAV, AIFF, FLAC, MP3, Ogg Vorbis, Opus, AAC/M4A`,
  )
}

/** Names common non-audio files so the message says what the file really is. */
export function describeNonAudio(b: Buffer): string | null {
  const s = b.toString('latin1', 0, Math.min(16, b.length))
  const hex = b.toString('hex', 0, Math.min(8, b.length))
  if (hex.startsWith('89504e47')) return 'a PNG image'
  if (hex.startsWith('ffd8ff')) return 'a JPEG image'
  if (s.startsWith('GIF8')) return 'a GIF image'
  if (s.startsWith('RIFF') && s.slice(8, 12) === 'WEBP') return 'a WebP image'
  if (s.startsWith('RIFF') && s.slice(8, 12) === 'AVI ') return 'an AVI video'
  if (s.startsWith('%PDF')) return 'a PDF document'
  if (hex.startsWith('504b0304')) return 'a ZIP archive (or an office document)'
  if (hex.startsWith('7f454c46')) return 'an executable (ELF)'
  if (hex.startsWith('1a45dfa3')) return 'a Matroska/WebM file (not a supported audio container)'
  if (s.startsWith('MThd')) return 'a MIDI file (notes, not recorded audio)'
  if (isText(b)) return 'a text file'
  return null
}

function isText(b: Buffer): boolean {
  const n = Math.min(b.length, 4096)
  if (n === 0) return false
  let bad = 0
  for (let i = 0; i < n; i++) {
    const c = b[i] as number
    if (c === 0) return false
    if (c < 9 || (c > 13 && c < 32) || c === 127) bad++
  }
  if (bad > n / 100) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, n - 4))
    return true
  } catch {
    return false
  }
}

function synchsafe(b: Buffer, o: number): number {
  return ((b[o]! & 0x7f) << 21) | ((b[o + 1]! & 0x7f) << 14) | ((b[o + 2]! & 0x7f) << 7) | (b[o + 3]! & 0x7f)
}

// ---------------------------------------------------------------------------------------------- FLAC

function flacInfo(b: Buffer): ProbeResult {
  // "fLaC", then metadata block header (type 0 = STREAMINFO, 34 bytes).
  if (b.length < 8 + 34 || (b[4]! & 0x7f) !== 0)
    throw new AnalysisError('corrupt', 'truncated or damaged FLAC header (no STREAMINFO)')
  const o = 8 + 10
  const sampleRate = (b[o]! << 12) | (b[o + 1]! << 4) | (b[o + 2]! >> 4)
  const channels = ((b[o + 2]! >> 1) & 7) + 1
  const total = (b[o + 3]! & 0x0f) * 2 ** 32 + b.readUInt32BE(o + 4)
  if (sampleRate === 0) throw new AnalysisError('corrupt', 'damaged FLAC header (sample rate 0)')
  if (b.length <= 8 + 34) throw new AnalysisError('corrupt', 'truncated FLAC file (no audio frames)')
  return {
    format: 'flac',
    codec: 'flac',
    sampleRate,
    channels,
    frames: total || Number.NaN,
    pcm: null,
    indexAtEnd: false,
  }
}

// ----------------------------------------------------------------------------------------------- Ogg

async function oggInfo(src: FileSource, b: Buffer): Promise<ProbeResult> {
  if (b.length < 28) throw new AnalysisError('corrupt', 'truncated Ogg header')
  const segments = b[26]!
  const p = 27 + segments // first packet of the first page
  if (b.length < p + 19) throw new AnalysisError('corrupt', 'truncated Ogg header (no identification packet)')
  let codec: string
  let sampleRate: number
  let channels: number
  let preSkip = 0
  if (b[p] === 1 && b.toString('latin1', p + 1, p + 7) === 'vorbis') {
    codec = 'vorbis'
    channels = b[p + 11]!
    sampleRate = b.readUInt32LE(p + 12)
  } else if (b.toString('latin1', p, p + 8) === 'OpusHead') {
    codec = 'opus'
    channels = b[p + 9]!
    preSkip = b.readUInt16LE(p + 10)
    sampleRate = 48000 // Opus always decodes at 48 kHz; the header's rate is only informational
  } else if (b[p] === 0x7f && b.toString('latin1', p + 1, p + 5) === 'FLAC') {
    codec = 'flac'
    const s = p + 13 + 4 + 10 // "\x7fFLAC" + version(2) + count(2) + "fLaC" + block header(4) + 10 bytes
    sampleRate = (b[s]! << 12) | (b[s + 1]! << 4) | (b[s + 2]! >> 4)
    channels = ((b[s + 2]! >> 1) & 7) + 1
  } else {
    const name = b.toString('latin1', p, p + 8).replace(/[^\x20-\x7e]/g, '')
    throw new AnalysisError('unsupported', `an Ogg file with a codec Soundprint does not decode (${name || 'unknown'})`)
  }
  if (!sampleRate || !channels) throw new AnalysisError('corrupt', `damaged Ogg ${codec} header`)
  // Length: the granule position of the last page (samples at 48 kHz for Opus, minus pre-skip).
  let frames = Number.NaN
  const tailStart = Math.max(0, src.size - 65536)
  const tail = await src.read(tailStart, 65536)
  const last = tail.lastIndexOf('OggS')
  if (last >= 0 && last + 14 <= tail.length) {
    const g = tail.readUInt32LE(last + 6) + tail.readUInt32LE(last + 10) * 2 ** 32
    if (g > 0 && g < 2 ** 52) frames = Math.max(0, g - preSkip)
  }
  return { format: 'ogg', codec, sampleRate, channels, frames, pcm: null, indexAtEnd: false }
}

// ---------------------------------------------------------------------------------------- MPEG audio

const MPEG_RATES = [
  [11025, 12000, 8000], // MPEG 2.5
  null,
  [22050, 24000, 16000], // MPEG 2
  [44100, 48000, 32000], // MPEG 1
] as const
// biome-ignore format: tables
const BITRATES: Record<string, readonly number[]> = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}

interface MpegFrame {
  sampleRate: number
  channels: number
  bytes: number
  samples: number
  layer: number
  bitrate: number
}

function mpegFrame(b: Buffer, o: number): MpegFrame | null {
  if (o + 4 > b.length || b[o] !== 0xff || (b[o + 1]! & 0xe0) !== 0xe0) return null
  const version = (b[o + 1]! >> 3) & 3
  const layerBits = (b[o + 1]! >> 1) & 3
  const brIdx = b[o + 2]! >> 4
  const srIdx = (b[o + 2]! >> 2) & 3
  const rates = MPEG_RATES[version]
  if (!rates || layerBits === 0 || brIdx === 0 || brIdx === 15 || srIdx === 3) return null
  const layer = 4 - layerBits
  const v1 = version === 3
  const table = v1 ? BITRATES[`v1l${layer}`]! : layer === 1 ? BITRATES.v2l1! : BITRATES.v2l23!
  const bitrate = table[brIdx]! * 1000
  const sampleRate = rates[srIdx]!
  const padding = (b[o + 2]! >> 1) & 1
  const samples = layer === 1 ? 384 : layer === 3 && !v1 ? 576 : 1152
  const bytes =
    layer === 1
      ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * bitrate) / sampleRate) + padding
  const channels = b[o + 3]! >> 6 === 3 ? 1 : 2
  return { sampleRate, channels, bytes, samples, layer, bitrate }
}

/** Offset (≤ maxStart) of the first of 3 chained MPEG frames with the same rate and layer, or −1. */
function findMpegFrames(b: Buffer, maxStart: number): number {
  const limit = Math.min(maxStart, b.length - 4)
  for (let s = 0; s <= limit; s++) {
    if (b[s] !== 0xff) continue
    const f = mpegFrame(b, s)
    if (!f) continue
    let o = s + f.bytes
    let ok = true
    for (let k = 0; k < 2 && ok; k++) {
      if (o + 4 > b.length) break // a very short file: the frames we could check were valid
      const g = mpegFrame(b, o)
      ok = g !== null && g.sampleRate === f.sampleRate && g.layer === f.layer
      if (g) o += g.bytes
    }
    if (ok && (s + f.bytes <= b.length || maxStart === 0)) return s
  }
  return -1
}

async function mpegInfo(src: FileSource, b: Buffer, start: number): Promise<ProbeResult> {
  const s = Math.max(0, findMpegFrames(b, 4096))
  const f = mpegFrame(b, s)
  if (!f) throw new AnalysisError('corrupt', 'no valid MPEG audio frame found')
  if (s + f.bytes > b.length) throw new AnalysisError('corrupt', 'truncated MP3 file (not one complete frame)')
  // Xing/Info header: frame count in the first frame.
  let frames = Number.NaN
  const xing = b.indexOf('Xing', s) >= 0 ? b.indexOf('Xing', s) : b.indexOf('Info', s)
  if (xing > 0 && xing < s + f.bytes && b.length >= xing + 12 && b.readUInt32BE(xing + 4) & 1)
    frames = b.readUInt32BE(xing + 8) * f.samples
  else frames = (((src.size - start - s) * 8) / f.bitrate) * f.sampleRate
  const codec = f.layer === 3 ? 'mp3' : `mp${f.layer}`
  return { format: 'mp3', codec, sampleRate: f.sampleRate, channels: f.channels, frames, pcm: null, indexAtEnd: false }
}

// ---------------------------------------------------------------------------------------- ADTS AAC

const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]

function isAdts(b: Buffer, o: number): boolean {
  if (o + 7 > b.length || b[o] !== 0xff || (b[o + 1]! & 0xf6) !== 0xf0) return false
  const sr = (b[o + 2]! >> 2) & 0x0f
  const len = ((b[o + 3]! & 3) << 11) | (b[o + 4]! << 3) | (b[o + 5]! >> 5)
  if (sr >= ADTS_RATES.length || len < 7) return false
  return o + len + 2 > b.length || (b[o + len] === 0xff && (b[o + len + 1]! & 0xf6) === 0xf0)
}

async function adtsInfo(src: FileSource, b: Buffer, start: number): Promise<ProbeResult> {
  const sampleRate = ADTS_RATES[(b[2]! >> 2) & 0x0f]!
  const channels = ((b[2]! & 1) << 2) | (b[3]! >> 6) || 2
  const len = ((b[3]! & 3) << 11) | (b[4]! << 3) | (b[5]! >> 5)
  // Estimate the length from the first frame's size (AAC frames hold 1024 samples).
  const frames = ((src.size - start) / Math.max(len, 1)) * 1024
  return { format: 'aac', codec: 'aac', sampleRate, channels, frames, pcm: null, indexAtEnd: false }
}

// --------------------------------------------------------------------------------------------- MP4

/** Where the top-level `moov` atom is, and whether it comes after `mdat`; null when there is none. */
async function findMoov(src: FileSource): Promise<{ offset: number; size: number; afterMdat: boolean } | null> {
  let o = 0
  let sawMdat = false
  while (o + 8 <= src.size) {
    const h = await src.read(o, 16)
    if (h.length < 8) return null
    let size = h.readUInt32BE(0)
    const type = h.toString('latin1', 4, 8)
    if (size === 1 && h.length >= 16) size = h.readUInt32BE(8) * 2 ** 32 + h.readUInt32BE(12)
    else if (size === 0) size = src.size - o
    if (size < 8) return null
    if (type === 'moov') return { offset: o, size: Math.min(size, src.size - o), afterMdat: sawMdat }
    if (type === 'mdat') sawMdat = true
    o += size
  }
  return null
}

/** True when the top-level `moov` atom comes after `mdat` (decoders reading a buffer front to back fail). */
export async function moovAfterMdat(src: FileSource): Promise<boolean | null> {
  return (await findMoov(src))?.afterMdat ?? null
}

/**
 * Channel count from the first AAC AudioSpecificConfig (esds) in a `moov` atom: the sample entry's own
 * channel count is 2 for any layout in many files, so a 5.1 AAC track would otherwise pass as stereo.
 */
function aacChannelsFromMoov(moov: Buffer): number | null {
  const at = moov.indexOf('esds')
  if (at < 4) return null
  let o = at + 8 // type + version/flags
  const readLen = (): number => {
    let len = 0
    for (let k = 0; k < 4 && o < moov.length; k++) {
      const b = moov[o++]!
      len = (len << 7) | (b & 0x7f)
      if (!(b & 0x80)) break
    }
    return len
  }
  if (moov[o++] !== 0x03) return null // ES_Descriptor
  readLen()
  o += 2 // ES_ID
  const flags = moov[o++]!
  if (flags & 0x80) o += 2
  if (flags & 0x40) o += 1 + moov[o]!
  if (flags & 0x20) o += 2
  if (moov[o++] !== 0x04) return null // DecoderConfigDescriptor
  readLen()
  o += 13
  if (moov[o++] !== 0x05) return null // DecoderSpecificInfo = AudioSpecificConfig
  readLen()
  if (o + 4 > moov.length) return null
  const bits = moov.readUInt32BE(o)
  let pos = 5
  if (bits >>> 27 === 31) pos += 6
  const freqIndex = (bits >>> (32 - pos - 4)) & 0x0f
  pos += 4 + (freqIndex === 15 ? 24 : 0)
  if (pos + 4 > 32) return null
  const config = (bits >>> (32 - pos - 4)) & 0x0f
  return config >= 1 && config <= 6 ? config : config === 7 ? 8 : null
}

async function mp4Info(src: FileSource, path: string): Promise<ProbeResult> {
  const moov = await findMoov(src)
  if (moov === null) throw new AnalysisError('corrupt', 'damaged MP4/M4A file (no "moov" atom: the file is truncated)')
  const { parseFile } = await import('music-metadata')
  let format: Awaited<ReturnType<typeof parseFile>>['format']
  try {
    format = (await parseFile(path, { duration: false, skipCovers: true, skipPostHeaders: true })).format
  } catch (err) {
    throw new AnalysisError('corrupt', `damaged MP4/M4A file (${err instanceof Error ? err.message : String(err)})`)
  }
  const { sampleRate, numberOfChannels, duration } = format
  if (!sampleRate || !numberOfChannels)
    throw new AnalysisError('unsupported', 'an MP4 file without an audio track Soundprint can read')
  const c = (format.codec ?? '').toLowerCase()
  const codec = c.includes('aac')
    ? 'aac'
    : c.includes('alac')
      ? 'alac'
      : c.includes('mp3') || c.includes('mpeg-1')
        ? 'mp3'
        : c || 'mp4'
  const frames = duration ? duration * sampleRate : Number.NaN
  let channels = numberOfChannels
  if (codec === 'aac' && moov.size <= 64 * 1024 * 1024)
    channels = aacChannelsFromMoov(await src.read(moov.offset, moov.size)) ?? channels
  return { format: 'mp4', codec, sampleRate, channels, frames, pcm: null, indexAtEnd: moov.afterMdat }
}
