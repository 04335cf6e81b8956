/**
 * The main window: secure web preferences, the Content-Security-Policy, and remembered bounds.
 * Pure functions here (options, CSP, state clamping) are unit-tested without Electron.
 */

import { posix, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron'
import { rendererContentSecurityPolicy } from '../../shared/csp'
import { AUDIO_SCHEME } from '../../shared/desktop'

/**
 * Strict CSP for the renderer (src/shared/csp.ts), with audio only from the audio scheme. Sent as a
 * response header for every app page.
 */
export const CONTENT_SECURITY_POLICY = rendererContentSecurityPolicy(`${AUDIO_SCHEME}:`)

export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false }

export function mainWindowOptions(state: WindowState, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Soundprint',
    backgroundColor: '#16171d',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  }
}

/**
 * Parses a saved window state, keeping it only if it is well-formed and still visible on one of
 * the current displays (a monitor may have been unplugged since).
 */
export function restoreWindowState(saved: unknown, displays: Rectangle[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return { ...DEFAULT_WINDOW_STATE }
  const s = saved as Record<string, unknown>
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined
  const width = num(s.width)
  const height = num(s.height)
  if (width === undefined || height === undefined || width < 200 || height < 200) return { ...DEFAULT_WINDOW_STATE }
  const state: WindowState = { width, height, maximized: s.maximized === true }
  const x = num(s.x)
  const y = num(s.y)
  if (x !== undefined && y !== undefined) {
    const visible = displays.some(
      (d) => x + 100 > d.x && y + 50 > d.y && x < d.x + d.width - 100 && y < d.y + d.height - 50,
    )
    if (visible) {
      state.x = x
      state.y = y
    }
  }
  return state
}

/**
 * Whether the app may navigate to a URL: only its own pages, i.e. a `file:` URL with no host whose
 * decoded, normalised path is inside the renderer folder. Compares parsed paths, not strings:
 * `file://evilhost/<renderer dir>/…` (a network share on Windows), a sibling `…/renderer-evil/x.html`,
 * and `..` segments, plain or percent-encoded (an encoded `/` is refused outright), all fail.
 */
export function isAllowedNavigation(url: string, rendererDir: string, platform = process.platform): boolean {
  const path = platform === 'win32' ? win32 : posix
  try {
    const u = new URL(url)
    if (u.protocol !== 'file:' || u.host !== '') return false
    // Throws on an encoded separator; decodes the rest; drive letters on Windows.
    const file = path.resolve(fileURLToPath(u, { windows: platform === 'win32' }))
    const rel = path.relative(path.resolve(rendererDir), file)
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  } catch {
    return false
  }
}

/** The frame an IPC message came from, as Electron's `event.senderFrame` describes it. */
export interface IpcSenderFrame {
  readonly url: string
  readonly parent: unknown
}

/** Whether an IPC message comes from the app's own page: the top frame, showing a page of the app. */
export function isTrustedSender(frame: IpcSenderFrame | null | undefined, rendererDir: string): boolean {
  return !!frame && frame.parent === null && isAllowedNavigation(frame.url, rendererDir)
}
