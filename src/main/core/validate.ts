/**
 * Request validation for both transports (HTTP and Electron IPC): one schema per method of the API contract
 * (`src/shared/api.ts`), checked field by field before a request reaches the core. Unknown fields,
 * wrong types, non-integers where ids are expected, out-of-range numbers and oversized strings are
 * all rejected with a message naming the field. A validated request is rebuilt from the schema, so
 * nothing the schema does not know (e.g. a `__proto__` key) is passed on.
 */
import {
  ALBUM_SORT_KEYS,
  API_METHODS,
  type ApiMethod,
  type ApiRequest,
  MAP_COLOR_KEYS,
  type RadioFeedback,
  type RadioRules,
  TRACK_SORT_KEYS,
  TRACK_STATES,
} from '../../shared/api'
import { SIMILARITY_GROUPS, type SimilarityGroupKey } from '../../shared/dimensions'

export class ValidationError extends Error {
  readonly code = 'invalid_request'
}

/** A schema checks an unknown value and returns it typed (rebuilt), or throws ValidationError. */
export type Schema<T> = (value: unknown, path: string) => T

const fail = (path: string, what: string): never => {
  throw new ValidationError(`${path || 'request'}: ${what}`)
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? 'a string' : `${typeof v}`

export const str =
  (opts: { min?: number; max: number }): Schema<string> =>
  (v, path) => {
    if (typeof v !== 'string') return fail(path, `expected a string, got ${typeName(v)}`)
    if (v.length < (opts.min ?? 0)) return fail(path, opts.min === 1 ? 'must not be empty' : `too short`)
    if (v.length > opts.max) return fail(path, `longer than ${opts.max} characters`)
    if (v.includes('\0')) return fail(path, 'must not contain NUL characters')
    return v
  }

export const int =
  (opts: { min: number; max: number }): Schema<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return fail(path, `expected an integer, got ${typeName(v)}`)
    if (v < opts.min || v > opts.max) return fail(path, `must be between ${opts.min} and ${opts.max}`)
    return v
  }

export const num =
  (opts: { min: number; max: number }): Schema<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(path, `expected a finite number, got ${typeName(v)}`)
    if (v < opts.min || v > opts.max) return fail(path, `must be between ${opts.min} and ${opts.max}`)
    return v
  }

const bool: Schema<boolean> = (v, path) =>
  typeof v === 'boolean' ? v : fail(path, `expected true or false, got ${typeName(v)}`)

const oneOf =
  <T extends string>(values: readonly T[]): Schema<T> =>
  (v, path) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? (v as T)
      : fail(path, `expected one of ${values.map((x) => `"${x}"`).join(', ')}`)

/** An array of at most `max` items, each checked by `item`. */
export const arr =
  <T>(item: Schema<T>, opts: { max: number; min?: number }): Schema<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) return fail(path, `expected an array, got ${typeName(v)}`)
    if (v.length < (opts.min ?? 0)) return fail(path, `needs at least ${opts.min} item${opts.min === 1 ? '' : 's'}`)
    if (v.length > opts.max) return fail(path, `more than ${opts.max} items`)
    return v.map((x, i) => item(x, `${path}[${i}]`))
  }

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

type Optional<T> = { optional: true; schema: Schema<T> }
export const optional = <T>(schema: Schema<T>): Optional<T> => ({ optional: true, schema })

// biome-ignore lint/complexity/noBannedTypes: `{}` is exactly the test for an optional key
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T]
type Fields<T> = {
  [K in keyof T]-?: K extends OptionalKeys<T> ? Optional<Exclude<T[K], undefined>> : Schema<T[K]>
}

/** An object with exactly these fields (optional ones may be absent or null-less undefined); no others. */
export function obj<T>(fields: Fields<T>): Schema<T> {
  const known = Object.keys(fields)
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, `expected an object, got ${typeName(v)}`)
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(fields, key)) fail(path === '' ? key : `${path}.${key}`, 'unknown field')
    }
    const out = Object.create(null) as Record<string, unknown>
    for (const key of known) {
      const f = (fields as Record<string, Schema<unknown> | Optional<unknown>>)[key] as
        | Schema<unknown>
        | Optional<unknown>
      const fieldPath = path === '' ? key : `${path}.${key}`
      const present = Object.hasOwn(v, key) && v[key] !== undefined
      if (typeof f === 'function') {
        if (!present) fail(fieldPath, 'required')
        out[key] = f(v[key], fieldPath)
      } else if (present) out[key] = f.schema(v[key], fieldPath)
    }
    return { ...out } as T
  }
}

/** An object whose keys are a subset of `keys`, each value checked by `value`. */
function partialRecord<K extends string, V>(keys: readonly K[], value: Schema<V>): Schema<Partial<Record<K, V>>> {
  return (v, path) => {
    if (!isPlainObject(v)) return fail(path, `expected an object, got ${typeName(v)}`)
    const out: Partial<Record<K, V>> = {}
    for (const key of Object.keys(v)) {
      if (!(keys as readonly string[]).includes(key))
        fail(`${path}.${key}`, `unknown key (expected one of ${keys.join(', ')})`)
      out[key as K] = value(v[key], `${path}.${key}`)
    }
    return out
  }
}

const GROUP_KEYS = SIMILARITY_GROUPS.map((g) => g.key) as SimilarityGroupKey[]

/** SQLite rowids are positive 64-bit; JSON numbers are exact up to 2^53. */
const id = int({ min: 1, max: Number.MAX_SAFE_INTEGER })
const empty = obj<Record<string, never>>({})
const weights = partialRecord(GROUP_KEYS, num({ min: 0, max: 1000 }))
/** Ids of a radio's seeds, exclusions and history, and of a playlist's items. */
const MAX_IDS = 100_000
const ids = arr(id, { max: MAX_IDS })
const playlistName = str({ min: 1, max: 200 })
/** An M3U file to import: at most 16 MiB of text. */
const MAX_M3U_CHARS = 16 * 1024 * 1024
const offset = optional(int({ min: 0, max: Number.MAX_SAFE_INTEGER }))
const limit = optional(int({ min: 0, max: 1000 }))
const name = str({ min: 1, max: 1000 })
const folderPath = str({ min: 1, max: 4096 })

/** One schema per method; the mapped type makes a missing or mistyped schema a compile error. */
export const REQUEST_SCHEMAS: { [M in ApiMethod]: Schema<ApiRequest<M>> } = {
  'library.roots': empty,
  'library.addRoot': obj<ApiRequest<'library.addRoot'>>({ path: str({ min: 1, max: 4096 }) }),
  'library.removeRoot': obj<ApiRequest<'library.removeRoot'>>({ id }),
  'library.rescan': obj<ApiRequest<'library.rescan'>>({ id: optional(id) }),
  'import.status': empty,
  'import.pause': empty,
  'import.resume': empty,
  'import.cancel': empty,
  'tracks.query': obj<ApiRequest<'tracks.query'>>({
    filter: optional(str({ max: 1000 })),
    state: optional(oneOf(TRACK_STATES)),
    sort: optional(oneOf(TRACK_SORT_KEYS)),
    desc: optional(bool),
    offset,
    limit,
    album: optional(str({ min: 1, max: 64 })),
    artist: optional(name),
    genre: optional(name),
    folder: optional(folderPath),
    ids: optional(arr(id, { min: 1, max: 1000 })),
  }),
  'tracks.get': obj<ApiRequest<'tracks.get'>>({ id }),
  'tracks.prioritize': obj<ApiRequest<'tracks.prioritize'>>({ id }),
  'similar.query': obj<ApiRequest<'similar.query'>>({
    id,
    k: optional(int({ min: 1, max: 1000 })),
    weights: optional(weights),
  }),
  'library.stats': empty,
  'map.get': obj<ApiRequest<'map.get'>>({ colorBy: optional(oneOf(MAP_COLOR_KEYS)) }),
  'radio.next': obj<ApiRequest<'radio.next'>>({
    seeds: arr(id, { min: 1, max: 1000 }),
    exclude: optional(ids),
    recent: optional(arr(id, { max: 1000 })),
    feedback: optional(arr(obj<RadioFeedback>({ id, kind: oneOf(['less', 'more'] as const) }), { max: 1000 })),
    count: optional(int({ min: 1, max: 100 })),
    weights: optional(weights),
    rules: optional(
      obj<RadioRules>({
        maxArtistRun: optional(int({ min: 1, max: 1000 })),
        minDurationSec: optional(num({ min: 0, max: 1e6 })),
        excludeFolders: optional(arr(str({ min: 1, max: 4096 }), { max: 1000 })),
      }),
    ),
  }),
  'path.find': obj<ApiRequest<'path.find'>>({
    from: id,
    to: id,
    steps: optional(int({ min: 2, max: 30 })),
    weights: optional(weights),
  }),
  'playlists.list': empty,
  'playlists.get': obj<ApiRequest<'playlists.get'>>({ id }),
  'playlists.create': obj<ApiRequest<'playlists.create'>>({ name: playlistName, trackIds: ids }),
  'playlists.rename': obj<ApiRequest<'playlists.rename'>>({ id, name: playlistName }),
  'playlists.setTracks': obj<ApiRequest<'playlists.setTracks'>>({ id, trackIds: ids }),
  'playlists.delete': obj<ApiRequest<'playlists.delete'>>({ id }),
  'playlists.export': obj<ApiRequest<'playlists.export'>>({ id, relativeTo: optional(str({ min: 1, max: 4096 })) }),
  'playlists.import': obj<ApiRequest<'playlists.import'>>({
    m3u: str({ max: MAX_M3U_CHARS }),
    name: optional(playlistName),
    baseDir: optional(str({ min: 1, max: 4096 })),
  }),
  'albums.query': obj<ApiRequest<'albums.query'>>({
    sort: optional(oneOf(ALBUM_SORT_KEYS)),
    desc: optional(bool),
    filter: optional(str({ max: 1000 })),
    artist: optional(name),
    genre: optional(name),
    offset,
    limit,
  }),
  'albums.get': obj<ApiRequest<'albums.get'>>({ key: str({ min: 1, max: 64 }) }),
  'artists.query': obj<ApiRequest<'artists.query'>>({ filter: optional(str({ max: 1000 })), offset, limit }),
  'genres.query': empty,
  'folders.children': obj<ApiRequest<'folders.children'>>({ path: optional(folderPath) }),
  'settings.get': empty,
  'settings.set': obj<ApiRequest<'settings.set'>>({ watchFolders: optional(bool) }),
  'watch.status': empty,
}

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name)
}

/** Validates the request body of `method`; throws ValidationError with a field-level message. */
export function validateRequest<M extends ApiMethod>(method: M, body: unknown): ApiRequest<M> {
  return (REQUEST_SCHEMAS[method] as Schema<ApiRequest<M>>)(body, '')
}
