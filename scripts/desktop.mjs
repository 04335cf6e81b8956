// `npm start` and `npm run dist`: the desktop app needs the Electron binary and an Electron-ABI build
// of better-sqlite3 (native/electron/better_sqlite3.node, loaded via `nativeBinding`, so the Node-ABI
// copy in node_modules that `npm test` and the CLI use is never touched).
//   node scripts/desktop.mjs start   build, then run the app
//   node scripts/desktop.mjs dist    build, then make the installer for this platform (electron-builder)
// Where the Electron binary cannot be downloaded, both fail with a one-line explanation.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** What to run without Electron (serve's default host and port; test/desktop-start.test.ts keeps them in step). */
const SERVE_FALLBACK =
  'npx soundprint serve (or, faster: node bin/soundprint.mjs serve), then open http://127.0.0.1:8766'
const require = createRequire(import.meta.url)
const mode = process.argv[2]
if (mode !== 'start' && mode !== 'dist') {
  console.error('usage: node scripts/desktop.mjs start|dist')
  process.exit(2)
}

const die = (msg) => {
  console.error(`soundprint ${mode}: ${msg}`)
  process.exit(1)
}
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts }).status === 0

/** Path of the Electron binary, downloading it once if npm skipped electron's install script. */
function electronBinary() {
  const find = () => {
    try {
      const p = spawnSync(process.execPath, ['-p', "require('electron')"], { cwd: root, encoding: 'utf8' })
      const path = p.stdout.trim()
      return p.status === 0 && path && existsSync(path) ? path : null
    } catch {
      return null
    }
  }
  let bin = find()
  if (!bin) {
    // electron's own installer downloads the binary (allowScripts keeps it from running during npm install).
    spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: root, stdio: 'ignore' })
    bin = find()
  }
  if (!bin)
    die(
      'the Electron binary is not installed and could not be downloaded (no network access to its release host).\n' +
        `Run the same app in a browser instead: ${SERVE_FALLBACK}`,
    )
  return bin
}

/** Builds better-sqlite3 for Electron's ABI into native/electron/ (once per Electron version). */
function electronSqlite() {
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
  const outDir = join(root, 'native/electron')
  const out = join(outDir, 'better_sqlite3.node')
  const stamp = join(outDir, 'electron-version.txt')
  if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === electronVersion) return
  const src = dirname(require.resolve('better-sqlite3/package.json'))
  const work = mkdtempSync(join(tmpdir(), 'soundprint-sqlite-'))
  try {
    cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${src}/build`) })
    const gyp = join(root, 'node_modules/.bin/node-gyp')
    const ok = run(
      gyp,
      [
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers',
      ],
      {
        cwd: work,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    )
    if (!ok)
      die(
        `could not build better-sqlite3 for Electron ${electronVersion} (node-gyp needs Electron's headers from its release host)`,
      )
    mkdirSync(outDir, { recursive: true })
    cpSync(join(work, 'build/Release/better_sqlite3.node'), out)
    writeFileSync(stamp, electronVersion)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const bin = electronBinary()
electronSqlite()
if (!run(join(root, 'node_modules/.bin/electron-vite'), ['build'])) die('build failed')
if (mode === 'start') {
  process.exit(run(bin, ['.']) ? 0 : 1)
} else {
  process.exit(run(join(root, 'node_modules/.bin/electron-builder'), ['--publish', 'never']) ? 0 : 1)
}
