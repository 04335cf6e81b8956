// Runs after `npm install`/`npm ci`: builds out/ so `npx soundprint` and the worker processes have
// JavaScript to run. Skipped when the sources are absent (e.g. installing the published package).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (!existsSync('src') || !existsSync('node_modules/.bin/electron-vite')) process.exit(0)
const r = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
process.exit(r.status ?? 1)
