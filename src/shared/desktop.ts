/**
 * The desktop app's names, defined once for the Electron main process (src/main/electron,
 * src/main/index.ts), the preload and the renderer: the IPC channels, the custom scheme that serves
 * audio and covers, and the bridge the preload exposes as `window.soundprint`.
 */
import type { CoverSize, SoundprintApi } from './api'

/** IPC channels between the preload and the main process. */
export const IPC = {
  /** invoke: (method, request) → { ok: true, value } | { ok: false, error, code? } */
  call: 'soundprint:call',
  /** main → renderer: (event name, payload) */
  event: 'soundprint:event',
  /** invoke: the native folder dialog → path | null */
  chooseFolder: 'soundprint:choose-folder',
  /** invoke: (file name, contents) → the native save dialog writes it; false when cancelled */
  saveFile: 'soundprint:save-file',
  /** invoke: (playlist id, relative paths?) → the native save dialog, then the export written there; file name | null */
  exportPlaylist: 'soundprint:export-playlist',
} as const

/** Custom scheme that serves a track's audio by id (with HTTP Range support) and covers. */
export const AUDIO_SCHEME = 'soundprint-audio'

/** `soundprint-audio://track/<id>`: a track's audio. */
export const desktopAudioUrl = (id: number): string => `${AUDIO_SCHEME}://track/${Math.trunc(id)}`

/** `soundprint-audio://cover/<id>?size=thumb|full`: a cover image. */
export const desktopCoverUrl = (coverId: string, size: CoverSize): string =>
  `${AUDIO_SCHEME}://cover/${encodeURIComponent(coverId)}?size=${size === 'full' ? 'full' : 'thumb'}`

/** What only the desktop app can do: the helpers the preload adds to the shared contract. */
export interface DesktopHelpers {
  /** The filesystem path of a dropped File (folders included; Electron's webUtils); '' when it has none. */
  pathForFile(file: File): string
  /** Opens the native folder dialog; the chosen folder, or null when cancelled. */
  chooseFolder(): Promise<string | null>
  /**
   * Asks where to save `contents` under `fileName` (the native save dialog) and writes it there; false
   * when the user cancelled. In the browser the renderer downloads a Blob instead.
   */
  saveFile(fileName: string, contents: string): Promise<boolean>
  /**
   * Exports a saved playlist as M3U8 where the user chooses (the native save dialog), with paths
   * relative to that file's folder when `relative`; the file name written, or null when cancelled.
   */
  exportPlaylist(id: number, relative: boolean): Promise<string | null>
}

/** `window.soundprint`, exposed by the preload: the shared API plus the desktop helpers. */
export type DesktopBridge = SoundprintApi & DesktopHelpers
