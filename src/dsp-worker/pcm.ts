/**
 * Streams uncompressed PCM (the data of a WAV or AIFF file) from disk as float32 planar chunks, in
 * fixed-size blocks: memory stays constant whatever the file's length and no decoder is involved.
 * Channels beyond the first two are skipped (spec: "more than two channels: use the first two").
 */
import type { FileSource } from './file-source'

export interface PcmLayout {
  /** Byte offset of the first sample frame. */
  dataOffset: number
  /** Whole frames present in the file. */
  frames: number
  channels: number
  bytesPerSample: number
  /** 'uint' = unsigned 8-bit (WAV); 'int' = two's complement; 'float' = IEEE 754. */
  encoding: 'int' | 'uint' | 'float'
  littleEndian: boolean
}

/** Receives each decoded chunk; for mono input `right === left`. The arrays are reused after the call. */
export type PcmSink = (left: Float32Array, right: Float32Array) => void

/** Frames per chunk handed to the sink. */
export const CHUNK_FRAMES = 1 << 15

/**
 * Reads `layout` from `src` block by block and pushes float32 chunks to `sink`.
 * Returns the number of frames delivered (fewer than `layout.frames` if the file is shorter).
 */
export async function streamPcm(src: FileSource, layout: PcmLayout, sink: PcmSink): Promise<number> {
  const { channels, bytesPerSample, frames } = layout
  const frameBytes = channels * bytesPerSample
  const raw = new Uint8Array(CHUNK_FRAMES * frameBytes)
  const left = new Float32Array(CHUNK_FRAMES)
  const right = channels > 1 ? new Float32Array(CHUNK_FRAMES) : left
  const convert = converter(layout)
  let done = 0
  while (done < frames) {
    const want = Math.min(CHUNK_FRAMES, frames - done)
    const got = await src.readInto(layout.dataOffset + done * frameBytes, raw.subarray(0, want * frameBytes))
    const n = Math.floor(got / frameBytes)
    if (n === 0) break
    convert(raw, n, channels, left, right)
    const l = n === CHUNK_FRAMES ? left : left.subarray(0, n)
    sink(l, channels > 1 ? (n === CHUNK_FRAMES ? right : right.subarray(0, n)) : l)
    done += n
    if (n < want) break
  }
  return done
}

type Converter = (raw: Uint8Array, n: number, channels: number, left: Float32Array, right: Float32Array) => void

/**
 * Picks the sample converter for a layout. Typed-array views are used where the byte order matches
 * the host (little-endian on every platform Node ships for); `raw` always starts at offset 0 of its
 * own ArrayBuffer, so the views are aligned.
 */
function converter(layout: PcmLayout): Converter {
  const { bytesPerSample: bps, encoding, littleEndian: le } = layout
  if (encoding === 'float' && bps === 4 && le)
    return (raw, n, ch, l, r) => deinterleave(new Float32Array(raw.buffer, 0, n * ch), n, ch, 1, l, r)
  if (encoding === 'float' && bps === 8 && le)
    return (raw, n, ch, l, r) => deinterleave(new Float64Array(raw.buffer, 0, n * ch), n, ch, 1, l, r)
  if (encoding === 'int' && bps === 2 && le)
    return (raw, n, ch, l, r) => deinterleave(new Int16Array(raw.buffer, 0, n * ch), n, ch, 1 / 32768, l, r)
  if (encoding === 'int' && bps === 4 && le)
    return (raw, n, ch, l, r) => deinterleave(new Int32Array(raw.buffer, 0, n * ch), n, ch, 1 / 2147483648, l, r)
  if (encoding === 'uint' && bps === 1)
    return (raw, n, ch, l, r) => {
      for (let i = 0, o = 0; i < n; i++, o += ch) {
        l[i] = ((raw[o] as number) - 128) / 128
        if (ch > 1) r[i] = ((raw[o + 1] as number) - 128) / 128
      }
    }
  // Generic path: big-endian or 24-bit integers, big-endian floats. Slower, but rare.
  return (raw, n, ch, l, r) => {
    const view = new DataView(raw.buffer, 0, n * ch * bps)
    const read = sampleReader(view, bps, encoding, le)
    const stride = ch * bps
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      l[i] = read(o)
      if (ch > 1) r[i] = read(o + bps)
    }
  }
}

function sampleReader(
  view: DataView,
  bps: number,
  encoding: PcmLayout['encoding'],
  le: boolean,
): (o: number) => number {
  if (encoding === 'float') return bps === 8 ? (o) => view.getFloat64(o, le) : (o) => view.getFloat32(o, le)
  if (bps === 1) return (o) => view.getInt8(o) / 128
  if (bps === 2) return (o) => view.getInt16(o, le) / 32768
  if (bps === 3)
    return le
      ? (o) => ((view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) as number) / 8388608
      : (o) => ((view.getUint8(o + 2) | (view.getUint8(o + 1) << 8) | (view.getInt8(o) << 16)) as number) / 8388608
  return (o) => view.getInt32(o, le) / 2147483648
}

/** Interleaved → planar for the first two channels, scaling by `k`. For mono only `l` is written. */
export function deinterleave(
  src: ArrayLike<number>,
  n: number,
  ch: number,
  k: number,
  l: Float32Array,
  r: Float32Array,
): void {
  // Float32 without scaling (ffmpeg's output, float WAV) is the hot path: its own function keeps its
  // element accesses monomorphic, where one loop for every sample type would not be.
  if (k === 1 && src instanceof Float32Array) {
    deinterleaveFloat32(src, n, ch, l, r)
    return
  }
  if (ch === 1) for (let i = 0; i < n; i++) l[i] = (src[i] as number) * k
  else if (ch === 2)
    for (let i = 0, o = 0; i < n; i++, o += 2) {
      l[i] = (src[o] as number) * k
      r[i] = (src[o + 1] as number) * k
    }
  else
    for (let i = 0, o = 0; i < n; i++, o += ch) {
      l[i] = (src[o] as number) * k
      r[i] = (src[o + 1] as number) * k
    }
}

function deinterleaveFloat32(src: Float32Array, n: number, ch: number, l: Float32Array, r: Float32Array): void {
  if (ch === 1) {
    l.set(src.subarray(0, n))
    return
  }
  for (let i = 0, o = 0; i < n; i++, o += ch) {
    l[i] = src[o] as number
    r[i] = src[o + 1] as number
  }
}
