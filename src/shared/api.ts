/**
 * The API contract between the renderer and the core, implemented twice: over IPC in the Electron
 * app (`src/main/ipc.ts` + `src/preload`) and over HTTP + server-sent events by `soundprint serve`
 * (`src/main/server`). Both implementations, the preload bridge and the renderer's client are typed
 * from `ApiMethods` and `ApiEvents`, so a rename here breaks the build everywhere at once.
 */
import {
  COLOR_KEYS,
  type ColorKey,
  type DimensionKey,
  type Fingerprint,
  type FingerprintMeta,
  type SimilarityGroupKey,
} from './dimensions'

/** Every state a track can be in, in order (the database's CHECK constraint lists the same). */
export const TRACK_STATES = ['pending', 'analysing', 'done', 'failed', 'missing'] as const
export type TrackState = (typeof TRACK_STATES)[number]

export interface LibraryRoot {
  id: number
  path: string
  addedAt: number
  trackCount: number
  lastScanAt: number | null
}

export interface TrackTags {
  title: string | null
  artist: string | null
  album: string | null
  albumArtist: string | null
  trackNo: number | null
  discNo: number | null
  year: number | null
  genre: string | null
}

/** One row of the library table. */
export interface TrackSummary {
  id: number
  path: string
  /** Title tag, or the file name without extension when the tag is missing. */
  title: string
  artist: string | null
  album: string | null
  durationSec: number | null
  tempoBpm: number | null
  lufs: number | null
  /**
   * The track's sample peak in dBFS (largest absolute sample of either channel, from the analysis); null
   * until analysed by a version that stores it, or for digital silence. Level-matched playback gain =
   * min(10^((−16 − lufs)/20), 10^((−1 − peakDb)/20)); unity when lufs is null; never a boost when peakDb is null.
   */
  peakDb: number | null
  state: TrackState
  error: string | null
  albumArtist: string | null
  trackNo: number | null
  discNo: number | null
  year: number | null
  genre: string | null
  /** Cover image id for `SoundprintApi.coverUrl`, or null when the track has none. */
  coverId: string | null
  /** The name of the folder holding the file (shown when the title is ambiguous). */
  folder: string
  /** Another track shows the same title and artist: the list shows the folder too. */
  ambiguous: boolean
  /**
   * The fingerprint's rhythm_stability (null before analysis). At or below `TEMPO_TRUST_MIN` the tempo is not
   * to be trusted (no steady beat): show it as such; such tempos sort after every trusted one.
   */
  rhythmStability: number | null
}

/** rhythm_stability at and below which a track's tempo is not trusted (the similarity's threshold). */
export const TEMPO_TRUST_MIN = 0.05

export interface TrackDetail extends TrackSummary {
  tags: TrackTags
  rootId: number | null
  size: number
  mtimeMs: number
  codec: string | null
  bitrate: number | null
  sampleRate: number | null
  channels: number | null
  fingerprint: Fingerprint | null
  meta: FingerprintMeta | null
}

/** Text sorts are natural and locale-aware (track2 before track11); missing values sort last. */
export const TRACK_SORT_KEYS = [
  'title',
  'artist',
  'album',
  'durationSec',
  'tempoBpm',
  'lufs',
  'state',
  'trackNo',
  'discNo',
  'year',
  'genre',
  'albumArtist',
  'addedAt',
] as const
export type TrackSortKey = (typeof TRACK_SORT_KEYS)[number]

export interface TrackQuery {
  /**
   * Search as you type: every word must begin a word of the title (or file name), artist, album, album
   * artist, genre or path; case and accents are ignored.
   */
  filter?: string
  /** Only the tracks of this album (`AlbumSummary.key`), whatever the sort. */
  album?: string
  /** Only the tracks whose album artist or artist is this name (case and accents ignored). */
  artist?: string
  /** Only this genre (case and accents ignored). */
  genre?: string
  /** Only the tracks under this absolute folder path. */
  folder?: string
  /** Only these tracks (at most 1000 ids; e.g. a selection on the sonic map), in the query's sort order. */
  ids?: number[]
  state?: TrackState
  sort?: TrackSortKey
  desc?: boolean
  offset?: number
  /** At most 1000. */
  limit?: number
}

export interface TrackPage {
  total: number
  offset: number
  rows: TrackSummary[]
}

export type ImportPhase = 'idle' | 'discovering' | 'reading-tags' | 'analysing' | 'paused' | 'done' | 'cancelled'

/** How many recent failures and passed-over entries an import reports. */
export const IMPORT_RECENT_MAX = 50

export interface ImportProgress {
  phase: ImportPhase
  found: number
  tagged: number
  analysed: number
  failed: number
  skipped: number
  /** Tracks waiting for analysis (state pending) right now. */
  pending: number
  /** Files being analysed right now. */
  current: string[]
  tracksPerSec: number
  /** Seconds of audio analysed per wall-clock second. */
  realtimeFactor: number
  /** Seconds until analysis is done, or null when unknown. */
  etaSec: number | null
  elapsedSec: number
  /** The most recent failures of this import, newest first (at most 50). */
  recentFailures: { id: number; path: string; error: string }[]
  /**
   * Entries the walk could not import, newest first (at most 50), each with the reason: an unreadable
   * folder, a dangling or looping link, a name that is not UTF-8, a path over the OS limit, a named pipe.
   */
  recentSkipped?: SkippedEntry[]
  /**
   * Started by the folder watcher (the start-up check or a watched change), not by the user; a finished
   * background import that changed nothing needs no summary.
   */
  background?: boolean
  /** Tracks this import found gone (they became missing). */
  newlyMissing?: number
}

/** A file or folder an import passed over, and why (it never became a track). */
export interface SkippedEntry {
  path: string
  reason: string
}

/**
 * Per-group weights for similarity (the seven fingerprint groups and timbre), as multiples of the
 * defaults the evaluator chose (docs/similarity.md); missing groups weigh 1 (the default).
 */
export type GroupWeights = Partial<Record<SimilarityGroupKey, number>>

export interface SimilarTrack {
  id: number
  path: string
  title: string
  artist: string | null
  /** 0..1, 1 = identical fingerprint; relative to the library (scaling and neighbourhoods are the library's). */
  score: number
  /** Another file with the same audio content (same hash or practically identical fingerprint). */
  duplicate: boolean
  /** Per group (the seven and timbre), 0..1: how much the group agrees (1 = identical). */
  groups: Record<SimilarityGroupKey, number>
}

export interface SimilarResult {
  query: { id: number; path: string }
  results: SimilarTrack[]
}

/** Per-dimension library statistics, for percentile display and scaling. */
export interface LibraryStats {
  count: number
  /** For each dimension: 101 quantiles (0 %, 1 %, …, 100 %) over the library's fingerprints. */
  quantiles: Record<DimensionKey, number[]>
}

/** What the sonic map can be coloured by besides a dimension or a group: a tag, or the track's folder. */
export const MAP_CATEGORY_KEYS = ['album', 'artist', 'folder', 'genre'] as const
export type MapCategoryKey = (typeof MAP_CATEGORY_KEYS)[number]

/** What colours the sonic map's points: a dimension or a group (`ColorKey`), or a category. */
export type MapColorKey = ColorKey | MapCategoryKey
export const MAP_COLOR_KEYS: readonly MapColorKey[] = [...COLOR_KEYS, ...MAP_CATEGORY_KEYS]
/** The colouring the map opens with until the user picks another (the app and serve prepare it ahead). */
export const MAP_FIRST_COLOR: MapColorKey = 'frequency'

/** One of the most common categories of a map coloured by category. */
export interface MapCategory {
  /** As shown: the album's title and album artist, the artist, the folder's absolute path, the genre. */
  label: string
  count: number
}

/** 2-D projection of every fingerprinted track (PCA of the scaled 25-D vectors). */
export interface SonicMap {
  ids: number[]
  x: number[]
  y: number[]
  /**
   * For each point: for a dimension or a group, its scaled value 0..1 (the percentile within the map);
   * for a category, the index of its category in `categories`, or −1 (any other category, or no tag).
   */
  color: number[]
  colorBy: MapColorKey
  /** Share of variance explained by the two axes. */
  explained: [number, number]
  /** A dimension: its raw values (in its unit) at colour 0, ¼, ½, ¾ and 1 — the minimum, quartiles and maximum. */
  valueScale?: number[]
  /** A category: the most common ones, most common first (at most MAP_TOP_CATEGORIES). */
  categories?: MapCategory[]
  /** A category: how many points are in none of `categories` though tagged, and how many have no tag. */
  otherCount?: number
  missingCount?: number
}

/** How many categories a map coloured by category tells apart (the rest are "other"). */
export const MAP_TOP_CATEGORIES = 10

/** A track with its 0..1 similarity score (to the radio's seeds, or to the previous track of a path). */
export interface ScoredTrack extends TrackSummary {
  score: number
}

/** Rules of a sonic radio (all optional; see `radio.next`). */
export interface RadioRules {
  /** At most this many tracks in a row by one artist (no artist tag: the folder counts as artist); default 2. */
  maxArtistRun?: number
  /** Never a track shorter than this (seconds); default 0. */
  minDurationSec?: number
  /** Never a track inside these folders (absolute paths). */
  excludeFolders?: string[]
}

/** A listener's reaction to a radio track: 'less' (skipped early, "less like this") or 'more' ("more like this"). */
export interface RadioFeedback {
  id: number
  kind: 'less' | 'more'
}

/** A saved playlist (`playlists.*`). */
export interface PlaylistSummary {
  id: number
  name: string
  trackCount: number
  /** Sum of the known track durations (seconds). */
  durationSec: number
  /** ms since epoch */
  createdAt: number
  updatedAt: number
}

export interface PlaylistDetail extends PlaylistSummary {
  /** In playlist order; a track may appear more than once. */
  tracks: TrackSummary[]
}

/** One album: the tracks sharing an album title and an album artist (or artist). */
export interface AlbumSummary {
  /** Stable id, from the album artist and the album title. */
  key: string
  title: string
  albumArtist: string | null
  year: number | null
  genre: string | null
  trackCount: number
  durationSec: number
  coverId: string | null
  /** When its first track was added (ms since epoch). */
  addedAt: number
}

export const ALBUM_SORT_KEYS = ['albumArtist', 'title', 'year', 'addedAt'] as const
export type AlbumSortKey = (typeof ALBUM_SORT_KEYS)[number]

export interface AlbumQuery {
  sort?: AlbumSortKey
  desc?: boolean
  /** Search words, as `TrackQuery.filter`: albums with at least one matching track. */
  filter?: string
  /** Only the albums of this album artist. */
  artist?: string
  genre?: string
  offset?: number
  /** At most 1000. */
  limit?: number
}

export interface ArtistSummary {
  /** The album artist (or the artist of tracks without one). */
  name: string
  albumCount: number
  trackCount: number
  coverId: string | null
}

export interface GenreSummary {
  name: string
  trackCount: number
  albumCount: number
}

/** A folder of the library tree. */
export interface FolderNode {
  path: string
  name: string
  /** Tracks in this folder and below. */
  trackCount: number
  hasChildren: boolean
}

export interface Settings {
  /** Watch the library folders and pick up added, changed, moved and deleted files (default true). */
  watchFolders: boolean
}

/**
 * How one library folder is watched: `starting` (setting up), `watching` (changes are picked up within
 * seconds), `polling` (the watcher failed, e.g. the system's limit of watched folders: the folder is
 * rescanned every few minutes instead), `offline` (the folder is gone or unreadable, e.g. an unplugged
 * drive: its tracks are missing until it is back).
 */
export type WatchState = 'starting' | 'watching' | 'polling' | 'offline'

export interface WatchedRoot {
  id: number
  path: string
  state: WatchState
  /** What went wrong, in words for users (null when all is well). */
  problem: string | null
}

/** Watched folders (`Settings.watchFolders`); only the desktop app and `soundprint serve` watch. */
export interface WatchStatus {
  /** True while this process watches the library folders (the setting is on). */
  enabled: boolean
  roots: WatchedRoot[]
}

export type CoverSize = 'thumb' | 'full'

/** Request of a method that takes no arguments (send `{}`). */
type Empty = Record<string, never>

/** Response of a method that only acknowledges. */
interface Ok {
  ok: true
}

/** Request → response types of every method. */
interface ApiMethods {
  'library.roots': { req: Empty; res: LibraryRoot[] }
  /**
   * Adds a music folder and imports it. A folder that is already a library folder, or lies inside one, fails
   * with code 'already_in_library' (HTTP 409) and a message naming that folder.
   */
  'library.addRoot': { req: { path: string }; res: LibraryRoot }
  'library.removeRoot': { req: { id: number }; res: Ok }
  'library.rescan': { req: { id?: number }; res: Ok }
  'import.status': { req: Empty; res: ImportProgress }
  'import.pause': { req: Empty; res: Ok }
  'import.resume': { req: Empty; res: Ok }
  'import.cancel': { req: Empty; res: Ok }
  'tracks.query': { req: TrackQuery; res: TrackPage }
  'tracks.get': { req: { id: number }; res: TrackDetail }
  /** Move a track to the front of the analysis queue (the user opened it). */
  'tracks.prioritize': { req: { id: number }; res: Ok }
  'similar.query': { req: { id: number; k?: number; weights?: GroupWeights }; res: SimilarResult }
  'library.stats': { req: Empty; res: LibraryStats }
  'map.get': { req: { colorBy?: MapColorKey }; res: SonicMap }
  /**
   * The next tracks of a sonic radio (stateless: the client keeps the radio's state and sends it back).
   * Never a seed, never an excluded id, never a failed, missing or unanalysed track; `score` = similarity
   * to the seeds. A playlist radio = its track ids as seeds.
   */
  'radio.next': {
    req: {
      seeds: number[]
      /** Ids already played or queued in this radio. */
      exclude?: number[]
      /** The last played ids, newest last (for the artist-run rule). */
      recent?: number[]
      feedback?: RadioFeedback[]
      /** Default 10, at most 100. */
      count?: number
      weights?: GroupWeights
      rules?: RadioRules
    }
    res: { tracks: ScoredTrack[] }
  }
  /**
   * A sonic path from `from` to `to`: steps + 2 tracks, from first and to last; each score after the first is
   * the similarity to the track before it. `directScore` is the similarity of from and to; `smooth` is true
   * when every hop is at least that similar (false when the library has no such path).
   */
  'path.find': {
    req: { from: number; to: number /** 2..30, default 8 */; steps?: number; weights?: GroupWeights }
    res: { tracks: ScoredTrack[]; directScore: number; smooth: boolean }
  }
  'playlists.list': { req: Empty; res: PlaylistSummary[] }
  'playlists.get': { req: { id: number }; res: PlaylistDetail }
  'playlists.create': { req: { name: string; trackIds: number[] }; res: PlaylistSummary }
  'playlists.rename': { req: { id: number; name: string }; res: Ok }
  /** Reorder / remove / add = send the new list. */
  'playlists.setTracks': { req: { id: number; trackIds: number[] }; res: Ok }
  'playlists.delete': { req: { id: number }; res: Ok }
  /** Extended M3U8; with `relativeTo` (the folder of the playlist file) paths are written relative to it. */
  'playlists.export': { req: { id: number; relativeTo?: string }; res: { fileName: string; m3u: string } }
  /** Imports M3U/M3U8 text; `baseDir` resolves relative entries; entries not in the library are reported. */
  'playlists.import': {
    req: { m3u: string; name?: string; baseDir?: string }
    res: { playlist: PlaylistSummary; missing: string[] }
  }
  'albums.query': { req: AlbumQuery; res: { total: number; offset: number; rows: AlbumSummary[] } }
  /** An album with its tracks in disc and track order. */
  'albums.get': { req: { key: string }; res: { album: AlbumSummary; tracks: TrackSummary[] } }
  /** Album artists in natural order. */
  'artists.query': {
    req: { filter?: string; offset?: number; limit?: number }
    res: { total: number; offset: number; rows: ArtistSummary[] }
  }
  'genres.query': { req: Empty; res: GenreSummary[] }
  /** The sub-folders of `path` that hold tracks, or the library roots when `path` is absent. */
  'folders.children': { req: { path?: string }; res: FolderNode[] }
  'settings.get': { req: Empty; res: Settings }
  'settings.set': { req: Partial<Settings>; res: Settings }
  /** Whether the library folders are being watched, folder by folder. */
  'watch.status': { req: Empty; res: WatchStatus }
}

export type ApiMethod = keyof ApiMethods
export type ApiRequest<M extends ApiMethod> = ApiMethods[M]['req']
export type ApiResponse<M extends ApiMethod> = ApiMethods[M]['res']

/** Events pushed from the core to the renderer. */
export interface ApiEvents {
  'import.progress': ImportProgress
  /** Tracks were added, changed state or were removed; refresh what shows them. */
  'library.changed': { trackIds?: number[] }
  /** Playlists were created, changed or deleted (ids when known). */
  'playlists.changed': { ids?: number[] }
  /** The watched folders' status changed (watching turned on or off, a folder went offline, a watcher failed). */
  'watch.status': WatchStatus
}

export type ApiEvent = keyof ApiEvents

/** Every method name, at run time (for coverage tests and request validation). */
export const API_METHODS = [
  'library.roots',
  'library.addRoot',
  'library.removeRoot',
  'library.rescan',
  'import.status',
  'import.pause',
  'import.resume',
  'import.cancel',
  'tracks.query',
  'tracks.get',
  'tracks.prioritize',
  'similar.query',
  'library.stats',
  'map.get',
  'radio.next',
  'path.find',
  'playlists.list',
  'playlists.get',
  'playlists.create',
  'playlists.rename',
  'playlists.setTracks',
  'playlists.delete',
  'playlists.export',
  'playlists.import',
  'albums.query',
  'albums.get',
  'artists.query',
  'genres.query',
  'folders.children',
  'settings.get',
  'settings.set',
  'watch.status',
] as const satisfies readonly ApiMethod[]

export const API_EVENTS = [
  'import.progress',
  'library.changed',
  'playlists.changed',
  'watch.status',
] as const satisfies readonly ApiEvent[]

/** What the renderer calls: one function per method, plus event subscription and audio URLs. */
export interface SoundprintApi {
  call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>>
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void
  /** A URL the renderer's <audio> element can play (with HTTP Range support) for a track id. */
  audioUrl(id: number): string
  /** A URL an <img> can show for a cover id (`TrackSummary.coverId`): a thumbnail (256 px) or the full image. */
  coverUrl(coverId: string, size: CoverSize): string
}

/** Error shape of a failed call, on both transports. */
export interface ApiError {
  error: string
  code?: string
}

// Compile-time guarantee that API_METHODS and API_EVENTS list every name of the contract.
type Missing<All, Listed> = Exclude<All, Listed>
const everyMethodListed: Missing<ApiMethod, (typeof API_METHODS)[number]> extends never ? true : never = true
const everyEventListed: Missing<ApiEvent, (typeof API_EVENTS)[number]> extends never ? true : never = true
void everyMethodListed
void everyEventListed
