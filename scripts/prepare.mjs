// Runs after `npm install`/`npm ci`: builds the optional in-process decoder (out/native, see
// build-native.mjs) and out/ so `npx soundprint` and the worker processes have JavaScript to run.
// Skipped when the sources are absent (e.g. installing the published package).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (!existsSync('src') || !existsSync('node_modules/.bin/electron-vite')) process.exit(0)
const native = spawnSync(process.execPath, ['scripts/build-native.mjs'], { stdio: 'inherit' })
if (native.status !== 0) process.exit(native.status ?? 1)
const r = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
process.exit(r.status ?? 1)
