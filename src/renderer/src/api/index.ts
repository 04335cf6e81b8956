/**
 * The one SoundprintApi the renderer talks to, picked at start: the Electron preload's
 * `window.soundprint` when present, otherwise HTTP + SSE against the server that served this page
 * (with the `?token=` of the page URL, if any). Tests install their own with `setApi`.
 */
import type { SoundprintApi } from '../../../shared/api'
import type { SoundprintBridge } from './bridge'
import { createHttpApi } from './http'

export type { SoundprintBridge } from './bridge'
export { ApiCallError, errorCode, errorMessage } from './errors'

export type ClientApi = SoundprintApi & {
  pathForFile?: SoundprintBridge['pathForFile']
  chooseFolder?: SoundprintBridge['chooseFolder']
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

/** Whether we run inside the desktop app (the preload is present). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && !!window.soundprint
}
