/**
 * The library file: a new database gets our identity, pragmas and schema; migrations are idempotent; a
 * corrupt or foreign file is reported with a clear error and left byte-identical.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { LibraryFileError, migrate, openDatabase } from '../src/main/core/db'
import { APPLICATION_ID, SCHEMA_VERSION } from '../src/main/core/migrations'
import { defaultDbPath, resolveDbPath, userDataDir } from '../src/main/core/paths'
import { makeTempDir } from './helpers/audio'
import { runCli } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-db-')
afterAll(() => tmp.cleanup())

const sha1 = (p: string) => createHash('sha1').update(readFileSync(p)).digest('hex')

function openError(path: string): LibraryFileError {
  try {
    openDatabase(path).close()
  } catch (err) {
    expect(err).toBeInstanceOf(LibraryFileError)
    return err as LibraryFileError
  }
  throw new Error(`opening ${path} should have failed`)
}

describe('library database', () => {
  it('creates a new library with WAL, foreign keys, our application id and the whole schema', () => {
    const path = join(tmp.dir, 'sub', 'dir', 'new.db')
    const db = openDatabase(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const tables = (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
        name: string
      }[]
    ).map((r) => r.name)
    expect(tables).toEqual([
      'fingerprints',
      // each folder's cover image as last seen (migration 6)
      'folder_covers',
      'playlist_items',
      'playlists',
      'roots',
      'settings',
      'tracks',
      // the full-text index (FTS5's shadow tables)
      'tracks_fts',
      'tracks_fts_config',
      'tracks_fts_data',
      'tracks_fts_docsize',
      'tracks_fts_idx',
    ])
    const fpCols = (db.prepare('PRAGMA table_info(fingerprints)').all() as { name: string }[]).map((c) => c.name)
    expect(fpCols).toContain('tempo_bpm')
    expect(fpCols).toContain('phase_correlation')
    expect(fpCols).toContain('peak_dbfs')
    expect(fpCols).toContain('analysis_version')
    expect(fpCols).toContain('timbre')
    db.close()
  })

  it('applies migrations once: reopening and migrating again change nothing', () => {
    const path = join(tmp.dir, 'idem.db')
    openDatabase(path).close()
    const schema = () => {
      const db = new Database(path, { readonly: true })
      const s = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()
      db.close()
      return s
    }
    const before = schema()
    const db = openDatabase(path)
    expect(migrate(db)).toBe(0)
    db.prepare(`INSERT INTO roots (path, added_at) VALUES ('/music', 1)`).run()
    db.close()
    const again = openDatabase(path)
    expect(again.prepare('SELECT count(*) AS n FROM roots').get()).toEqual({ n: 1 })
    again.close()
    expect(schema()).toEqual(before)
  })

  it('refuses a file that is not SQLite and leaves it byte-identical', () => {
    const path = join(tmp.dir, 'notes.db')
    writeFileSync(path, 'my precious notes\n'.repeat(1000))
    const before = sha1(path)
    const err = openError(path)
    expect(err.code).toBe('not_sqlite')
    expect(err.message).toMatch(/not a SQLite database/)
    expect(sha1(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a damaged SQLite file and leaves it byte-identical', () => {
    const good = join(tmp.dir, 'good.db')
    openDatabase(good).close()
    const bytes = readFileSync(good)
    // Keep the header, trash the pages after it.
    for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff
    const path = join(tmp.dir, 'damaged.db')
    writeFileSync(path, bytes)
    const before = sha1(path)
    const err = openError(path)
    expect(['corrupt', 'foreign']).toContain(err.code)
    expect(sha1(path)).toBe(before)
  })

  it("refuses another program's SQLite database and leaves it byte-identical", () => {
    const path = join(tmp.dir, 'other.db')
    const other = new Database(path)
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices VALUES (1, 9.5)')
    other.close()
    const before = sha1(path)
    const err = openError(path)
    expect(err.code).toBe('foreign')
    expect(err.message).toMatch(/not a Soundprint library/)
    expect(sha1(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a library written by a newer schema', () => {
    const path = join(tmp.dir, 'future.db')
    openDatabase(path).close()
    const db = new Database(path)
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    db.close()
    expect(openError(path).code).toBe('too_new')
  })

  it('`soundprint scan` on a corrupt library exits 1 with a clear message and leaves the file as it was', () => {
    const path = join(tmp.dir, 'cli-notes.db')
    writeFileSync(path, 'not a database at all')
    const before = sha1(path)
    const r = runCli(['scan', '--db', path, tmp.dir])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/not a SQLite database/)
    expect(sha1(path)).toBe(before)
    const t = runCli(['tracks', '--db', path])
    expect(t.status).toBe(1)
    expect(sha1(path)).toBe(before)
  })
})

describe('default library location', () => {
  it("is the desktop app's user-data folder on each platform", () => {
    expect(defaultDbPath({}, 'linux', '/home/ann')).toBe('/home/ann/.config/Soundprint/library.db')
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ann')).toBe('/cfg/Soundprint/library.db')
    expect(defaultDbPath({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/ann')).toBe(
      '/home/ann/.config/Soundprint/library.db',
    )
    expect(defaultDbPath({}, 'darwin', '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Soundprint/library.db',
    )
    expect(userDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Soundprint',
    )
  })

  it('is overridden by --db, then SOUNDPRINT_DB', () => {
    expect(resolveDbPath('/x/flag.db', { SOUNDPRINT_DB: '/x/env.db' })).toBe('/x/flag.db')
    expect(resolveDbPath(undefined, { SOUNDPRINT_DB: '/x/env.db' })).toBe('/x/env.db')
    expect(resolveDbPath(undefined, { XDG_CONFIG_HOME: '/cfg' })).toMatch(/Soundprint[/\\]library\.db$/)
  })
})
