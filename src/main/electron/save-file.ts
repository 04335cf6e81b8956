/**
 * `IPC.saveFile` (invoke, src/shared/desktop.ts): the renderer hands over a suggested file name and the text to
 * save (an exported M3U8 playlist); the main process asks where with the native save dialog and
 * writes it there. The renderer never names a path itself: the user picks it in the dialog.
 */
import { writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'

/** Largest text the renderer may ask to save (a 100 000-track playlist is ≈ 20 MB). */
export const MAX_SAVE_CHARS = 64 * 1024 * 1024

export interface SaveRequest {
  fileName: string
  contents: string
}

/**
 * Checks the renderer's arguments: two strings, a bounded size, and a file name reduced to a plain
 * name (no folders, no control characters). Returns null for anything else.
 */
export function checkSaveRequest(fileName: unknown, contents: unknown): SaveRequest | null {
  if (typeof fileName !== 'string' || typeof contents !== 'string') return null
  if (contents.length > MAX_SAVE_CHARS) return null
  const plain = [...basename(fileName.replace(/[\\/]/g, '_'))].filter((c) => c >= ' ' && c !== '\u007f').join('')
  const name = plain.trim()
  if (!name || name === '.' || name === '..' || name.length > 255) return null
  return { fileName: name, contents }
}

export interface SaveDialog {
  /** The path the user chose, or null when they cancelled. */
  ask(defaultPath: string, ext: string): Promise<string | null>
}

/** Asks where, then writes the text as UTF-8; false when the user cancelled. */
export async function saveWithDialog(req: SaveRequest, folder: string, dialog: SaveDialog): Promise<boolean> {
  const ext = extname(req.fileName).replace(/^\./, '') || 'txt'
  const target = await dialog.ask(join(folder, req.fileName), ext)
  if (!target) return false
  await writeFile(target, req.contents, 'utf8')
  return true
}
