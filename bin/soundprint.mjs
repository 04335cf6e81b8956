#!/usr/bin/env node
// `soundprint` command: runs the built CLI (out/main/cli.js, built by `npm install` via `prepare`).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('soundprint: not built yet (out/main/cli.js is missing): run `npm run build` first\n')
  process.exit(2)
}
await import(pathToFileURL(cli).href)
