/**
 * Recursive discovery of audio files under a library folder.
 *
 * - Only files whose extension is in `AUDIO_EXTENSIONS` (case-insensitive).
 * - Hidden entries (name starting with '.') and system folders (`SYSTEM_DIR_NAMES`) are skipped; the
 *   root itself is walked whatever its name.
 * - Symbolic links are followed. Every directory and file is identified by device + inode of its target,
 *   so a link loop, a link to an ancestor or two links to one folder visit each folder and each file once.
 * - Folders that are library folders of their own (`otherRoots`) are not entered, and a link whose target lies
 *   inside one is not followed: those files are that folder's tracks, so a file is one track whichever path
 *   reaches it (`a/link_to_b → ../b` with `scan a b`).
 * - Unreadable folders, dangling or looping links, names the file system cannot give back (not UTF-8), paths
 *   over the OS limit and audio-named entries that are not regular files (a named pipe, a socket, a device)
 *   are reported to `onError` and skipped; the walk carries on. `skipReason` words such an error for users.
 * Entries are yielded in sorted order per folder, so repeated walks agree on which of two links wins.
 */
import type { Dirent, Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { extname, join, sep } from 'node:path'
import { entryKind, NotRegularFileError } from '../../dsp-worker/file-source'
import { AUDIO_EXTENSIONS } from '../../shared/dimensions'

export interface DiscoveredFile {
  path: string
  size: number
  mtimeMs: number
}

/** Folder names that are never music: OS bookkeeping, trash, package folders. */
const SYSTEM_DIR_NAMES: ReadonlySet<string> = new Set([
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

interface WalkOptions {
  /** device:inode keys already visited; share one set between the roots of a scan to visit nested roots once. */
  visited?: Set<string>
  onError?: (path: string, err: Error) => void
  /** Checked between folders; a true value stops the walk early. */
  shouldStop?: () => boolean
  /** Other library folders: not entered, and links into them not followed (they are walked as themselves). */
  otherRoots?: readonly string[]
  /**
   * Called for each folder read, before its files are yielded, with the names of its entries (hidden ones
   * left out): the importer finds a folder's cover image there without reading the folder again.
   */
  onFolder?: (dir: string, names: string[]) => void
}

/** Why a walk skipped `path` (from the error `onError` received), in words for users. */
export function skipReason(path: string, err: Error): string {
  if (err instanceof NotRegularFileError) return `${err.message}; only regular files are imported`
  const code = (err as NodeJS.ErrnoException).code
  if (path.includes('\uFFFD') && (code === 'ENOENT' || code === 'EILSEQ'))
    return 'the name is not valid UTF-8, so it cannot be opened by name; rename it'
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (not readable by this user)'
    case 'ENOENT':
      return 'dangling symbolic link, or removed while the folder was read'
    case 'ELOOP':
      return 'symbolic link loop'
    case 'ENAMETOOLONG':
      return 'the path is longer than the operating system allows'
    case 'ENOTDIR':
      return 'a folder on the path is not a folder'
    default:
      return `cannot be read (${err.message})`
  }
}

const STAT_CONCURRENCY = 32

const idOf = (st: Stats): string => `${st.dev}:${st.ino}`

/** Yields every audio file under `root` (a folder, or a single audio file). */
export async function* walk(root: string, opts: WalkOptions = {}): AsyncGenerator<DiscoveredFile> {
  const visited = opts.visited ?? new Set<string>()
  const onError = opts.onError ?? (() => {})
  const others = await otherRootsOf(opts.otherRoots ?? [])
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
      yield* statAndVisit(await notIntoOthers(links.splice(0), others), visited, onError, stack, others)
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
    opts.onFolder?.(
      dir,
      entries.filter((e) => !isSkippedName(e.name)).map((e) => e.name),
    )
    const direct: string[] = []
    for (const e of entries) {
      if (isSkippedName(e.name)) continue
      const p = join(dir, e.name)
      if (e.isSymbolicLink()) links.push(p)
      else if (e.isDirectory()) direct.push(p)
      else if (isAudioFileName(e.name)) {
        // A file, or a type the directory entry does not tell (stat decides); a pipe or device is reported.
        if (e.isFIFO() || e.isSocket() || e.isBlockDevice() || e.isCharacterDevice())
          onError(p, new NotRegularFileError(entryKind(e)))
        else direct.push(p)
      }
    }
    const subdirs: string[] = []
    yield* statAndVisit(direct, visited, onError, subdirs, others)
    // Reverse so that popping visits sub-folders in sorted order.
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k]!)
  }
}

interface OtherRoots {
  /** device:inode of each other root folder. */
  ids: Set<string>
  /** Their real paths, each ending with the separator. */
  prefixes: string[]
}

async function otherRootsOf(paths: readonly string[]): Promise<OtherRoots> {
  const ids = new Set<string>()
  const prefixes: string[] = []
  for (const p of paths) {
    try {
      ids.add(idOf(await stat(p)))
      const real = await realpath(p)
      prefixes.push(real.endsWith(sep) ? real : real + sep)
    } catch {
      // A root that is gone right now holds nothing to skip.
    }
  }
  return { ids, prefixes }
}

/** The links whose target does not lie inside another root (those are that root's files). */
async function notIntoOthers(links: string[], others: OtherRoots): Promise<string[]> {
  if (others.prefixes.length === 0) return links
  const out: string[] = []
  for (const p of links) {
    const real = await realpath(p).catch(() => null)
    if (real !== null && others.prefixes.some((pre) => real.startsWith(pre) || `${real}${sep}` === pre)) continue
    out.push(p) // unresolvable links go on to stat, which reports why
  }
  return out
}

/** Stats `paths` (a few at a time), yields the unvisited audio files and appends unvisited folders to `dirs`. */
async function* statAndVisit(
  paths: string[],
  visited: Set<string>,
  onError: (path: string, err: Error) => void,
  dirs: string[],
  others: OtherRoots,
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
        if (others.ids.has(id)) continue
        visited.add(id)
        dirs.push(p)
      } else if (isAudioFileName(p)) {
        visited.add(id)
        if (st.isFile()) yield { path: p, size: st.size, mtimeMs: st.mtimeMs }
        else onError(p, new NotRegularFileError(entryKind(st)))
      }
    }
  }
}
