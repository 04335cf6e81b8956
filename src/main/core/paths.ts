/**
 * Where the library database lives. By default in the desktop app's user-data folder, so the CLI, the
 * server and the app share one library:
 * - Linux: `$XDG_CONFIG_HOME/Soundprint/library.db` (`~/.config/Soundprint/library.db` when unset)
 * - macOS: `~/Library/Application Support/Soundprint/library.db`
 * - Windows: `%APPDATA%\Soundprint\library.db`
 * `--db PATH` (the `flag` argument) or the `SOUNDPRINT_DB` environment variable override it, in that order.
 */
import { homedir } from 'node:os'
import { isAbsolute, posix, resolve, win32 } from 'node:path'

/** Folder name under the platform's application-data folder (Electron's `app.getPath('userData')`). */
const APP_DIR_NAME = 'Soundprint'
const DB_FILE_NAME = 'library.db'

/** The platform's per-user application data folder for Soundprint. */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || win32.join(home, 'AppData', 'Roaming')
    return win32.join(appData, APP_DIR_NAME)
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  const xdg = env.XDG_CONFIG_HOME
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const config = xdg && isAbsolute(xdg) ? xdg : posix.join(home, '.config')
  return posix.join(config, APP_DIR_NAME)
}

/** The default library file: `<userDataDir>/library.db`. */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const dir = userDataDir(env, platform, home)
  return platform === 'win32' ? win32.join(dir, DB_FILE_NAME) : posix.join(dir, DB_FILE_NAME)
}

/** The database path to use: `--db PATH`, else `SOUNDPRINT_DB`, else the default; relative paths resolve against cwd. */
export function resolveDbPath(flag?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  if (env.SOUNDPRINT_DB) return resolve(env.SOUNDPRINT_DB)
  return defaultDbPath(env)
}
