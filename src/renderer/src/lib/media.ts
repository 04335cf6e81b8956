/**
 * Where the renderer's <audio> and <img> elements load from: a track's audio and a cover image, as
 * the transport in use serves them (the desktop app's `soundprint-audio:` scheme, or the server).
 */
import type { CoverSize } from '../../../shared/api'
import { getApi } from '../api'

export const audioUrl = (trackId: number): string => getApi().audioUrl(trackId)

export const coverUrl = (coverId: string, size: CoverSize): string => getApi().coverUrl(coverId, size)
