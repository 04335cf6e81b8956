/**
 * HTTP Range requests (RFC 9110 §14) for serving audio files: parses a `Range` header against the
 * file size. One range only (what media elements send); multiple ranges are served as a whole file.
 */

type RangeResult =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number } // inclusive end
  | { kind: 'unsatisfiable' }

export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' }
  const m = /^bytes=(\d*)-(\d*)$/i.exec(header.trim()) // units are case-insensitive (RFC 9110 §14.1)
  if (!m) return { kind: 'full' } // unknown unit or multiple ranges: ignore the header
  const [, a = '', b = ''] = m
  if (a === '' && b === '') return { kind: 'full' }
  if (size === 0) return { kind: 'unsatisfiable' }
  if (a === '') {
    // suffix range: the last b bytes
    const n = Number(b)
    if (n === 0) return { kind: 'unsatisfiable' }
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(a)
  if (start >= size) return { kind: 'unsatisfiable' }
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1)
  if (end < start) return { kind: 'unsatisfiable' }
  return { kind: 'partial', start, end }
}

/** MIME type of an audio file from its extension. */
export function audioMimeType(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  switch (ext) {
    case 'mp3':
      return 'audio/mpeg'
    case 'flac':
      return 'audio/flac'
    case 'ogg':
    case 'oga':
      return 'audio/ogg'
    case 'opus':
      return 'audio/ogg; codecs=opus'
    case 'm4a':
    case 'mp4':
      return 'audio/mp4'
    case 'aac':
      return 'audio/aac'
    case 'wav':
    case 'wave':
      return 'audio/wav'
    case 'aif':
    case 'aiff':
    case 'aifc':
      return 'audio/aiff'
    default:
      return 'application/octet-stream'
  }
}
