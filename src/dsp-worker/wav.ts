/**
 * WAV (RIFF / RF64 / BW64) header parser. The samples themselves are streamed by `pcm.ts`, so a WAV
 * file of any length is read in fixed-size blocks without a decoder.
 *
 * Supported sample formats: integer PCM 8 (unsigned), 16, 24 and 32 bit, IEEE float 32 and 64 bit,
 * also inside WAVE_FORMAT_EXTENSIBLE. Anything else (ADPCM, µ-law, …) returns `encoding: null` so the
 * caller can hand the file to a real decoder.
 */
import { AnalysisError } from './errors'
import type { FileSource } from './file-source'
import type { PcmLayout } from './pcm'

const FORMAT_PCM = 1
const FORMAT_FLOAT = 3
const FORMAT_EXTENSIBLE = 0xfffe

interface WavInfo {
  sampleRate: number
  channels: number
  /** null when the samples need a decoder (compressed WAV). */
  layout: PcmLayout | null
  /** The fmt tag (after resolving WAVE_FORMAT_EXTENSIBLE), for messages. */
  formatTag: number
  /** The length the header declares (more than the layout's frames when the file is truncated). */
  frames: number
}

/** Parses the chunks of a WAV file up to its `data` chunk. Throws AnalysisError('corrupt') on a broken header. */
export async function parseWav(src: FileSource): Promise<WavInfo> {
  const head = await src.read(0, 12)
  if (head.length < 12) throw new AnalysisError('corrupt', 'truncated WAV header')
  const riff = head.toString('latin1', 0, 4)
  const isRf64 = riff === 'RF64' || riff === 'BW64'
  let offset = 12
  let fmt: Buffer | null = null
  let ds64DataSize: number | null = null
  while (offset + 8 <= src.size) {
    const h = await src.read(offset, 8)
    if (h.length < 8) break
    const id = h.toString('latin1', 0, 4)
    let size = h.readUInt32LE(4)
    const body = offset + 8
    if (id === 'ds64' && isRf64) {
      const d = await src.read(body, 16)
      if (d.length >= 16) ds64DataSize = d.readUInt32LE(8) + d.readUInt32LE(12) * 2 ** 32
    } else if (id === 'fmt ') {
      fmt = await src.read(body, Math.min(size, 64))
    } else if (id === 'data') {
      if (!fmt) throw new AnalysisError('corrupt', 'WAV file has no "fmt " chunk before its data')
      if (isRf64 && size === 0xffffffff && ds64DataSize !== null) size = ds64DataSize
      // A streamed file declares 0 or 0xFFFFFFFF bytes: its length is what is there. A truncated one declares
      // more than it holds: what is there is read, and `frames` keeps the declared length, so that a file
      // holding a sliver of what its header claims is reported truncated (decode.ts, MIN_DECODED_SHARE).
      const available = src.size - body
      const streamed = size === 0 || size === 0xffffffff
      const dataBytes = streamed || size > available ? available : size
      return layoutFrom(fmt, body, dataBytes, streamed ? available : size)
    }
    offset = body + size + (size & 1)
  }
  throw new AnalysisError(
    'corrupt',
    fmt
      ? 'no audio: the WAV file has no "data" chunk (truncated or damaged)'
      : 'truncated WAV header (no "fmt " chunk)',
  )
}

function layoutFrom(fmt: Buffer, dataOffset: number, dataBytes: number, declaredBytes: number): WavInfo {
  if (fmt.length < 16) throw new AnalysisError('corrupt', 'truncated WAV "fmt " chunk')
  let tag = fmt.readUInt16LE(0)
  const channels = fmt.readUInt16LE(2)
  const sampleRate = fmt.readUInt32LE(4)
  const blockAlign = fmt.readUInt16LE(12)
  const bits = fmt.readUInt16LE(14)
  if (tag === FORMAT_EXTENSIBLE && fmt.length >= 26) tag = fmt.readUInt16LE(24)
  if (channels < 1 || sampleRate < 1 || blockAlign < 1)
    throw new AnalysisError('corrupt', `WAV header is invalid (${channels} channels, ${sampleRate} Hz)`)
  const frames = Math.floor(dataBytes / blockAlign)
  let layout: PcmLayout | null = null
  const bytes = bits / 8
  const intOk = tag === FORMAT_PCM && [8, 16, 24, 32].includes(bits)
  const floatOk = tag === FORMAT_FLOAT && (bits === 32 || bits === 64)
  if ((intOk || floatOk) && blockAlign === bytes * channels) {
    layout = {
      dataOffset,
      frames,
      channels,
      bytesPerSample: bytes,
      encoding: floatOk ? 'float' : bits === 8 ? 'uint' : 'int',
      littleEndian: true,
    }
  }
  return { sampleRate, channels, layout, formatTag: tag, frames: Math.floor(declaredBytes / blockAlign) }
}
