/**
 * User settings, stored in the library database (table `settings`, migration 3: one JSON value per key), so
 * the desktop app and `soundprint serve` on the same library agree. Unknown keys in the table are ignored;
 * a missing or unreadable value falls back to its default.
 */
import type { Settings } from '../../shared/api'
import type { Db } from './db'

const DEFAULT_SETTINGS: Readonly<Settings> = { watchFolders: true }

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]

export function readSettings(db: Db): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const { key, value } of db.prepare('SELECT key, value FROM settings').all() as {
    key: string
    value: string
  }[]) {
    if (!(KEYS as string[]).includes(key)) continue
    try {
      const v = JSON.parse(value) as unknown
      if (typeof v === typeof DEFAULT_SETTINGS[key as keyof Settings]) out[key] = v
    } catch {
      // an unreadable value keeps its default
    }
  }
  return out as unknown as Settings
}

/** Stores the given settings (others unchanged) and returns them all. */
export function writeSettings(db: Db, patch: Partial<Settings>): Settings {
  const put = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  db.transaction(() => {
    for (const key of KEYS) if (patch[key] !== undefined) put.run(key, JSON.stringify(patch[key]))
  }).immediate()
  return readSettings(db)
}
