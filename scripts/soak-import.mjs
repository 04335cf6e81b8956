#!/usr/bin/env node
// `npm run bench:soak [-- --seconds S] [--files N] [--seed K]`: imports a folder through the built CLI
// (`npm run build` first) while it is being damaged at random, then checks that nothing was lost,
// duplicated, stuck or hung (issue 12).
//
// N short recordings (WAV and FLAC, made by sox) are scanned over and over for S seconds (default 150).
// During each scan, every 50-250 ms one of these happens at random: a file is swapped for a named pipe, deleted,
// truncated to a few hundred bytes or made unreadable (each undone again later, at random), a DSP worker of
// the scan is SIGKILLed, or the scan itself is SIGKILLed (which ends the round). A scan that has not ended
// within 90 s of its start is counted hung and killed. At the end every file is put back as it was and one
// last, undisturbed scan runs. Then, from the library file:
//   lost        files on disk that are not a track in state done (each is valid audio);
//   duplicated  tracks beyond one per file (extra rows for a file, or rows for paths that are not files);
//   stuck       tracks still pending or analysing after the last scan;
//   hung        scans that did not end in time (the last one included).
// It prints them with the peak RSS of the scan process and of its workers (sampled from /proc every 100 ms),
// and exits 1 when any count is not 0. As root, the scans run as `nobody` (setpriv) so that chmod 000
// really makes a file unreadable. Numbers from a shared, loaded machine vary; the counts must not.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(REPO, 'bin', 'soundprint.mjs')
const { values } = parseArgs({
  options: { seconds: { type: 'string' }, files: { type: 'string' }, seed: { type: 'string' } },
})
const SECONDS = Number(values.seconds ?? 150)
const FILES = Number(values.files ?? 40)
let seed = Number(values.seed ?? 12)
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x80000000
}
const pick = (xs) => xs[Math.floor(random() * xs.length)]
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const SCAN_LIMIT_MS = 90_000

if (!existsSync(join(REPO, 'out', 'main', 'worker.js'))) {
  console.error('soak-import: run `npm run build` first')
  process.exit(2)
}
const asRoot = process.getuid?.() === 0
const prefix = asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : []

const work = mkdtempSync(join(tmpdir(), 'soundprint-soak-'))
const music = join(work, 'music')
const stash = join(work, 'stash') // originals of the files being damaged
const dbDir = join(work, 'db')
const dbPath = join(dbDir, 'library.db')
for (const d of [music, stash, dbDir]) mkdirSync(d, { recursive: true })

// ── the folder ──────────────────────────────────────────────────────────────────────────────────────────
const files = []
for (let i = 0; i < FILES; i++) {
  const dir = join(music, `disc${i % 5}`)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `t${String(i).padStart(3, '0')}.${i % 3 === 0 ? 'flac' : 'wav'}`)
  const sec = String(1 + (i % 4))
  execFileSync('sox', [
    '-n',
    '-r',
    '22050',
    '-c',
    String(1 + (i % 2)),
    path,
    'synth',
    sec,
    'sine',
    String(150 + 37 * i),
    'pinknoise',
    'mix',
    'vol',
    '0.4',
  ])
  files.push(path)
}
execFileSync('chmod', ['-R', 'a+rX', work])
chmodSync(dbDir, 0o777)
chmodSync(stash, 0o700)

// ── damage and repair ───────────────────────────────────────────────────────────────────────────────────
/** path → how it is damaged ('fifo' | 'deleted' | 'truncated' | 'unreadable') */
const damaged = new Map()
const counts = { fifo: 0, deleted: 0, truncated: 0, unreadable: 0, restored: 0, workerKills: 0, scanKills: 0 }
const stashOf = (path) => join(stash, path.slice(music.length + 1).replaceAll('/', '__'))

function damage(path, how) {
  if (damaged.has(path)) return
  if (how === 'unreadable') chmodSync(path, 0o000)
  else {
    renameSync(path, stashOf(path))
    if (how === 'fifo') execFileSync('mkfifo', ['-m', '644', path])
    else if (how === 'truncated') {
      copyFileSync(stashOf(path), path)
      truncateSync(path, 300 + Math.floor(random() * 2000))
      chmodSync(path, 0o644)
    }
  }
  damaged.set(path, how)
  counts[how]++
}

function repair(path) {
  const how = damaged.get(path)
  if (!how) return
  if (how === 'unreadable') chmodSync(path, 0o644)
  else {
    if (how !== 'deleted') rmSync(path, { force: true })
    renameSync(stashOf(path), path)
  }
  damaged.delete(path)
  counts.restored++
}

// ── processes ───────────────────────────────────────────────────────────────────────────────────────────
const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}
const descendants = (pid) => childrenOf(pid).flatMap((c) => [c, ...descendants(c)])
const peakOf = (pid) => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}
let peakMain = 0
let peakWorker = 0

/** Runs one scan; `chaos` damages the folder meanwhile. Resolves with how it ended. */
function runScan(chaos) {
  return new Promise((resolve) => {
    const [cmd, ...args] = [...prefix, process.execPath, BIN, 'scan', '--db', dbPath, '--workers', '2', '--json', music]
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: '/tmp' } })
    const started = Date.now()
    let ended = false
    let hung = false
    let stderr = ''
    child.stderr.on('data', (b) => {
      stderr = (stderr + b.toString()).slice(-2000)
    })
    // With setpriv the scan is a child of setpriv's exec, i.e. the same pid.
    const sampler = setInterval(() => {
      peakMain = Math.max(peakMain, peakOf(child.pid))
      for (const w of descendants(child.pid)) peakWorker = Math.max(peakWorker, peakOf(w))
      if (Date.now() - started > SCAN_LIMIT_MS && !ended) {
        hung = true
        child.kill('SIGKILL')
      }
    }, 100)
    const chaosLoop = async () => {
      while (chaos && !ended) {
        await sleep(50 + random() * 200)
        if (ended) break
        const r = random()
        const path = pick(files)
        if (r < 0.12) damage(path, 'fifo')
        else if (r < 0.22) damage(path, 'deleted')
        else if (r < 0.32) damage(path, 'truncated')
        else if (r < 0.42) damage(path, 'unreadable')
        else if (r < 0.72) repair(pick([...damaged.keys()].concat(path)))
        else if (r < 0.9) {
          const w = pick(childrenOf(child.pid))
          if (w) {
            try {
              process.kill(w, 'SIGKILL')
              counts.workerKills++
            } catch {}
          }
        } else if (r < 0.95 && Date.now() - started > 700) {
          child.kill('SIGKILL')
          counts.scanKills++
          break
        }
      }
    }
    void chaosLoop()
    child.on('exit', (code, signal) => {
      ended = true
      clearInterval(sampler)
      resolve({ code, signal, hung, stderr, ms: Date.now() - started })
    })
  })
}

// ── the soak ────────────────────────────────────────────────────────────────────────────────────────────
const t0 = Date.now()
let rounds = 0
let hung = 0
const badExits = []
let startKilled = 0
while (Date.now() - t0 < SECONDS * 1000) {
  const killsBefore = counts.workerKills
  const r = await runScan(true)
  rounds++
  // Workers SIGKILLed before they were ready, three in a row, look exactly like workers that cannot start:
  // the scan stops with exit 1 and keeps the queue (as documented), which the next round picks up.
  const startKills = counts.workerKills > killsBefore && /workers cannot start/.test(r.stderr)
  if (r.hung) hung++
  else if (startKills) startKilled++
  else if (r.signal !== 'SIGKILL' && r.code !== 0) badExits.push(`exit ${r.code}: ${r.stderr.trim().split('\n').pop()}`)
  process.stderr.write(
    `round ${rounds}: ${r.signal ?? `exit ${r.code}`} after ${(r.ms / 1000).toFixed(1)} s, ${damaged.size} files damaged\r`,
  )
}
for (const path of [...damaged.keys()]) repair(path)
const last = await runScan(false)
if (last.hung) hung++
if (last.code !== 0) badExits.push(`last scan: ${last.signal ?? `exit ${last.code}`}: ${last.stderr.trim()}`)
process.stderr.write('\n')

// ── the verdict ─────────────────────────────────────────────────────────────────────────────────────────
const db = new Database(dbPath, { readonly: true })
const rows = db.prepare('SELECT path, state, error FROM tracks').all()
db.close()
const byPath = new Map()
for (const r of rows) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r])
const lostFiles = files.filter((f) => !(byPath.get(f) ?? []).some((r) => r.state === 'done'))
const onDisk = new Set(files)
const inodes = new Map()
let duplicated = 0
for (const r of rows) {
  if (r.state === 'missing') continue
  if (!onDisk.has(r.path) || !lstatSync(r.path, { throwIfNoEntry: false })?.isFile()) {
    duplicated++
    continue
  }
  const st = statSync(r.path)
  const key = `${st.dev}:${st.ino}`
  if (inodes.has(key)) duplicated++
  inodes.set(key, r.path)
}
const stuck = rows.filter((r) => r.state === 'pending' || r.state === 'analysing').length
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`

console.log(
  `soak: ${FILES} files, ${rounds} disturbed scans in ${((Date.now() - t0) / 1000).toFixed(0)} s, then one clean scan`,
)
console.log(
  `  damage: ${counts.fifo} swapped for a FIFO, ${counts.deleted} deleted, ${counts.truncated} truncated, ${counts.unreadable} made unreadable (${counts.restored} repaired); ${counts.workerKills} workers and ${counts.scanKills} scans SIGKILLed`,
)
if (startKilled > 0)
  console.log(`  ${startKilled} scans stopped (exit 1, queue kept) because the workers were killed while starting`)
console.log(`  tracks lost:       ${lostFiles.length}`)
console.log(`  tracks duplicated: ${duplicated}`)
console.log(`  tracks stuck:      ${stuck}`)
console.log(`  scans hung:        ${hung}`)
console.log(`  peak RSS: scan process ${mb(peakMain)}, largest worker ${mb(peakWorker)}`)
for (const f of lostFiles.slice(0, 10))
  console.log(
    `  lost: ${f}: ${(byPath.get(f) ?? []).map((r) => `${r.state} ${r.error ?? ''}`).join('; ') || 'no track'}`,
  )
for (const e of badExits.slice(0, 5)) console.log(`  unexpected: ${e}`)

spawnSync('rm', ['-rf', work])
process.exit(lostFiles.length + duplicated + stuck + hung + badExits.length > 0 ? 1 : 0)
