/**
 * M3U playlists, pure text in and out (no file system access):
 * - `formatM3u` writes extended M3U8: UTF-8 text starting with `#EXTM3U`, then per track
 *   `#EXTINF:<seconds>,<artist> - <title>` (whole seconds, −1 when unknown; just the title without an
 *   artist) and the file's path — absolute, or relative to the playlist file's folder (`relativeTo`),
 *   always with forward slashes when relative so the file works on every platform.
 * - `parseM3u` reads M3U and M3U8: `#EXTM3U`/`#EXTINF`/other `#` lines are skipped, blank lines too;
 *   CRLF, CR and LF line ends; a UTF-8 byte order mark; `file://` URLs (percent-decoded).
 * - `decodeM3u` turns file bytes into text: UTF-8 when the bytes are valid UTF-8 (with or without BOM),
 *   else Windows-1252/Latin-1, which is what old `.m3u` files on Windows are written in.
 * - `resolveM3uEntry` makes an entry absolute: relative entries against the playlist's folder, and
 *   Windows separators (`..\Music\a.mp3`) read as `/` on POSIX systems.
 */

import { isAbsolute, posix, relative, resolve, sep, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'
import { replaceControlChars } from '../../shared/text'

interface M3uTrack {
  path: string
  durationSec: number | null
  title: string
  artist: string | null
}

/** One line of text: control characters (newlines would break the format) become spaces; trimmed. */
export function oneLine(s: string): string {
  return replaceControlChars(s, ' ').replace(/ {2,}/g, ' ').trim()
}

/** The path as written into a playlist in folder `relativeTo` (absolute when not given or not expressible). */
function m3uPath(path: string, relativeTo?: string): string {
  if (!relativeTo) return path
  const rel = relative(relativeTo, path)
  if (rel === '' || isAbsolute(rel)) return path // another drive on Windows: keep the absolute path
  return sep === '\\' ? rel.split('\\').join('/') : rel
}

export function formatM3u(tracks: readonly M3uTrack[], opts: { relativeTo?: string } = {}): string {
  const lines = ['#EXTM3U']
  for (const t of tracks) {
    const seconds = t.durationSec !== null && Number.isFinite(t.durationSec) ? Math.round(t.durationSec) : -1
    const title = oneLine(t.title)
    const artist = t.artist ? oneLine(t.artist) : ''
    lines.push(`#EXTINF:${seconds},${artist ? `${artist} - ${title}` : title}`)
    lines.push(m3uPath(t.path, opts.relativeTo))
  }
  return `${lines.join('\n')}\n`
}

/** The entries (paths or URLs as written) of an M3U/M3U8 text, in order. */
export function parseM3u(text: string): string[] {
  const out: string[] = []
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    out.push(line)
  }
  return out
}

/** Windows-1252's characters for bytes 0x80–0x9F (where Latin-1 has control codes); 0 = undefined there. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
]

/** Playlist file bytes as text: UTF-8 if valid, else Windows-1252 (Latin-1 plus € “ ” … in 0x80–0x9F). */
export function decodeM3u(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    // Node's TextDecoder may lack windows-1252 (small ICU builds): decode it here.
    let out = ''
    for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b)
    return out
  }
}

/**
 * The absolute path an entry names, or null for what cannot be a local file (http:// and other URLs,
 * a Windows drive path on a POSIX system). `baseDir`: the playlist file's folder, for relative entries.
 */
export function resolveM3uEntry(entry: string, baseDir?: string): string | null {
  if (/^file:/i.test(entry)) {
    try {
      return fileURLToPath(entry)
    } catch {
      return null
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(entry)) return null
  if (sep === '/') {
    if (win32.isAbsolute(entry) && !entry.startsWith('/')) return null // C:\… or \\server\… on POSIX
    const p = entry.includes('\\') ? entry.split('\\').join('/') : entry
    if (posix.isAbsolute(p)) return posix.normalize(p)
    return baseDir ? posix.resolve(baseDir, p) : null
  }
  if (isAbsolute(entry)) return resolve(entry)
  return baseDir ? resolve(baseDir, entry) : null
}

/** A file name for a playlist called `name`: no path separators or characters Windows refuses. */
export function m3uFileName(name: string): string {
  const safe = oneLine(name)
    .replace(/[<>:"/\\|?*]+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120)
  return `${safe || 'playlist'}.m3u8`
}
