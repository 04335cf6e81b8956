/**
 * Native modules for the Electron runtime. `npm test` and the CLI load better-sqlite3's Node-ABI build
 * from node_modules; the desktop app loads a copy built for Electron's ABI (scripts/electron-native.mjs,
 * run by `npm start` and `npm run dist`) through better-sqlite3's `nativeBinding` option, so neither
 * runtime ever has to rebuild the other's copy.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Relative location of the Electron-ABI better-sqlite3 binary, under the project root or resources. */
const ELECTRON_SQLITE_BINDING = join('native', 'electron', 'better_sqlite3.node')

/** Path of the Electron-ABI better-sqlite3 binary, or undefined when it is not there. */
export function electronSqliteBinding(opts: {
  isPackaged: boolean
  appPath: string
  resourcesPath: string
}): string | undefined {
  const base = opts.isPackaged ? opts.resourcesPath : opts.appPath
  const file = join(base, ELECTRON_SQLITE_BINDING)
  return existsSync(file) ? file : undefined
}
