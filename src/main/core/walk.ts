/**
 * Recursive discovery of audio files under a library folder.
 *
 * - Only files whose extension is in `AUDIO_EXTENSIONS` (case-insensitive).
 * - Hidden entries (name starting with '.') and system folders (`SYSTEM_DIR_NAMES`) are skipped; the
 *   root itself is walked whatever its name.
 * - Symbolic links are followed. Every directory and file is identified by device + inode of its target,
 *   so a link loop, a link to an ancestor or two links to one folder visit each folder and each file once.
 * - Unreadable folders and dangling links are reported to `onError` and skipped; the walk carries on.
 * Entries are yielded in sorted order per folder, so repeated walks agree on which of two links wins.
 */
import type { Dirent, Stats } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { AUDIO_EXTENSIONS } from '../../shared/dimensions'

export interface DiscoveredFile {
  path: string
  size: number
  mtimeMs: number
}

/** Folder names that are never music: OS bookkeeping, trash, package folders. */
export const SYSTEM_DIR_NAMES: ReadonlySet<string> = new Set([
  '$RECYCLE.BIN',
  'System Volume Information',
  'lost+found',
  '__MACOSX',
  'node_modules',
  '@eaDir', // Synology thumbnails
  '#recycle',
])

const AUDIO_EXT_SET: ReadonlySet<string> = new Set(AUDIO_EXTENSIONS)

export function isAudioFileName(name: string): boolean {
  return AUDIO_EXT_SET.has(extname(name).toLowerCase())
}

export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_DIR_NAMES.has(name)
}

export interface WalkOptions {
  /** device:inode keys already visited; share one set between the roots of a scan to visit nested roots once. */
  visited?: Set<string>
  onError?: (path: string, err: Error) => void
  /** Checked between folders; a true value stops the walk early. */
  shouldStop?: () => boolean
}

const STAT_CONCURRENCY = 32

const idOf = (st: Stats): string => `${st.dev}:${st.ino}`

/** Yields every audio file under `root` (a folder, or a single audio file). */
export async function* walk(root: string, opts: WalkOptions = {}): AsyncGenerator<DiscoveredFile> {
  const visited = opts.visited ?? new Set<string>()
  const onError = opts.onError ?? (() => {})
  let rootStat: Stats
  try {
    rootStat = await stat(root)
  } catch (err) {
    onError(root, err as Error)
    return
  }
  if (rootStat.isFile()) {
    if (isAudioFileName(root) && !visited.has(idOf(rootStat))) {
      visited.add(idOf(rootStat))
      yield { path: root, size: rootStat.size, mtimeMs: rootStat.mtimeMs }
    }
    return
  }
  if (!rootStat.isDirectory() || visited.has(idOf(rootStat))) return
  visited.add(idOf(rootStat))

  // Depth-first with an explicit stack of folders still to read (memory: one entry per pending folder).
  // Symbolic links are followed only once the real tree is done, so a file reachable both directly and
  // through a link is reported under its real path.
  const stack: string[] = [root]
  const links: string[] = []
  while (stack.length > 0 || links.length > 0) {
    if (opts.shouldStop?.()) return
    if (stack.length === 0) {
      // Resolve the deferred links: folders join the stack, files are reported.
      yield* statAndVisit(links.splice(0), visited, onError, stack)
      continue
    }
    const dir = stack.pop()!
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      onError(dir, err as Error)
      continue
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const direct: string[] = []
    for (const e of entries) {
      if (isSkippedName(e.name)) continue
      const p = join(dir, e.name)
      if (e.isSymbolicLink()) links.push(p)
      else if (e.isDirectory() || (e.isFile() && isAudioFileName(e.name))) direct.push(p)
    }
    const subdirs: string[] = []
    yield* statAndVisit(direct, visited, onError, subdirs)
    // Reverse so that popping visits sub-folders in sorted order.
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k]!)
  }
}

/** Stats `paths` (a few at a time), yields the unvisited audio files and appends unvisited folders to `dirs`. */
async function* statAndVisit(
  paths: string[],
  visited: Set<string>,
  onError: (path: string, err: Error) => void,
  dirs: string[],
): AsyncGenerator<DiscoveredFile> {
  for (let i = 0; i < paths.length; i += STAT_CONCURRENCY) {
    const chunk = paths.slice(i, i + STAT_CONCURRENCY)
    const stats = await Promise.all(chunk.map((p) => stat(p).catch((err: Error) => err)))
    for (let j = 0; j < chunk.length; j++) {
      const p = chunk[j]!
      const st = stats[j]!
      if (st instanceof Error) {
        onError(p, st)
        continue
      }
      const id = idOf(st)
      if (visited.has(id)) continue
      if (st.isDirectory()) {
        visited.add(id)
        dirs.push(p)
      } else if (st.isFile() && isAudioFileName(p)) {
        visited.add(id)
        yield { path: p, size: st.size, mtimeMs: st.mtimeMs }
      }
    }
  }
}
