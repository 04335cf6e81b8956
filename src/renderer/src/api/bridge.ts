/**
 * The global the Electron preload exposes (`window.soundprint`): exactly the shared contract, plus two
 * optional desktop-only helpers. The preload (src/preload) must match this shape.
 */
import type { SoundprintApi } from '../../../shared/api'

export interface SoundprintBridge extends SoundprintApi {
  /** Absolute path of a dropped File (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile?(file: File): string
  /** Native folder picker; resolves to the chosen path, or null when the user cancels. */
  chooseFolder?(): Promise<string | null>
}

declare global {
  interface Window {
    soundprint?: SoundprintBridge
  }
}
