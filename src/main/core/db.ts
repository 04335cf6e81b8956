/**
 * Opening the library database (better-sqlite3): identity checks, pragmas and migrations.
 *
 * A file that is not a Soundprint library is never written to: before any pragma that writes (WAL mode,
 * migrations) the file is checked to be either new/empty, or SQLite carrying our `application_id`. A file
 * that is not SQLite, a damaged SQLite file, another program's SQLite database, or a library written by a
 * newer Soundprint are reported with a `LibraryFileError` saying what was found, and the file is left
 * byte-identical.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations'

export type Db = Database.Database

export type LibraryFileErrorCode = 'not_sqlite' | 'corrupt' | 'foreign' | 'too_new' | 'unreadable'

/** The database file cannot be used as a library; `message` is meant for users. */
export class LibraryFileError extends Error {
  constructor(
    readonly code: LibraryFileErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message)
    this.name = 'LibraryFileError'
  }
}

const SQLITE_HEADER = 'SQLite format 3\0'

export interface OpenOptions {
  /** Open without creating or migrating (for read-only commands); the file must exist. */
  readonly?: boolean
  /** better-sqlite3 native binary to load (the Electron-ABI build inside the desktop app). */
  nativeBinding?: string
}

/** Opens (creating if needed) the library at `path`, applies pending migrations and returns the handle. */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  checkHeader(path)
  if (!opts.readonly) mkdirSync(dirname(path), { recursive: true })
  let db: Db
  try {
    db = new Database(path, {
      readonly: !!opts.readonly,
      fileMustExist: !!opts.readonly,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    })
  } catch (err) {
    throw new LibraryFileError('unreadable', path, `cannot open the library ${path}: ${(err as Error).message}`)
  }
  try {
    // busy_timeout first: another process (the app, `soundprint serve`) may hold the write lock.
    db.pragma('busy_timeout = 5000')
    const identity = readIdentity(db, path)
    if (opts.readonly) {
      if (identity === 'new') throw new LibraryFileError('foreign', path, `${path} is not a Soundprint library (empty)`)
      db.pragma('foreign_keys = ON')
      return db
    }
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** Rejects a non-empty file that does not start with the SQLite header, without opening it with SQLite. */
function checkHeader(path: string): void {
  if (!existsSync(path)) return
  let fd: number
  try {
    const st = statSync(path)
    if (st.isDirectory()) throw new LibraryFileError('unreadable', path, `the library path ${path} is a folder`)
    if (st.size === 0) return
    fd = openSync(path, 'r')
  } catch (err) {
    if (err instanceof LibraryFileError) throw err
    throw new LibraryFileError('unreadable', path, `cannot read the library ${path}: ${(err as Error).message}`)
  }
  const buf = Buffer.alloc(16)
  const n = readSync(fd, buf, 0, 16, 0)
  closeSync(fd)
  if (n < 16 || buf.toString('latin1') !== SQLITE_HEADER) {
    throw new LibraryFileError(
      'not_sqlite',
      path,
      `${path} is not a SQLite database, so it cannot be a Soundprint library; it was left untouched (choose another path with --db or SOUNDPRINT_DB)`,
    )
  }
}

/**
 * 'new' for an empty database we may initialise, 'ours' for a Soundprint library this build can use;
 * throws for anything else. Reading sqlite_master makes SQLite parse the file, which surfaces damage.
 */
function readIdentity(db: Db, path: string): 'new' | 'ours' {
  let appId: number
  let version: number
  let objects: number
  try {
    appId = db.pragma('application_id', { simple: true }) as number
    version = db.pragma('user_version', { simple: true }) as number
    objects = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n
  } catch (err) {
    throw new LibraryFileError(
      'corrupt',
      path,
      `the library ${path} is damaged (${(err as Error).message}); it was left untouched — restore a backup or choose another path with --db`,
    )
  }
  if (appId === 0 && version === 0 && objects === 0) return 'new'
  if (appId !== APPLICATION_ID) {
    throw new LibraryFileError(
      'foreign',
      path,
      `${path} is a SQLite database of another program (application_id ${appId}), not a Soundprint library; it was left untouched`,
    )
  }
  if (version > SCHEMA_VERSION) {
    throw new LibraryFileError(
      'too_new',
      path,
      `the library ${path} was written by a newer Soundprint (schema ${version}, this build knows ${SCHEMA_VERSION}); update Soundprint to open it`,
    )
  }
  return 'ours'
}

/** Applies the migrations newer than `user_version`, all in one transaction. Idempotent. Returns the count applied. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return 0
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }
    db.pragma(`application_id = ${APPLICATION_ID}`)
  }).immediate()
  return pending.length
}
