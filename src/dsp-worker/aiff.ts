/**
 * AIFF / AIFF-C header parser (big-endian IFF). Samples are streamed by `pcm.ts`.
 *
 * Supported: AIFF integer PCM 8/16/24/32 bit (big-endian, signed), AIFF-C 'NONE'/'twos' (same),
 * 'sowt' (little-endian), 'fl32'/'fl64' (big-endian float). Other AIFF-C compressions (ima4, ulaw, …)
 * return `layout: null` so the caller can hand the file to a decoder.
 */
import { AnalysisError } from './errors'
import type { FileSource } from './file-source'
import type { PcmLayout } from './pcm'

interface AiffInfo {
  sampleRate: number
  channels: number
  layout: PcmLayout | null
  /** AIFF-C compression type ('NONE' for plain AIFF), for messages. */
  compression: string
  frames: number
}

/** IEEE 754 80-bit extended float (big-endian), as used for AIFF's sample rate. */
export function readExtended(b: Buffer, o: number): number {
  const exp = (b.readUInt16BE(o) & 0x7fff) - 16383
  const hi = b.readUInt32BE(o + 2)
  const lo = b.readUInt32BE(o + 6)
  if (exp === -16383 && hi === 0 && lo === 0) return 0
  const sign = b[o]! & 0x80 ? -1 : 1
  return sign * (hi * 2 ** (exp - 31) + lo * 2 ** (exp - 63))
}

export async function parseAiff(src: FileSource): Promise<AiffInfo> {
  const head = await src.read(0, 12)
  if (head.length < 12) throw new AnalysisError('corrupt', 'truncated AIFF header')
  const isAifc = head.toString('latin1', 8, 12) === 'AIFC'
  let offset = 12
  let comm: { channels: number; frames: number; bits: number; sampleRate: number; compression: string } | null = null
  while (offset + 8 <= src.size) {
    const h = await src.read(offset, 8)
    if (h.length < 8) break
    const id = h.toString('latin1', 0, 4)
    const size = h.readUInt32BE(4)
    const body = offset + 8
    if (id === 'COMM') {
      const c = await src.read(body, Math.min(size, 64))
      if (c.length < 18) throw new AnalysisError('corrupt', 'truncated AIFF "COMM" chunk')
      comm = {
        channels: c.readUInt16BE(0),
        frames: c.readUInt32BE(2),
        bits: c.readUInt16BE(6),
        sampleRate: Math.round(readExtended(c, 8)),
        compression: isAifc && c.length >= 22 ? c.toString('latin1', 18, 22) : 'NONE',
      }
    } else if (id === 'SSND') {
      if (!comm) throw new AnalysisError('corrupt', 'AIFF file has no "COMM" chunk before its sound data')
      const s = await src.read(body, 8)
      if (s.length < 8) throw new AnalysisError('corrupt', 'truncated AIFF "SSND" chunk')
      const dataOffset = body + 8 + s.readUInt32BE(0)
      const available = Math.max(0, Math.min(size - 8, src.size - dataOffset))
      return layoutFrom(comm, dataOffset, available)
    }
    offset = body + size + (size & 1)
  }
  throw new AnalysisError('corrupt', comm ? 'AIFF file has no "SSND" chunk' : 'truncated AIFF header (no "COMM" chunk)')
}

function layoutFrom(
  comm: { channels: number; frames: number; bits: number; sampleRate: number; compression: string },
  dataOffset: number,
  dataBytes: number,
): AiffInfo {
  const { channels, bits, sampleRate, compression } = comm
  if (channels < 1 || sampleRate < 1)
    throw new AnalysisError('corrupt', `AIFF header is invalid (${channels} channels, ${sampleRate} Hz)`)
  const type = compression.toLowerCase()
  let encoding: PcmLayout['encoding'] | null = null
  let bytesPerSample = Math.ceil(bits / 8)
  let littleEndian = false
  if ((type === 'none' || type === 'twos') && bits >= 8 && bits <= 32) encoding = 'int'
  else if (type === 'sowt' && bits >= 8 && bits <= 32) {
    encoding = 'int'
    littleEndian = true
  } else if (type === 'fl32') {
    encoding = 'float'
    bytesPerSample = 4
  } else if (type === 'fl64') {
    encoding = 'float'
    bytesPerSample = 8
  }
  const frameBytes = bytesPerSample * channels
  const frames = Math.min(comm.frames, Math.floor(dataBytes / frameBytes))
  const layout: PcmLayout | null =
    encoding === null ? null : { dataOffset, frames, channels, bytesPerSample, encoding, littleEndian }
  // `frames` is what the header declares: a file holding a sliver of it is reported truncated (decode.ts).
  return { sampleRate, channels, layout, compression, frames: comm.frames }
}
