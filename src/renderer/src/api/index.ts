/**
 * The one SoundprintApi the renderer talks to, picked at start: the Electron preload's
 * `window.soundprint` when present, otherwise HTTP + SSE against the server that served this page
 * (with the `?token=` of the page URL, if any). Tests install their own with `setApi`.
 */
import type { SoundprintApi } from '../../../shared/api'
import type { DesktopBridge, DesktopHelpers } from '../../../shared/desktop'
import { createHttpApi } from './http'

export { ApiCallError, errorCode, errorMessage } from './errors'

declare global {
  interface Window {
    /** Exposed by the Electron preload (src/preload); absent in the browser. */
    soundprint?: DesktopBridge
  }
}

/** The contract, plus the desktop helpers when the preload is there (absent over HTTP). */
export type ClientApi = SoundprintApi &
  Partial<DesktopHelpers> & {
    /** Present on the HTTP transport: the event stream (re)opened (true) or dropped (false). */
    onConnection?(listener: (open: boolean) => void): () => void
  }

let current: ClientApi | null = null

export function getApi(): ClientApi {
  if (current) return current
  if (typeof window !== 'undefined' && window.soundprint) {
    current = window.soundprint
  } else {
    const token = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('token') : null
    current = createHttpApi({ token })
  }
  return current
}

export function setApi(api: ClientApi | null): void {
  current = api
}
