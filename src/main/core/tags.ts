/**
 * Tags and stream facts of an audio file, read with music-metadata (no decoding). Anything missing is null;
 * the file name is the fallback title (`fileTitle`). A file music-metadata cannot parse yields `null` tags:
 * the analysis decides whether it is really unreadable and records the reason.
 */
import { basename, extname } from 'node:path'
import { type IPicture, parseFromTokenizer } from 'music-metadata'
import { fromFile } from 'strtok3'
import type { TrackTags } from '../../shared/api'

export interface FileTags extends TrackTags {
  durationSec: number | null
  codec: string | null
  /** Bits per second. */
  bitrate: number | null
  sampleRate: number | null
  channels: number | null
  /** The embedded cover picture's bytes (`frontCover`), read only when asked for (`{ picture: true }`). */
  picture?: Uint8Array | null
}

/** The embedded picture to use as the cover: the one typed or named as the front cover, else the first. */
function frontCover(pictures: readonly IPicture[] | undefined): IPicture | null {
  if (!pictures || pictures.length === 0) return null
  const front = pictures.find(
    (p) => p.type?.toLowerCase() === 'cover (front)' || /^(front|cover)$/i.test(p.name ?? p.description ?? ''),
  )
  return front ?? pictures[0] ?? null
}

/** The file name without its extension: the title shown when the file has no title tag. */
export function fileTitle(path: string): string {
  const name = basename(path)
  return name.slice(0, name.length - extname(name).length) || name
}

const text = (v: unknown): string | null => {
  if (typeof v !== 'string') return null
  const t = v.replace(/\0+$/, '').trim()
  return t.length > 0 ? t : null
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null)

/** Lower-case codec name in the vocabulary of FingerprintMeta.codec ('mp3', 'flac', 'vorbis', 'aac', 'pcm', …). */
function normaliseCodec(codec: string | undefined, container: string | undefined): string | null {
  const c = (codec ?? '').toLowerCase()
  if (c.includes('layer 3') || c === 'mp3') return 'mp3'
  if (c.includes('layer 2')) return 'mp2'
  if (c.includes('vorbis')) return 'vorbis'
  if (c.includes('opus')) return 'opus'
  if (c.includes('flac')) return 'flac'
  if (c.includes('alac')) return 'alac'
  if (c.includes('aac') || c.includes('mp4a')) return 'aac'
  if (c.includes('pcm') || c.includes('ieee_float') || c.includes('float')) return 'pcm'
  if (c) return c.split(/\s+/)[0] ?? c
  const k = (container ?? '').toLowerCase()
  if (k.includes('wave')) return 'pcm'
  return k || null
}

/** A parse that takes longer than this (a pathological file) is given up: the file keeps no tags. */
const TAG_TIMEOUT_MS = 15_000

/**
 * Reads the tags of one file; null when music-metadata cannot parse it (or not within TAG_TIMEOUT_MS, or
 * once `signal` aborts). With `picture`, the embedded cover's bytes come too. The file is opened as a regular file only, without blocking (a named pipe is
 * refused at once instead of holding a thread of libuv's pool), and the parse is aborted, not abandoned,
 * at the time limit.
 */
export async function readTags(
  path: string,
  signal?: AbortSignal,
  opts: { picture?: boolean } = {},
): Promise<FileTags | null> {
  const abortSignal = signal
    ? AbortSignal.any([signal, AbortSignal.timeout(TAG_TIMEOUT_MS)])
    : AbortSignal.timeout(TAG_TIMEOUT_MS)
  let meta: Awaited<ReturnType<typeof parseFromTokenizer>> | null
  try {
    const tokenizer = await fromFile(path, { regularFileOnly: true, abortSignal })
    try {
      meta = await parseFromTokenizer(tokenizer, {
        duration: false,
        skipCovers: !opts.picture,
        skipPostHeaders: true,
      })
    } finally {
      await tokenizer.close()
    }
  } catch {
    return null
  }
  if (!meta) return null
  const { common, format } = meta
  const year = num(common.year)
  return {
    title: text(common.title),
    artist: text(common.artist) ?? text(common.artists?.[0]),
    album: text(common.album),
    albumArtist: text(common.albumartist),
    trackNo: num(common.track?.no),
    discNo: num(common.disk?.no),
    year: year !== null && year < 10000 ? Math.round(year) : null,
    genre: text(common.genre?.[0]),
    durationSec: num(format.duration),
    codec: normaliseCodec(format.codec, format.container),
    bitrate: num(format.bitrate),
    sampleRate: num(format.sampleRate),
    channels: num(format.numberOfChannels),
    ...(opts.picture ? { picture: frontCover(common.picture)?.data ?? null } : {}),
  }
}
