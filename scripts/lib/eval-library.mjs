// The labelled library the evaluation scripts share: --db PATH, or --corpus DIR (default /work/corpus)
// scanned by the built CLI into a cached library in the temp folder (rescans are incremental), labelled
// by --by (default folder: the first folder level, i.e. the soundtrack).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : fallback
}

/** Loads a module of the source tree (TypeScript) through Vite. */
export async function load(rel) {
  const { runnerImport } = await import('vite')
  return (await runnerImport(join(REPO, rel))).module
}

/** { db, by, entries, labels, paths } of the analysed, labelled tracks; exits with a message when unusable. */
export async function openEvalLibrary(script) {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) {
    console.error(`${script}: run \`npm run build\` first (out/main/cli.js is missing)`)
    process.exit(2)
  }
  let db = arg('--db', undefined)
  if (!db) {
    const corpus = resolve(arg('--corpus', '/work/corpus'))
    if (!existsSync(corpus)) {
      console.error(`${script}: no corpus at ${corpus} (--corpus DIR or --db PATH)`)
      process.exit(2)
    }
    db = join(tmpdir(), `soundprint-eval-${createHash('sha1').update(corpus).digest('hex').slice(0, 10)}.db`)
    console.error(`${script}: scanning ${corpus} into ${db} …`)
    const scan = spawnSync(
      process.execPath,
      [join(REPO, 'bin', 'soundprint.mjs'), 'scan', '--db', db, '--workers', arg('--workers', '1'), '--json', corpus],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    if (scan.status !== 0 && scan.status !== 1) process.exit(scan.status ?? 1)
  }
  const by = arg('--by', 'folder')
  const { Library } = await load('src/main/core/library.ts')
  const { labelLibrary } = await load('src/main/core/evaluate.ts')
  const lib = Library.open(db)
  const data = labelLibrary(lib, by)
  lib.close()
  const missing = data.entries.filter((e) => !e.timbre).length
  if (missing > 0) {
    console.error(`${script}: ${missing} tracks have no timbre descriptor (analysed by an older engine): rescan`)
    process.exit(1)
  }
  return { db, by, ...data }
}
