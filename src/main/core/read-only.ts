/**
 * The core over a library this process may not write (opened read-only, see db.ts): everything that reads
 * works; a method that must write answers with a CoreError 'read_only' saying so, instead of a raw SQLite
 * error — before it starts anything (a scan, a worker) that could not save its work.
 */
import type { ApiMethod } from '../../shared/api'
import { CoreError } from './core-error'
import type { ApiHandlers } from './service'

/** Methods that write the library (or start work that would). */
const WRITING_METHODS: ReadonlySet<string> = new Set<ApiMethod | string>([
  'library.addRoot',
  'library.removeRoot',
  'library.rescan',
  'import.resume',
  'tracks.prioritize',
  'playlists.create',
  'playlists.rename',
  'playlists.setTracks',
  'playlists.delete',
  'playlists.import',
  'settings.set',
])

function readOnlyMessage(dbPath: string): string {
  return `the library ${dbPath} is open read-only (this user may not write the file or its folder): browsing, playing and similar tracks work, changes do not — make it writable (e.g. chmod u+w) and restart`
}

/** Wraps every handler: writers refuse at once, and a write that slips through reports the same reason. */
export function readOnlyHandlers(api: ApiHandlers, dbPath: string): ApiHandlers {
  const wrapped = {} as Record<string, (req: never) => Promise<unknown>>
  for (const [method, handler] of Object.entries(api) as [string, (req: never) => Promise<unknown>][]) {
    wrapped[method] = async (req) => {
      if (WRITING_METHODS.has(method)) throw new CoreError('read_only', readOnlyMessage(dbPath))
      try {
        return await handler(req)
      } catch (err) {
        const code = (err as { code?: unknown }).code
        if (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))
          throw new CoreError('read_only', readOnlyMessage(dbPath))
        throw err
      }
    }
  }
  return wrapped as unknown as ApiHandlers
}
