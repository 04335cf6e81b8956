/**
 * Which file a track id may stream as audio — the one check behind both `GET /api/audio/<id>`
 * (`soundprint serve`) and the desktop app's `soundprint-audio://track/<id>` protocol:
 * - the track is audio: not missing, and not failed for what the file holds (a text file named
 *   `.mp3`, random bytes, an empty file). A failure that says nothing against the file (a worker that
 *   crashed or timed out, no ffmpeg for this format) still plays: the browser may well decode it;
 * - its real path (every symbolic link resolved) is inside the real path of a library folder, so a
 *   `passwd.mp3 -> /etc/passwd` link in a music folder is not a way to read the rest of the disk;
 * - it is a regular file (not a FIFO, a device or a folder).
 * The answer names the real path, so the caller streams exactly the file that was checked.
 */
import { realpath, stat } from 'node:fs/promises'
import { sep } from 'node:path'
import type { TrackState } from '../../shared/api'
import { audioMimeType } from './http-range'
import { TRANSIENT_ERROR_CODES } from './library'

export type AudioLookup =
  | { ok: true; path: string; mime: string; size: number; mtimeMs: number }
  | { ok: false; code: 'not_found' | 'file_missing' | 'not_audio' | 'outside_library'; message: string }

interface TrackFileRow {
  path: string
  state: TrackState
  errorCode: string | null
}

/** Whether `path` is `dir` or inside it (both already real paths). */
function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep)
}

export async function checkAudioAccess(id: number, track: TrackFileRow | null, roots: string[]): Promise<AudioLookup> {
  if (!track) return { ok: false, code: 'not_found', message: `no track with id ${id}` }
  if (track.state === 'missing') {
    return { ok: false, code: 'file_missing', message: `the file of track ${id} is missing: ${track.path}` }
  }
  if (track.state === 'failed' && !TRANSIENT_ERROR_CODES.includes(track.errorCode ?? '')) {
    return {
      ok: false,
      code: 'not_audio',
      message: `track ${id} is not playable audio (it failed: ${track.errorCode})`,
    }
  }
  const real = await realpath(track.path).catch(() => null)
  const info = real === null ? null : await stat(real).catch(() => null)
  if (real === null || !info?.isFile()) {
    return { ok: false, code: 'file_missing', message: `the file of track ${id} is missing: ${track.path}` }
  }
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => null)))
  if (!realRoots.some((r) => r !== null && isInside(real, r))) {
    return {
      ok: false,
      code: 'outside_library',
      message: `the file of track ${id} is a link to a file outside the library folders`,
    }
  }
  return { ok: true, path: real, mime: audioMimeType(track.path), size: info.size, mtimeMs: info.mtimeMs }
}
