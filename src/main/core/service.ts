/**
 * The core as one object: the library database, the importer with its DSP pool, and similarity,
 * exposed as handlers for every method of the API contract (`src/shared/api.ts`) plus its events.
 * The HTTP server (`soundprint serve`) and the Electron IPC layer are thin transports over this.
 *
 * Handlers throw `CoreError` with a `code` the transports map to a status: 'not_found' (404),
 * 'invalid_request' / 'not_a_folder' (400), 'already_in_library' (409).
 */
import { statSync } from 'node:fs'
import { isAbsolute, resolve, sep } from 'node:path'
import {
  type ApiEvent,
  type ApiEvents,
  type ApiMethod,
  type ApiRequest,
  type ApiResponse,
  type CoverSize,
  type LibraryRoot,
  MAP_COLOR_KEYS,
  MAP_FIRST_COLOR,
  type SimilarTrack,
} from '../../shared/api'
import type { DimensionKey } from '../../shared/dimensions'
import { type AudioLookup, checkAudioAccess } from './audio-access'
import { Browse } from './browse'
import { CoreError } from './core-error'
import { type CoverLookup, CoverStore, coversDirFor } from './covers'
import { Importer } from './importer'
import { Library } from './library'
import { MapCache } from './map-cache'
import { nodeSpawner } from './node-spawner'
import { Playlists } from './playlists'
import { radioNext } from './radio'
import { readOnlyHandlers } from './read-only'
import { readSettings, writeSettings } from './settings'
import { SimilarityIndex } from './similarity'
import type { SonicSource } from './sonic-common'
import { findPath } from './sonic-path'
import { FolderWatcher, type FolderWatcherOptions } from './watcher'
import type { WorkerSpawner } from './worker-spawner'

export type ApiHandlers = { [M in ApiMethod]: (req: ApiRequest<M>) => Promise<ApiResponse<M>> }

export interface Core {
  readonly api: ApiHandlers
  /** The library is open read-only (this user may not write it): writing methods answer 'read_only'. */
  readonly readOnly?: boolean
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void
  /**
   * The file behind a track id for audio streaming, when it may be streamed (`audio-access.ts`: audio,
   * inside a library folder), else why not. Never accept raw paths from clients.
   */
  audioFile(id: number): Promise<AudioLookup>
  /**
   * A cover image by cover id (`TrackSummary.coverId`, content-addressed): its bytes and type, 400 for an id
   * that is not one (never a path), 404 when there is no such cover.
   */
  coverImage(id: string, size: CoverSize): Promise<CoverLookup>
  /** Stops the workers (pending work stays pending) and closes the database. */
  close(): Promise<void>
}

interface CoreOptions {
  dbPath: string
  /** Number of DSP workers (default: available parallelism). */
  workers?: number
  /** How workers are started: child_process.fork under Node (default), utilityProcess.fork in Electron. */
  spawner?: WorkerSpawner
  /** better-sqlite3 binary to load instead of node_modules' (the Electron-ABI build inside the desktop app). */
  sqliteNativeBinding?: string
  /** Pick up pending and interrupted analysis on open (default true). */
  autoResume?: boolean
  /**
   * Watch the library folders while open, when the `watchFolders` setting is on (watcher.ts): the desktop
   * app and `soundprint serve` do, CLI commands do not (default false).
   */
  watch?: boolean | Omit<FolderWatcherOptions, 'library' | 'importer' | 'onStatus'>
  /**
   * Compute the sonic map and the album list ahead of their first request, after opening and once
   * changes stop (the app and `serve`; default false): at 100 000 tracks each costs about a second.
   */
  warm?: boolean
}

export { CoreError }

/** When the album list is prepared (`warm`): after the sonic map's warm-up (map-cache.ts), not with it. */
const WARM_ALBUMS_AFTER_OPEN_MS = 2500
const WARM_ALBUMS_AFTER_CHANGE_MS = 4500

const DEFAULT_MAP_COLOR: DimensionKey = 'spectral_centroid_hz'

function requireId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
    throw new CoreError('invalid_request', `id must be a positive integer, got ${JSON.stringify(id)}`)
  return id
}

export async function openCore(opts: CoreOptions): Promise<Core> {
  // A library this user may not write opens read-only: reading works, writers say why they cannot (read-only.ts).
  const lib = Library.openForReading(opts.dbPath, { nativeBinding: opts.sqliteNativeBinding })
  const browse = new Browse(lib)
  // Covers live beside the database, not in it (covers.ts).
  const covers = new CoverStore(coversDirFor(opts.dbPath))
  const listeners = new Map<ApiEvent, Set<(payload: never) => void>>()
  const emit = <E extends ApiEvent>(event: E, payload: ApiEvents[E]) => {
    for (const l of listeners.get(event) ?? []) {
      try {
        ;(l as (p: ApiEvents[E]) => void)(payload)
      } catch (err) {
        console.error(`soundprint: a '${event}' listener failed:`, err)
      }
    }
  }

  // Similarity index: built on first use, kept up to date from the importer's changes. The sonic map
  // (map-cache.ts): computed once per library state, ahead of the first request with `warm`.
  let index: SimilarityIndex | null = null
  const mapCache = new MapCache(lib, { warm: !!opts.warm, firstColor: MAP_FIRST_COLOR })
  // The album list (browse.ts) is one grouped scan of the library, cached until it changes.
  let albumsTimer: ReturnType<typeof setTimeout> | null = null
  const warmAlbums = (delayMs: number) => {
    if (!opts.warm) return
    if (albumsTimer) clearTimeout(albumsTimer)
    albumsTimer = setTimeout(() => {
      albumsTimer = null
      try {
        browse.queryAlbums({ limit: 1 })
      } catch (err) {
        console.error('soundprint: could not prepare the album list:', (err as Error).message)
      }
    }, delayMs)
    albumsTimer.unref?.()
  }
  warmAlbums(WARM_ALBUMS_AFTER_OPEN_MS)
  const similarity = (): SimilarityIndex => {
    index ??= new SimilarityIndex(lib.fingerprintEntries())
    return index
  }
  const onChanged = (ids: number[] | undefined) => {
    mapCache.invalidate()
    warmAlbums(WARM_ALBUMS_AFTER_CHANGE_MS)
    if (!ids) index = null
    else if (index) {
      for (const id of ids) {
        const entry = lib.fingerprintEntry(id)
        if (entry) index.upsert(entry)
        else if (index.has(id)) index.remove(id)
      }
    }
    emit('library.changed', ids ? { trackIds: ids } : {})
  }

  // Radio, path and playlists: src/main/core/radio.ts, sonic-path.ts, playlists.ts.
  const sonic = (): SonicSource => ({ index: similarity(), summaries: (ids) => lib.summaries(ids) })
  const playlists = new Playlists(lib)
  const playlistsChanged = (ids?: number[]) => emit('playlists.changed', ids ? { ids } : {})

  const importer = new Importer({
    library: lib,
    spawner: opts.spawner ?? nodeSpawner,
    workers: opts.workers,
    covers,
    onProgress: (p) => emit('import.progress', p),
    onChanged,
  })
  // Watched folders: only when asked for (desktop app, serve) and the library may be written.
  const watcher =
    opts.watch && !lib.readOnly
      ? new FolderWatcher({
          ...(typeof opts.watch === 'object' ? opts.watch : {}),
          library: lib,
          importer,
          ignoreFiles: [opts.dbPath],
          onStatus: (s) => emit('watch.status', s),
        })
      : null
  const background = (p: Promise<unknown>) =>
    p.catch((err) => console.error('soundprint: import failed:', (err as Error).message))

  const rootOrThrow = (id: number): LibraryRoot => {
    const root = lib.root(requireId(id))
    if (!root) throw new CoreError('not_found', `no library folder with id ${id}`)
    return root
  }

  const api: ApiHandlers = {
    'library.roots': async () => lib.roots(),

    'library.addRoot': async ({ path }) => {
      if (typeof path !== 'string' || path.trim() === '' || path.includes('\0'))
        throw new CoreError('invalid_request', 'path must be a folder path')
      const abs = resolve(path)
      if (!isAbsolute(abs)) throw new CoreError('invalid_request', `not an absolute path: ${path}`)
      let isDir = false
      try {
        isDir = statSync(abs).isDirectory()
      } catch {
        throw new CoreError('not_found', `folder not found: ${abs}`)
      }
      if (!isDir) throw new CoreError('not_a_folder', `not a folder: ${abs}`)
      const covering = lib
        .roots()
        .find((r) => abs === r.path || abs.startsWith(r.path.endsWith(sep) ? r.path : r.path + sep))
      if (covering)
        throw new CoreError(
          'already_in_library',
          covering.path === abs
            ? `${abs} is already a library folder`
            : `${abs} is already in the library: it is inside the library folder ${covering.path}`,
        )
      const root = lib.addRoot(abs)
      background(importer.scan([root.id]))
      void watcher?.sync()
      return lib.root(root.id)!
    },

    'library.removeRoot': async ({ id }) => {
      rootOrThrow(id)
      const wasRunning = importer.running
      if (wasRunning) await importer.cancel()
      lib.removeRoot(id)
      await watcher?.sync()
      onChanged(undefined)
      if (wasRunning || lib.countPending() > 0) background(importer.drain())
      return { ok: true }
    },

    'library.rescan': async ({ id }) => {
      if (id !== undefined) rootOrThrow(id)
      background(importer.scan(id !== undefined ? [id] : undefined))
      return { ok: true }
    },

    'import.status': async () => importer.status(),
    'import.pause': async () => {
      importer.pause()
      return { ok: true }
    },
    'import.resume': async () => {
      importer.resume()
      return { ok: true }
    },
    'import.cancel': async () => {
      await importer.cancel()
      return { ok: true }
    },

    'tracks.query': async (q) => lib.query(q ?? {}),

    'tracks.get': async ({ id }) => {
      const t = lib.get(requireId(id))
      if (!t) throw new CoreError('not_found', `no track with id ${id}`)
      return t
    },

    'tracks.prioritize': async ({ id }) => {
      if (!lib.trackFile(requireId(id))) throw new CoreError('not_found', `no track with id ${id}`)
      importer.prioritize(id)
      return { ok: true }
    },

    'similar.query': async ({ id, k, weights }) => {
      const file = lib.trackFile(requireId(id))
      if (!file) throw new CoreError('not_found', `no track with id ${id}`)
      const idx = similarity()
      if (!idx.has(id)) throw new CoreError('not_found', `track ${id} has no fingerprint yet (state: ${file.state})`)
      const count = k === undefined ? 20 : Math.floor(k)
      if (!Number.isFinite(count) || count < 1 || count > 1000)
        throw new CoreError('invalid_request', 'k must be between 1 and 1000')
      const results: SimilarTrack[] = []
      for (const m of idx.query(id, { k: count, weights })) {
        const t = lib.get(m.id)
        if (!t) continue
        results.push({
          id: m.id,
          path: t.path,
          title: t.title,
          artist: t.artist,
          score: m.score,
          duplicate: m.duplicate,
          groups: m.groups,
        })
      }
      return { query: { id, path: file.path }, results }
    },

    'library.stats': async () => {
      const idx = similarity()
      return { count: idx.size, quantiles: idx.stats() }
    },

    'map.get': async ({ colorBy }) => {
      const color = colorBy ?? DEFAULT_MAP_COLOR
      if (!MAP_COLOR_KEYS.includes(color)) throw new CoreError('invalid_request', `unknown colorBy: ${String(colorBy)}`)
      return mapCache.get(color)
    },

    'radio.next': async (req) => ({ tracks: radioNext(sonic(), req) }),
    'path.find': async (req) => findPath(sonic(), req),
    'playlists.list': async () => playlists.list(),
    'playlists.get': async ({ id }) => playlists.get(requireId(id)),
    'playlists.create': async ({ name, trackIds }) => {
      const created = playlists.create(name, trackIds)
      playlistsChanged([created.id])
      return created
    },
    'playlists.rename': async ({ id, name }) => {
      playlists.rename(requireId(id), name)
      playlistsChanged([id])
      return { ok: true }
    },
    'playlists.setTracks': async ({ id, trackIds }) => {
      playlists.setTracks(requireId(id), trackIds)
      playlistsChanged([id])
      return { ok: true }
    },
    'playlists.delete': async ({ id }) => {
      playlists.delete(requireId(id))
      playlistsChanged([id])
      return { ok: true }
    },
    'playlists.export': async ({ id, relativeTo }) => playlists.export(requireId(id), relativeTo),
    'playlists.import': async ({ m3u, name, baseDir }) => {
      const res = playlists.import(m3u, name ?? 'Imported playlist', baseDir)
      playlistsChanged([res.playlist.id])
      return res
    },
    'albums.query': async (q) => browse.queryAlbums(q ?? {}),
    'albums.get': async ({ key }) => {
      const album = browse.album(key)
      if (!album) throw new CoreError('not_found', `no album with key ${key}`)
      return album
    },
    'artists.query': async (q) => browse.queryArtists(q ?? {}),
    'genres.query': async () => browse.genres(),
    'folders.children': async ({ path }) => {
      if (path !== undefined && !isAbsolute(path))
        throw new CoreError('invalid_request', `path must be an absolute folder path: ${path}`)
      return browse.folderChildren(path)
    },
    'settings.get': async () => readSettings(lib.db),
    'settings.set': async (patch) => {
      const settings = writeSettings(lib.db, patch)
      await watcher?.setEnabled(settings.watchFolders)
      return settings
    },
    'watch.status': async () => watcher?.status() ?? { enabled: false, roots: [] },
  }

  // Interrupted or pending work, and fingerprints of an older analysis version (a new version stores more,
  // e.g. version 3's sample peak), are picked up on open, with progress like any import. With watching on,
  // the watcher's start-up scan of every folder (in the background) does that and finds what changed while
  // the app was closed.
  if (watcher && readSettings(lib.db).watchFolders) await watcher.setEnabled(true)
  else if (
    !lib.readOnly &&
    opts.autoResume !== false &&
    lib.countPending() + lib.countByState().analysing + lib.countStale() > 0
  )
    background(importer.drain())

  let closed = false
  return {
    api: lib.readOnly ? readOnlyHandlers(api, opts.dbPath) : api,
    readOnly: lib.readOnly,
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
    async audioFile(id) {
      const valid = Number.isSafeInteger(id) && id >= 1 && !closed
      return checkAudioAccess(id, valid ? lib.trackFile(id) : null, valid ? lib.rootPaths() : [])
    },
    async coverImage(id, size) {
      if (closed) return { ok: false, status: 404, message: 'the library is closed' }
      return covers.read(id, size)
    },
    async close() {
      if (closed) return
      closed = true
      mapCache.close()
      if (albumsTimer) clearTimeout(albumsTimer)
      await watcher?.close()
      await importer.close()
      listeners.clear()
      lib.close()
    },
  }
}
