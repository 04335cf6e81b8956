#!/usr/bin/env node
// `npm run bench:library`: the library's throughput and memory, measured in one run through the built CLI
// (run `npm run build` first). Each section is one function; all print to stdout.
//
// Discovery, tags and rescan (the importer's part):
//   - a synthetic library of N files (default 10 000; --files N) in nested folders: a few distinct short
//     recordings (MP3 with ID3 tags, Ogg, FLAC, WAV) copied N/8 times each, so analysis costs little (the
//     same audio is analysed once) while walk, stat, tag and hash work is done for every file;
//   - discovery files/s and tag+hash files/s of the first import, from the --json progress events;
//   - the wall time of re-scanning the unchanged library (target ≤ 5 s for 10 000 files), which includes
//     starting Node and opening the database.
// Import memory (--corpus DIR, default /work/corpus when present; --no-corpus skips it):
//   - peak RSS of the scan's main process and of its DSP workers (sampled from /proc every 100 ms, and
//     VmHWM) while importing the folder into a fresh library; target ≤ 500 MB for the whole app.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(REPO, 'bin', 'soundprint.mjs')

function arg(name, fallback) {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const flag = (name) => process.argv.includes(name)

if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) {
  console.error('bench:library: run `npm run build` first (out/main/cli.js is missing)')
  process.exit(2)
}

// ── process memory (Linux /proc) ─────────────────────────────────────────────────────────────────────

function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
  } catch {
    return null
  }
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Runs the CLI with args; samples RSS of it and its children; collects --json events with timestamps. */
function runScan(args, { sample = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const events = []
    let buf = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (c) => {
      buf += c
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        if (line.startsWith('{')) events.push({ t: (performance.now() - t0) / 1000, ...JSON.parse(line) })
      }
    })
    child.stderr.on('data', (c) => (stderr += c))
    const mem = { mainPeak: 0, workersPeak: 0, totalPeak: 0, workerHwm: new Map() }
    const timer = sample
      ? setInterval(() => {
          const main = procStatus(child.pid)
          if (!main) return
          mem.mainPeak = Math.max(mem.mainPeak, main.hwm, main.rss)
          let workers = 0
          for (const w of childrenOf(child.pid)) {
            const st = procStatus(w)
            if (!st) continue
            workers += st.rss
            mem.workerHwm.set(w, Math.max(mem.workerHwm.get(w) ?? 0, st.hwm))
          }
          mem.workersPeak = Math.max(mem.workersPeak, workers)
          mem.totalPeak = Math.max(mem.totalPeak, main.rss + workers)
        }, 100)
      : null
    child.on('error', reject)
    child.on('exit', (code) => {
      if (timer) clearInterval(timer)
      const wall = (performance.now() - t0) / 1000
      if (code !== 0) reject(new Error(`scan exited ${code}: ${stderr.slice(-2000)}`))
      else resolve({ wall, events, mem })
    })
  })
}

const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`

// ── discovery, tags and rescan ───────────────────────────────────────────────────────────────────────

function makeSyntheticLibrary(dir, files) {
  const src = join(dir, 'src')
  mkdirSync(src, { recursive: true })
  const ff = (...a) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...a])
  const bases = []
  const kinds = [
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '96k']],
    ['ogg', ['-c:a', 'libvorbis', '-q:a', '2']],
    ['flac', ['-c:a', 'flac']],
    ['wav', []],
  ]
  for (let i = 0; i < 8; i++) {
    const [ext, codec] = kinds[i % kinds.length]
    const out = join(src, `base${i}.${ext}`)
    ff(
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${220 + 110 * i}:duration=0.4:sample_rate=44100`,
      '-ac',
      '2',
      ...codec,
      '-metadata',
      `title=Base ${i}`,
      '-metadata',
      'artist=Bench Artist',
      '-metadata',
      `album=Bench Album ${i % 3}`,
      out,
    )
    bases.push({ path: out, ext })
  }
  const lib = join(dir, 'music')
  // artist/album/track layout: 50 files per folder, two levels deep.
  for (let n = 0; n < files; n++) {
    const b = bases[n % bases.length]
    const folder = join(lib, `artist${Math.floor(n / 500)}`, `album${Math.floor(n / 50) % 10}`)
    if (n % 50 === 0) mkdirSync(folder, { recursive: true })
    copyFileSync(b.path, join(folder, `track${String(n).padStart(5, '0')}.${b.ext}`))
  }
  return lib
}

export async function benchDiscoveryTagsRescan() {
  const files = Number(arg('--files', '10000'))
  const tmp = mkdtempSync(join(tmpdir(), 'soundprint-bench-lib-'))
  try {
    process.stdout.write(`\n== discovery, tags, rescan: ${files} files ==\n`)
    const t = performance.now()
    const music = makeSyntheticLibrary(tmp, files)
    process.stdout.write(`  made the library in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
    const db = join(tmp, 'library.db')
    const first = await runScan(['scan', '--db', db, '--json', music])
    const ev = first.events
    const endDiscover = ev.find((e) => e.event === 'progress' && e.phase !== 'discovering' && e.found >= files)
    const allTagged = ev.find((e) => e.event === 'progress' && e.tagged >= files)
    const done = ev[ev.length - 1]
    const startT = ev[0]?.t ?? 0
    if (endDiscover) {
      const s = endDiscover.t - startT
      process.stdout.write(`  discovery: ${files} files in ${s.toFixed(2)} s = ${(files / s).toFixed(0)} files/s\n`)
    }
    if (allTagged && endDiscover) {
      const s = allTagged.t - startT
      process.stdout.write(
        `  tags + content hash: ${files} files by ${s.toFixed(2)} s after start = ${(files / s).toFixed(0)} files/s (overlaps discovery)\n`,
      )
    }
    process.stdout.write(
      `  first import: ${first.wall.toFixed(1)} s wall, analysed ${done.analysed}, skipped ${done.skipped}, failed ${done.failed}, tracks ${done.tracks}\n`,
    )
    const rescans = []
    for (let i = 0; i < 3; i++) rescans.push(await runScan(['scan', '--db', db, '--json', music]))
    const walls = rescans.map((r) => r.wall)
    const last = rescans[2].events.at(-1)
    process.stdout.write(
      `  rescan unchanged (wall, incl. node start + db open): ${walls.map((w) => w.toFixed(2)).join(' s, ')} s ` +
        `(best ${Math.min(...walls).toFixed(2)} s; target ≤ 5 s) — analysed ${last.analysed}, skipped ${last.skipped}\n`,
    )
    return { files, rescanSec: Math.min(...walls) }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

// ── memory while importing a real folder ─────────────────────────────────────────────────────────────

export async function benchImportMemory() {
  const corpus = arg('--corpus', '/work/corpus')
  if (flag('--no-corpus') || !existsSync(corpus)) {
    process.stdout.write(
      `\n== import memory: skipped (${flag('--no-corpus') ? '--no-corpus' : `${corpus} not found`}) ==\n`,
    )
    return null
  }
  const tmp = mkdtempSync(join(tmpdir(), 'soundprint-bench-rss-'))
  try {
    const count = countAudio(corpus)
    process.stdout.write(`\n== import memory: ${corpus} (${count} audio files) ==\n`)
    const db = join(tmp, 'library.db')
    const workers = arg('--workers', undefined)
    const r = await runScan(['scan', '--db', db, '--json', ...(workers ? ['--workers', workers] : []), corpus], {
      sample: true,
    })
    const done = r.events.at(-1)
    const audioSec = r.events.filter((e) => e.event === 'progress').at(-1)?.realtimeFactor
    const workerHwm = Math.max(0, ...r.mem.workerHwm.values())
    process.stdout.write(
      `  imported ${done.tracks} tracks (${done.analysed} analysed, ${done.failed} failed) in ${r.wall.toFixed(0)} s ` +
        `(${(done.analysed / r.wall).toFixed(2)} tracks/s, last window ${audioSec ?? '?'}× realtime)\n` +
        `  peak RSS: main ${mb(r.mem.mainPeak)}, workers together ${mb(r.mem.workersPeak)} (largest single worker VmHWM ${mb(workerHwm)}), ` +
        `main + workers ${mb(r.mem.totalPeak)} (target ≤ 500 MB)\n`,
    )
    return { totalPeak: r.mem.totalPeak }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

function countAudio(dir) {
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && /\.(wav|flac|mp3|ogg|oga|opus|m4a|mp4|aac|aiff?|aifc)$/i.test(e.name)) n++
  return n
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────────────

const SECTIONS = [
  ['discovery', benchDiscoveryTagsRescan],
  ['memory', benchImportMemory],
]

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = arg('--only', null)
  for (const [name, fn] of SECTIONS) {
    if (only && !only.split(',').includes(name)) continue
    await fn()
  }
}
