/**
 * Opening the library database (better-sqlite3): identity checks, pragmas and migrations.
 *
 * A file that is not a Soundprint library is never written to: before any pragma that writes (WAL mode,
 * migrations) the file is checked to be either new/empty, or SQLite carrying our `application_id`. A file
 * that is not SQLite, a damaged SQLite file, another program's SQLite database, or a library written by a
 * newer Soundprint are reported with a `LibraryFileError` saying what was found, and the file is left
 * byte-identical. Damage is looked for (`PRAGMA quick_check`) before anything is written.
 *
 * A healthy library this process may not write (a read-only file or folder, a read-only mount) is opened for
 * writing as 'read_only' LibraryFileError; `openDatabase(path, { readonly: true })` then reads it — directly,
 * or, when SQLite cannot even read a WAL-mode file there (its -shm cannot be made in a read-only folder), from
 * a copy in memory.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations'

export type Db = Database.Database

type LibraryFileErrorCode = 'not_sqlite' | 'corrupt' | 'foreign' | 'too_new' | 'unreadable' | 'read_only'

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
  if (opts.readonly) return openReadOnly(path, opts)
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (err) {
    throw new LibraryFileError(
      'unreadable',
      path,
      `cannot create the folder of the library ${path}: ${(err as Error).message}`,
    )
  }
  let db: Db
  try {
    db = new Database(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  } catch (err) {
    if (isReadOnlyError(err)) throw readOnlyError(path)
    throw new LibraryFileError('unreadable', path, `cannot open the library ${path}: ${(err as Error).message}`)
  }
  try {
    // busy_timeout first: another process (the app, `soundprint serve`) may hold the write lock.
    db.pragma('busy_timeout = 5000')
    const identity = readIdentity(db, path)
    if (identity === 'ours') checkIntegrity(db, path)
    checkWritable(db, path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (err) {
    db.close()
    if (isReadOnlyError(err)) throw readOnlyError(path)
    throw err
  }
}

function openReadOnly(path: string, opts: OpenOptions): Db {
  const native = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}
  let db: Db | null = null
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...native })
    db.pragma('busy_timeout = 5000')
    return checkedForReading(db, path)
  } catch (err) {
    db?.close()
    if (!isReadOnlyError(err) || hasWalContent(path)) throw err
  }
  // A WAL-mode library in a folder where its -shm cannot be made: SQLite will not read it in place. Read a
  // copy in memory, marked as a rollback-journal database (header bytes 18-19), which SQLite can load.
  const bytes = readFileSync(path)
  bytes[18] = 1
  bytes[19] = 1
  return checkedForReading(new Database(bytes, { readonly: true, ...native }), path)
}

function checkedForReading(db: Db, path: string): Db {
  try {
    const identity = readIdentity(db, path)
    if (identity === 'new') throw new LibraryFileError('foreign', path, `${path} is not a Soundprint library (empty)`)
    const version = db.pragma('user_version', { simple: true }) as number
    if (version < SCHEMA_VERSION)
      throw new LibraryFileError(
        'read_only',
        path,
        `the library ${path} was written by an older Soundprint and must be upgraded, which needs write access to it and its folder; run \`soundprint scan\` once as a user who may write it`,
      )
    checkIntegrity(db, path)
    db.pragma('foreign_keys = ON')
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** True for SQLite's "attempt to write a readonly database" family (and the open failing for that reason). */
function isReadOnlyError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN')
}

function readOnlyError(path: string): LibraryFileError {
  return new LibraryFileError(
    'read_only',
    path,
    `the library ${path} is read-only for this user (the file or its folder cannot be written); \`tracks\`, \`similar\` and \`serve\` can read it, but this needs to write it — make both writable (e.g. chmod u+w) or choose another path with --db`,
  )
}

/** A -wal file with frames in it: changes not yet in the main file, which an in-memory copy would miss. */
function hasWalContent(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0
  } catch {
    return false
  }
}

/**
 * PRAGMA quick_check before the first write: a damaged library is reported, never written to (and, read,
 * never half-listed before a raw SQLite error).
 */
function checkIntegrity(db: Db, path: string): void {
  let problems: string[]
  try {
    problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check)
  } catch (err) {
    if (isReadOnlyError(err)) throw err
    problems = [(err as Error).message]
  }
  if (problems.length === 1 && problems[0] === 'ok') return
  throw new LibraryFileError(
    'corrupt',
    path,
    `the library ${path} is damaged (SQLite's integrity check: ${firstProblem(problems)}); it was left untouched — restore it from a backup, or move it aside and run \`soundprint scan\` on your folders to build a new one (fingerprints are recomputed)`,
  )
}

/** quick_check's first complaint on one line, short enough for a terminal. */
function firstProblem(problems: string[]): string {
  const lines = problems.flatMap((p) => p.split('\n')).filter((l) => l.trim() && !l.startsWith('***'))
  const first = (lines[0] ?? 'failed').replace(/\s+/g, ' ').trim().slice(0, 120)
  return lines.length > 1 ? `${first}, and more` : first
}

/**
 * Takes and releases the write lock (BEGIN IMMEDIATE; ROLLBACK), which writes nothing: a file SQLite opened
 * read-only (no permission to write it or its folder) fails here, before any pragma or migration tries to.
 */
function checkWritable(db: Db, path: string): void {
  try {
    db.exec('BEGIN IMMEDIATE')
    db.exec('ROLLBACK')
  } catch (err) {
    if (isReadOnlyError(err)) throw readOnlyError(path)
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
    // Not damage: SQLite could not read a WAL-mode file it may not write (see openReadOnly).
    if (isReadOnlyError(err)) throw err
    throw new LibraryFileError(
      'corrupt',
      path,
      `the library ${path} is damaged (${(err as Error).message}); it was left untouched — restore it from a backup, or move it aside and run \`soundprint scan\` on your folders to build a new one`,
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
