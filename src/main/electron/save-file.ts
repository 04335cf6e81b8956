/**
 * `IPC.saveFile` (invoke, src/shared/desktop.ts): the renderer hands over a suggested file name and the text to
 * save (an exported M3U8 playlist); the main process asks where with the native save dialog and
 * writes it there. The renderer never names a path itself: the user picks it in the dialog.
 * `IPC.exportPlaylist` does the same for a saved playlist, so that its paths can be written relative
 * to the folder the user chose.
 */
import { writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import type { ApiRequest, ApiResponse } from '../../shared/api'

/** Largest text the renderer may ask to save (a 100 000-track playlist is ≈ 20 MB). */
export const MAX_SAVE_CHARS = 64 * 1024 * 1024

interface SaveRequest {
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

interface SaveDialog {
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

/** The library's playlist export (the core handler). */
type PlaylistExporter = (req: ApiRequest<'playlists.export'>) => Promise<ApiResponse<'playlists.export'>>

/** Checks the renderer's arguments for `IPC.exportPlaylist`: a playlist id and a flag. */
export function checkExportRequest(id: unknown, relative: unknown): { id: number; relative: boolean } | null {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null
  if (typeof relative !== 'boolean') return null
  return { id, relative }
}

/**
 * Exports a playlist where the user chooses: the dialog proposes the playlist's own file name; with
 * `relative`, entries are written relative to the chosen file's folder (the export runs again against
 * it). Returns the file name written, or null when the user cancelled.
 */
export async function exportPlaylistWithDialog(
  exporter: PlaylistExporter,
  req: { id: number; relative: boolean },
  folder: string,
  dialog: SaveDialog,
): Promise<string | null> {
  const first = await exporter({ id: req.id })
  const target = await dialog.ask(join(folder, first.fileName), extname(first.fileName).replace(/^\./, '') || 'm3u8')
  if (!target) return null
  const text = req.relative ? (await exporter({ id: req.id, relativeTo: dirname(target) })).m3u : first.m3u
  await writeFile(target, text, 'utf8')
  return basename(target)
}
