/**
 * `soundprint-audio://track/<id>`: serves a track's file by id (never by path) with Range support,
 * so the renderer's <audio> element can seek; only audio inside a library folder (`core/audio-access.ts`,
 * the same check as `soundprint serve`). `soundprint-audio://cover/<cover id>?size=thumb|full`: a cover
 * image by its content-addressed id, with the checks of `GET /api/cover/<id>` (`core/covers.ts`).
 */
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import { openRegularFile } from '../../dsp-worker/file-source'
import { AUDIO_SCHEME } from '../../shared/desktop'
import { COVER_CACHE_CONTROL, parseCoverRequest } from '../core/covers'
import { parseRange } from '../core/http-range'
import type { Core } from '../core/service'

/** Must run before the app is ready. */
export function registerAudioSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: AUDIO_SCHEME,
      // corsEnabled + the allow-origin header below: the player routes <audio crossorigin> through Web
      // Audio (level matching), which plays silence for audio from another origin without CORS.
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true },
    },
  ])
}

/** Parses `soundprint-audio://track/<id>` into the track id, or null. */
function trackIdFromAudioUrl(url: string): number | null {
  const m = new RegExp(`^${AUDIO_SCHEME}://track/(\\d{1,12})/?$`).exec(url)
  return m ? Number(m[1]) : null
}

/** Parses `soundprint-audio://cover/<id>?size=…` into its id and size text, or null when it is no cover URL. */
function coverFromAudioUrl(url: string): { idText: string; sizeText: string | null } | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${AUDIO_SCHEME}:` || u.hostname !== 'cover') return null
  return { idText: u.pathname.replace(/^\//, ''), sizeText: u.searchParams.get('size') }
}

/** A cover's answer: the image with a long cache lifetime (content-addressed), else the status and reason. */
async function coverResponse(core: Pick<Core, 'coverImage'>, idText: string, sizeText: string | null) {
  const parsed = parseCoverRequest(idText, sizeText)
  if (!parsed.ok) return new Response(parsed.message, { status: parsed.status })
  const cover = await core.coverImage(parsed.id, parsed.size)
  if (!cover.ok) return new Response(cover.message, { status: cover.status })
  return new Response(new Uint8Array(cover.data), {
    status: 200,
    headers: {
      'Content-Type': cover.mime,
      'Content-Length': String(cover.data.length),
      'Cache-Control': COVER_CACHE_CONTROL,
      ETag: cover.etag,
      'Access-Control-Allow-Origin': '*',
    },
  })
}

export function handleAudioProtocol(core: Pick<Core, 'audioFile' | 'coverImage'>): void {
  protocol.handle(AUDIO_SCHEME, async (request) => {
    const cover = coverFromAudioUrl(request.url)
    if (cover) return coverResponse(core, cover.idText, cover.sizeText)
    const id = trackIdFromAudioUrl(request.url)
    if (id === null) return new Response('not found', { status: 404 })
    const file = await core.audioFile(id)
    if (!file.ok) return new Response(file.message, { status: 404 })
    const size = file.size
    const range = parseRange(request.headers.get('range'), size)
    const headers = new Headers({
      'Content-Type': file.mime,
      'Accept-Ranges': 'bytes',
      // Only the app's own window can reach this scheme (no remote content is ever loaded).
      'Access-Control-Allow-Origin': '*',
    })
    if (range.kind === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`)
      return new Response(null, { status: 416, headers })
    }
    const start = range.kind === 'partial' ? range.start : 0
    const end = range.kind === 'partial' ? range.end : size - 1
    headers.set('Content-Length', String(Math.max(0, end - start + 1)))
    if (range.kind === 'partial') headers.set('Content-Range', `bytes ${start}-${end}/${size}`)
    // Opened as a regular file only: one swapped for a pipe after the access check is refused, not waited on.
    const fh = size === 0 ? null : await openRegularFile(file.path).catch(() => null)
    if (size !== 0 && !fh) return new Response(null, { status: 404, headers })
    const body = fh ? (Readable.toWeb(fh.createReadStream({ start, end })) as ReadableStream) : null
    return new Response(body, { status: range.kind === 'partial' ? 206 : 200, headers })
  })
}
