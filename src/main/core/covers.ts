/**
 * Cover art: where a track's cover comes from, how it is stored and how it is looked up for serving.
 *
 * - Source: the file's embedded picture (the front cover when it names one, else the first), else an image
 *   in the track's folder named cover.*, folder.* or front.* (jpg, jpeg, png, webp; case-insensitive).
 * - Id: `coverIdOf(bytes)`, the first 128 bits of the SHA-256 of the image's bytes in hex — content-addressed,
 *   so the tracks of an album share one cover and its files are written once.
 * - Files: under `<library dir>/covers/<first 2 hex>/` beside the database, never in it: `<id>-thumb` (at most
 *   256 px a side) and `<id>-full` (at most 1200 px), JPEG made by one run of ffmpeg (the system's, else the
 *   bundled one the decoders use); written to a temporary name and renamed, so a reader never sees half a
 *   file; skipped when present. Without any ffmpeg the original image is stored as both (browsers show
 *   JPEG, PNG, WebP and GIF). The type of a stored file is read from its first bytes.
 * - An image ffmpeg cannot read (corrupt, truncated, not an image) gives no cover; the track imports normally.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { findBundledFfmpeg } from '../../dsp-worker/decoders/bundled-ffmpeg'
import { findFfmpeg } from '../../dsp-worker/decoders/ffmpeg'
import { openRegularFile } from '../../dsp-worker/file-source'
import type { CoverSize } from '../../shared/api'

/** Longest side of a thumbnail (the grid, the player) and of the full-size copy (the album page, the OS). */
const THUMB_PX = 256
const FULL_PX = 1200
/** Larger images (embedded or beside the files) are ignored: no real cover needs that much. */
const MAX_IMAGE_BYTES = 16 * 1024 * 1024
/** ffmpeg gets this long to make a cover's two files before it is stopped (the cover is then skipped). */
const FFMPEG_TIMEOUT_MS = 20_000

/** A cover id: 32 lower-case hex digits. Anything else is never turned into a path. */
const COVER_ID_PATTERN = /^[0-9a-f]{32}$/
const COVER_SIZES: readonly CoverSize[] = ['thumb', 'full']
/** How long a served cover may be cached: the same id always means the same bytes (content-addressed). */
export const COVER_CACHE_CONTROL = 'private, max-age=31536000, immutable'

export function coverIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32)
}

/** `<folder of the database>/covers`. */
export function coversDirFor(dbPath: string): string {
  return join(dirname(dbPath), 'covers')
}

/** Folder-image names in order of preference: cover before folder before front, JPEG before PNG before WebP. */
const FOLDER_STEMS = ['cover', 'folder', 'front']
const FOLDER_EXTS = ['jpg', 'jpeg', 'png', 'webp']

/** The preferred cover image among a folder's entry names, or null (case-insensitive; hidden names never). */
export function pickFolderImage(names: Iterable<string>): string | null {
  let best: string | null = null
  let bestRank = Number.POSITIVE_INFINITY
  for (const name of names) {
    const m = /^([^.]+)\.([^.]+)$/.exec(name.toLowerCase())
    if (!m) continue
    const s = FOLDER_STEMS.indexOf(m[1]!)
    const e = FOLDER_EXTS.indexOf(m[2]!)
    if (s < 0 || e < 0) continue
    const rank = s * FOLDER_EXTS.length + e
    // Equal ranks (Cover.jpg and cover.JPG on a case-sensitive disk): the first name in byte order wins.
    if (rank < bestRank || (rank === bestRank && best !== null && name < best)) {
      best = name
      bestRank = rank
    }
  }
  return best
}

/** Whether a file name is one `pickFolderImage` would take (cover.jpg, Folder.PNG, …). */
export function isFolderImageName(name: string): boolean {
  return pickFolderImage([name]) !== null
}

/** The image type from its first bytes, or null when it is none the app shows. */
export function sniffImageType(head: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | null {
  const b = head
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp'
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'image/gif'
  return null
}

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to))

/** The ffmpeg that makes thumbnails: the system's, else the one bundled with the app; null without either. */
function thumbnailFfmpeg(): string | null {
  return findFfmpeg() ?? findBundledFfmpeg()
}

/** What the server and the desktop protocol answer for a cover request. */
export type CoverLookup =
  | { ok: true; data: Buffer; mime: string; etag: string }
  | { ok: false; status: 400 | 404; message: string }

/**
 * Checks a cover request's id and size as a client sent them (the URL's path segment and `size` query,
 * absent = thumb): a bad size or an id that is not a cover id answers 400 before anything touches the disk.
 */
export function parseCoverRequest(
  idText: string,
  sizeText: string | null,
): { ok: true; id: string; size: CoverSize } | { ok: false; status: 400; message: string } {
  const size = sizeText ?? 'thumb'
  if (!(COVER_SIZES as readonly string[]).includes(size))
    return { ok: false, status: 400, message: `size must be thumb or full, not "${size.slice(0, 20)}"` }
  if (!COVER_ID_PATTERN.test(idText))
    return { ok: false, status: 400, message: `bad cover id "${idText.slice(0, 40)}" (32 hex digits)` }
  return { ok: true, id: idText, size: size as CoverSize }
}

/** The files of the covers folder; `put` stores an image, `read` finds one for serving. */
export class CoverStore {
  private tmpSeq = 0

  /** `ffmpeg`: the binary to use (default: `thumbnailFfmpeg()` at each use); null stores originals. */
  constructor(
    readonly dir: string,
    private readonly opts: { ffmpeg?: string | null } = {},
  ) {}

  path(id: string, size: CoverSize): string {
    return join(this.dir, id.slice(0, 2), `${id}-${size}`)
  }

  /** Whether both files of a cover are there. */
  async has(id: string): Promise<boolean> {
    const [a, b] = await Promise.all(COVER_SIZES.map((s) => stat(this.path(id, s)).catch(() => null)))
    return !!a?.isFile() && a.size > 0 && !!b?.isFile() && b.size > 0
  }

  /**
   * Stores an image (its bytes; `source`: the file they were read from, when there is one) and returns its
   * cover id, or null when it is no image that can be shown. Nothing is written when the cover exists.
   * `id`: `coverIdOf(bytes)` when the caller has it already.
   */
  async put(bytes: Uint8Array, source?: string, id = coverIdOf(bytes)): Promise<string | null> {
    if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) return null
    if (await this.has(id)) return id
    const folder = dirname(this.path(id, 'thumb'))
    await mkdir(folder, { recursive: true })
    const tmp = (size: CoverSize) => join(folder, `.${id}-${size}.${process.pid}-${++this.tmpSeq}.tmp`)
    const thumbTmp = tmp('thumb')
    const fullTmp = tmp('full')
    try {
      const ffmpeg = this.opts.ffmpeg === undefined ? thumbnailFfmpeg() : this.opts.ffmpeg
      if (ffmpeg) {
        if (!(await this.scale(ffmpeg, bytes, source, thumbTmp, fullTmp))) return null
      } else {
        // No ffmpeg at all: the original, when it is a type browsers show.
        if (!sniffImageType(bytes)) return null
        await writeFile(thumbTmp, bytes)
        await writeFile(fullTmp, bytes)
      }
      // Full first: `has` looks at both, and a cover is complete once its thumbnail is there.
      await rename(fullTmp, this.path(id, 'full'))
      await rename(thumbTmp, this.path(id, 'thumb'))
      return id
    } catch {
      return null
    } finally {
      await Promise.all([rm(thumbTmp, { force: true }), rm(fullTmp, { force: true })])
    }
  }

  /** Runs ffmpeg once for both sizes; true when both came out non-empty. */
  private async scale(
    ffmpeg: string,
    bytes: Uint8Array,
    source: string | undefined,
    thumbOut: string,
    fullOut: string,
  ): Promise<boolean> {
    // ffmpeg reads a file (older builds cannot probe WebP from a pipe): the source itself, or the bytes
    // written out under a name whose extension names their type.
    let input = source
    let written: string | null = null
    if (!input) {
      const ext = (sniffImageType(bytes) ?? 'image/img').split('/')[1]
      written = `${thumbOut}.src.${ext}`
      await writeFile(written, bytes)
      input = written
    }
    const scaleTo = (px: number) =>
      `scale=w='min(${px},iw)':h='min(${px},ih)':force_original_aspect_ratio=decrease:flags=lanczos`
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-threads',
      '1',
      '-i',
      input,
      '-filter_complex',
      `[0:v]split=2[a][b];[a]${scaleTo(THUMB_PX)}[t];[b]${scaleTo(FULL_PX)}[f]`,
      ...['-map', '[t]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', thumbOut],
      ...['-map', '[f]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '2', '-f', 'image2pipe', fullOut],
    ]
    try {
      const ok = await new Promise<boolean>((resolve) => {
        const child = spawn(ffmpeg, args, { stdio: 'ignore' })
        const timer = setTimeout(() => child.kill('SIGKILL'), FFMPEG_TIMEOUT_MS)
        child.once('error', () => {
          clearTimeout(timer)
          resolve(false)
        })
        child.once('close', (code) => {
          clearTimeout(timer)
          resolve(code === 0)
        })
      })
      if (!ok) return false
      const sizes = await Promise.all(
        [thumbOut, fullOut].map((p) =>
          stat(p).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      )
      return sizes.every((s) => s > 0)
    } finally {
      if (written) await rm(written, { force: true })
    }
  }

  /** A stored cover for serving: its bytes, type and validator; 404 when there is none. */
  async read(id: string, size: CoverSize): Promise<CoverLookup> {
    if (!COVER_ID_PATTERN.test(id)) return { ok: false, status: 400, message: `bad cover id "${id.slice(0, 40)}"` }
    const data = await readFile(this.path(id, size)).catch(() => null)
    if (!data || data.length === 0) return { ok: false, status: 404, message: `no cover ${id}` }
    return { ok: true, data, mime: sniffImageType(data) ?? 'application/octet-stream', etag: `"${id}-${size}"` }
  }
}

/** Reads a folder image's bytes, or null when it is not a regular file or is too big. */
export async function readImageFile(path: string): Promise<Uint8Array | null> {
  // Opened as a regular file only: a named pipe called cover.jpg is refused, not waited on.
  const fh = await openRegularFile(path).catch(() => null)
  if (!fh) return null
  try {
    const info = await fh.stat()
    if (!info.isFile() || info.size === 0 || info.size > MAX_IMAGE_BYTES) return null
    return await fh.readFile()
  } catch {
    return null
  } finally {
    await fh.close()
  }
}
