/** What the preload exposes as `window.soundprint`: the shared API plus desktop-only helpers. */
import type { SoundprintApi } from '../shared/api'

export interface DesktopBridge extends SoundprintApi {
  /** The filesystem path of a dropped File (folders included); '' when it has none. */
  pathForFile(file: File): string
  /** Opens the native folder dialog; the chosen folder, or null when cancelled. */
  chooseFolder(): Promise<string | null>
  /** Asks where with the native save dialog and writes `contents` there; false when cancelled. */
  saveFile(fileName: string, contents: string): Promise<boolean>
}
