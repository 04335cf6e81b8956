/**
 * `soundprint-audio://track/<id>`: serves a track's file by id (never by path) with Range support,
 * so the renderer's <audio> element can seek.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import { parseRange } from '../core/http-range'
import type { Core } from '../core/service'
import { AUDIO_SCHEME } from './window'

/** Must run before the app is ready. */
export function registerAudioSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: AUDIO_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ])
}

/** Parses `soundprint-audio://track/<id>` into the track id, or null. */
export function trackIdFromAudioUrl(url: string): number | null {
  const m = new RegExp(`^${AUDIO_SCHEME}://track/(\\d{1,12})/?$`).exec(url)
  return m ? Number(m[1]) : null
}

export function handleAudioProtocol(core: Pick<Core, 'audioFile'>): void {
  protocol.handle(AUDIO_SCHEME, async (request) => {
    const id = trackIdFromAudioUrl(request.url)
    const file = id === null ? null : core.audioFile(id)
    if (!file) return new Response('not found', { status: 404 })
    let size: number
    try {
      size = (await stat(file.path)).size
    } catch {
      return new Response('file is missing', { status: 404 })
    }
    const range = parseRange(request.headers.get('range'), size)
    const headers = new Headers({ 'Content-Type': file.mime, 'Accept-Ranges': 'bytes' })
    if (range.kind === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`)
      return new Response(null, { status: 416, headers })
    }
    const start = range.kind === 'partial' ? range.start : 0
    const end = range.kind === 'partial' ? range.end : size - 1
    headers.set('Content-Length', String(Math.max(0, end - start + 1)))
    if (range.kind === 'partial') headers.set('Content-Range', `bytes ${start}-${end}/${size}`)
    const body = size === 0 ? null : (Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream)
    return new Response(body, { status: range.kind === 'partial' ? 206 : 200, headers })
  })
}
