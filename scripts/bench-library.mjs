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
// Analysis scaling (--analysis-files M, default 24 files of the corpus, evenly spread; synthetic 60 s
// pieces when there is no corpus; --pcm converts them to WAV first, so the workers read PCM without any
// decoder; --workers N, default the available parallelism):
//   - the DSP pool (src/main/core/pool.ts, real workers from out/main/worker.js) with 1 and with N
//     workers on the same files, page cache warm and workers started before the clock: tracks/s,
//     × realtime, the scaling ratio (target N workers ≥ 0.9·N × one worker), peak RSS of the workers
//     (VmHWM) and of this process, and the CPU seconds per audio minute of the workers and their ffmpeg
//     decoders (/proc). Other load on the machine skews it: the load average is printed; --repeat K
//     (default 3) runs K 1-vs-N pairs in alternating order and prints their median and pooled ratio.
// Run one section alone with --only discovery|memory|analysis|similar|listen (comma-separated for several).
// Similar-query latency (--queries Q, default 200):
//   - SimilarityIndex over 10 000 and 100 000 synthetic fingerprints (clustered like a real library):
//     build and refit time, then p50/p99 of Q top-50 queries with default and with custom weights
//     (target ≤ 20 ms at 100 000).
// Radio and path latency (--queries Q as above, a quarter of them for paths):
//   - a real SQLite library of 10 000 and 100 000 tracks with the same synthetic fingerprints (500 artists,
//     2 000 folders), opened by the core; then through the core's handlers (what IPC and HTTP call):
//     the next radio pick (`radio.next`, count 1, a radio 30 tracks in with one "less" and one "more"),
//     a refill of 10, and a 10-step `path.find` between random tracks: p50/p99 (targets at 100 000:
//     ≤ 20 ms for a radio pick, ≤ 200 ms for a path).
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
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

/** CPU seconds (user + system) of a process plus its reaped children (its ffmpeg decoders), or 0. */
function cpuSecOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
    // Fields 14-17 of proc(5) (utime, stime, cutime, cstime) are 11-14 after the command name.
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100
  } catch {
    return 0
  }
}

function procCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
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

// ── analysis throughput and scaling of the DSP pool ──────────────────────────────────────────────────

/** Imports a TypeScript module of src/ through Vite's module runner (the bench runs from source). */
async function importSource(rel) {
  const { runnerImport } = await import('vite')
  return (await runnerImport(join(REPO, rel))).module
}

function pickCorpusFiles(corpus, m) {
  const all = readdirSync(corpus, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(wav|flac|mp3|ogg|oga|opus|m4a|aiff?)$/i.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort()
  if (all.length <= m) return all
  return Array.from({ length: m }, (_, i) => all[Math.floor((i * all.length) / m)])
}

function makeSyntheticPieces(dir, m) {
  const files = []
  for (let i = 0; i < m; i++) {
    const out = join(dir, `piece${i}.ogg`)
    const f = 110 * 2 ** (i / 7)
    execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i'],
      `sine=frequency=${f}:duration=60:sample_rate=44100`,
      ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:duration=60:amplitude=${0.05 + 0.02 * (i % 5)}`],
      ...['-filter_complex', `[0][1]amix=inputs=2,volume=${0.5 + 0.05 * (i % 7)},tremolo=f=${1 + (i % 4)}`],
      ...['-ac', '2', '-c:a', 'libvorbis', '-q:a', '4', out],
    ])
    files.push(out)
  }
  return files
}

async function runPool(DspPool, spawner, size, files, warmFile) {
  const pool = new DspPool({ size, spawner })
  try {
    // Start every worker (and warm its code) before the clock starts.
    await Promise.all(Array.from({ length: size }, (_, i) => pool.run({ id: -1 - i, path: warmFile })))
    // CPU of the workers and their decoders (children of this process running worker.js), from /proc.
    const workers = () => childrenOf(process.pid).filter((p) => procCmdline(p).includes('worker'))
    const cpu0 = workers().reduce((a, p) => a + cpuSecOf(p), 0)
    const t0 = performance.now()
    let audioSec = 0
    let failed = 0
    const outcomes = await Promise.all(files.map((path, i) => pool.run({ id: i + 1, path })))
    const wall = (performance.now() - t0) / 1000
    const cpuSec = workers().reduce((a, p) => a + cpuSecOf(p), 0) - cpu0
    for (const o of outcomes) {
      if (o.ok) audioSec += o.result.durationSec
      else failed++
    }
    return { size, wall, audioSec, cpuSec, failed, tracks: files.length - failed, stats: pool.stats() }
  } finally {
    await pool.close()
  }
}

export async function benchAnalysisScaling() {
  const m = Number(arg('--analysis-files', '24'))
  const n = Number(arg('--workers', String(availableParallelism())))
  const corpus = arg('--corpus', '/work/corpus')
  const tmp = mkdtempSync(join(tmpdir(), 'soundprint-bench-pool-'))
  try {
    const useCorpus = !flag('--no-corpus') && existsSync(corpus)
    let files = useCorpus ? pickCorpusFiles(corpus, m) : makeSyntheticPieces(tmp, m)
    // --pcm: the same audio as 16-bit WAV, read by the worker's own PCM reader, to see the pool's
    // scaling apart from decoding (in process by FFmpeg's libraries, or an ffmpeg process per job
    // when the addon is not built: SOUNDPRINT_LIBAV=none).
    const pcm = flag('--pcm')
    if (pcm)
      files = files.map((f, i) => {
        const out = join(tmp, `pcm-${i}.wav`)
        execFileSync('ffmpeg', [
          '-hide_banner',
          '-loglevel',
          'error',
          '-y',
          '-i',
          f,
          '-map',
          '0:a:0',
          '-c:a',
          'pcm_s16le',
          out,
        ])
        return out
      })
    process.stdout.write(
      `\n== analysis scaling: ${files.length} files (${useCorpus ? corpus : 'synthetic 60 s pieces'}${pcm ? ', as WAV' : ''}), 1 vs ${n} workers ==\n`,
    )
    for (const f of files) readFileSync(f) // warm the page cache: measure analysis, not the disk
    // Longest first, so the run does not end with one worker busy and the others idle.
    files.sort((a, b) => statSync(b).size - statSync(a).size)
    const warmFile = join(tmp, 'warm.wav')
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', warmFile, 'synth', '2', 'pinknoise', 'vol', '0.3'])
    const { DspPool } = await importSource('src/main/core/pool.ts')
    const { createNodeSpawner } = await importSource('src/main/core/node-spawner.ts')
    const spawner = createNodeSpawner()
    const results = []
    // Several 1-vs-N pairs, in alternating order (1,N then N,1, …): a shared VM's speed drifts by ±20 %
    // over a minute, and one pair measured in one order mistakes that drift for scaling.
    const repeat = Math.max(1, Number(arg('--repeat', '3')))
    for (let rep = 0; rep < repeat; rep++)
      for (const size of n > 1 ? (rep % 2 === 0 ? [1, n] : [n, 1]) : [1]) {
        const load = loadavg()[0].toFixed(1)
        const r = await runPool(DspPool, spawner, size, files, warmFile)
        results.push(r)
        process.stdout.write(
          `  ${size} worker${size > 1 ? 's' : ' '}: ${r.tracks} tracks (${(r.audioSec / 60).toFixed(1)} min of audio, ${r.failed} failed) ` +
            `in ${r.wall.toFixed(1)} s = ${(r.tracks / r.wall).toFixed(2)} tracks/s, ${(r.audioSec / r.wall).toFixed(1)}× realtime; ` +
            `${(r.cpuSec / (r.audioSec / 60)).toFixed(2)} CPU s per audio minute, ${(r.cpuSec / r.wall).toFixed(2)} cores busy (workers + decoders); ` +
            `peak worker RSS ${mb(r.stats.peakWorkerRssBytes)} (load average before: ${load})\n`,
        )
      }
    const ratios = []
    const rate = (r) => r.audioSec / r.wall
    for (let i = 0; i + 1 < results.length && n > 1; i += 2) {
      const [one, many] = results[i].size === 1 ? [results[i], results[i + 1]] : [results[i + 1], results[i]]
      const ratio = rate(many) / rate(one)
      ratios.push(ratio)
      process.stdout.write(
        `  scaling: ${n} workers = ${ratio.toFixed(2)}× one worker (target ≥ ${(0.9 * n).toFixed(1)}×, on ${availableParallelism()} cores)\n`,
      )
    }
    if (ratios.length > 1) {
      const sorted = [...ratios].sort((a, b) => a - b)
      const mid = sorted.length >> 1
      const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
      // Pooled: all the N-worker audio over all their time, against the same for one worker.
      const pooled = (size) => {
        const rs = results.filter((r) => r.size === size)
        return rs.reduce((a, r) => a + r.audioSec, 0) / rs.reduce((a, r) => a + r.wall, 0)
      }
      // Cores kept busy (CPU time / wall time) hardly moves with the machine's speed: N workers' over one
      // worker's is what the scaling would be if a job cost the same CPU time in both runs.
      const busy = (size) => {
        const rs = results.filter((r) => r.size === size)
        return rs.reduce((a, r) => a + r.cpuSec, 0) / rs.reduce((a, r) => a + r.wall, 0)
      }
      process.stdout.write(
        `  scaling over ${ratios.length} pairs: median ${median.toFixed(2)}×, pooled ${(pooled(n) / pooled(1)).toFixed(2)}×, range ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}× (target ≥ ${(0.9 * n).toFixed(1)}×)\n` +
          `  cores kept busy: 1 worker ${busy(1).toFixed(2)}, ${n} workers ${busy(n).toFixed(2)} → ${(busy(n) / busy(1)).toFixed(2)}× at equal CPU per job\n`,
      )
    }
    process.stdout.write(`  peak RSS of this (main) process: ${mb(process.resourceUsage().maxRSS * 1024)}\n`)
    return results
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

// ── similar-track query latency ──────────────────────────────────────────────────────────────────────

/**
 * n fingerprints around 60 "styles" (centres in the display ranges, spread 8 % of the range), tempo 60–180,
 * each with a timbre descriptor (cepstral means and standard deviations around the style's) when `timbre`
 * (src/shared/timbre.ts) is given.
 */
function* syntheticFingerprints(DIMENSIONS, rng, n, seed, timbre) {
  const r = rng(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
  const styles = Array.from({ length: 60 }, () =>
    DIMENSIONS.map((d) => d.range[0] + (d.range[1] - d.range[0]) * (0.2 + 0.6 * r())),
  )
  const tempoIndex = DIMENSIONS.findIndex((d) => d.key === 'tempo_bpm')
  for (let id = 1; id <= n; id++) {
    const centre = styles[Math.floor(r() * styles.length)]
    const values = new Float32Array(DIMENSIONS.length)
    DIMENSIONS.forEach((d, i) => {
      const [lo, hi] = d.range
      values[i] = Math.min(hi, Math.max(lo, centre[i] + 0.08 * (hi - lo) * gauss()))
    })
    values[tempoIndex] = 60 + 120 * r()
    let t = null
    if (timbre) {
      t = new Float32Array(timbre.TIMBRE_LENGTH)
      const style = styles.indexOf(centre)
      for (let i = 0; i < timbre.TIMBRE_MFCC; i++) {
        t[i] = ((style * 7 + i * 13) % 20) - 10 + gauss()
        t[timbre.covIndex(i, i)] = (2 + ((style + i) % 5) + 0.3 * gauss()) ** 2
      }
    }
    yield { id, contentHash: null, values, timbre: t }
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

export async function benchSimilar() {
  const queries = Number(arg('--queries', '200'))
  const { SimilarityIndex } = await importSource('src/main/core/similarity.ts')
  const { DIMENSIONS } = await importSource('src/shared/dimensions.ts')
  const timbre = await importSource('src/shared/timbre.ts')
  // The tests' deterministic PRNG (mulberry32), so the synthetic library is the same every run.
  const { rng } = await importSource('test/helpers/signals.ts')
  process.stdout.write(`\n== similar-track queries: top 50, ${queries} queries ==\n`)
  const out = {}
  for (const n of [10_000, 100_000]) {
    let t = performance.now()
    const index = new SimilarityIndex(syntheticFingerprints(DIMENSIONS, rng, n, 42, timbre))
    const buildMs = performance.now() - t
    t = performance.now()
    index.query(1, { k: 50 }) // fits the scaling and the hubness reduction
    const fitMs = performance.now() - t
    const r = rng(7)
    const run = (weights) => {
      const times = []
      for (let q = 0; q < queries; q++) {
        const id = 1 + Math.floor(r() * n)
        const t0 = performance.now()
        index.query(id, { k: 50, weights })
        times.push(performance.now() - t0)
      }
      return times.sort((a, b) => a - b)
    }
    const plain = run(undefined)
    t = performance.now()
    index.query(1, { k: 50, weights: { rhythm: 2, stereo: 0 } }) // rebuilds the weighted copy once
    const reweighMs = performance.now() - t
    const weighted = run({ rhythm: 2, stereo: 0 })
    process.stdout.write(
      `  ${n.toLocaleString('en')} tracks: build ${buildMs.toFixed(0)} ms, first query (fit) ${fitMs.toFixed(0)} ms; ` +
        `query p50 ${percentile(plain, 0.5).toFixed(2)} ms, p99 ${percentile(plain, 0.99).toFixed(2)} ms; ` +
        `new weights ${reweighMs.toFixed(0)} ms once, then p50 ${percentile(weighted, 0.5).toFixed(2)} ms, p99 ${percentile(weighted, 0.99).toFixed(2)} ms` +
        `${n === 100_000 ? ' (target ≤ 20 ms)' : ''}\n`,
    )
    out[n] = { p50: percentile(plain, 0.5), p99: percentile(plain, 0.99) }
  }
  process.stdout.write(`  (load average: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)\n`)
  return out
}

// ── radio and path latency ───────────────────────────────────────────────────────────────────────────

/** A library database of n analysed tracks with the synthetic fingerprints, written in one transaction. */
async function makeSyntheticDb(path, n) {
  const { Library } = await importSource('src/main/core/library.ts')
  const { ANALYSIS_VERSION, DIMENSIONS, DIMENSION_KEYS } = await importSource('src/shared/dimensions.ts')
  const { rng } = await importSource('test/helpers/signals.ts')
  const lib = Library.open(path)
  const root = lib.addRoot('/bench/music')
  const now = Date.now()
  const insertTrack = lib.db.prepare(
    `INSERT INTO tracks (id, root_id, path, name, size, mtime_ms, content_hash, tagged, title, artist, duration_sec, state,
       added_at, updated_at) VALUES (?, ?, ?, ?, 1000, 0, ?, 1, ?, ?, 200, 'done', ?, ?)`,
  )
  const insertFp = lib.db.prepare(
    `INSERT INTO fingerprints (track_id, ${DIMENSION_KEYS.join(', ')}, duration_sec, sample_rate, channels, codec,
       analysis_version, analysis_ms, silent, analysed_at, peak_dbfs)
     VALUES (?, ${DIMENSION_KEYS.map(() => '?').join(', ')}, 200, 44100, 2, 'flac', ?, 1, 0, ?, -1)`,
  )
  lib.transaction(() => {
    for (const e of syntheticFingerprints(DIMENSIONS, rng, n, 42)) {
      const folder = `/bench/music/folder ${e.id % 2000}`
      insertTrack.run(
        e.id,
        root.id,
        `${folder}/${e.id}.flac`,
        `${e.id}`,
        `h${e.id}`,
        `Track ${e.id}`,
        `Artist ${e.id % 500}`,
        now,
        now,
      )
      insertFp.run(e.id, ...e.values, ANALYSIS_VERSION, now)
    }
  })
  lib.close()
}

export async function benchListen() {
  const queries = Number(arg('--queries', '200'))
  const { openCore } = await importSource('src/main/core/service.ts')
  const { rng } = await importSource('test/helpers/signals.ts')
  process.stdout.write(
    `\n== sonic radio and path through the core's handlers: ${queries} radio picks, ${queries >> 2} paths ==\n`,
  )
  const out = {}
  const tmp = mkdtempSync(join(tmpdir(), 'soundprint-bench-listen-'))
  try {
    for (const n of [10_000, 100_000]) {
      const dbPath = join(tmp, `lib-${n}.db`)
      let t = performance.now()
      await makeSyntheticDb(dbPath, n)
      const writeMs = performance.now() - t
      const core = await openCore({ dbPath, autoResume: false })
      try {
        t = performance.now()
        await core.api['radio.next']({ seeds: [1], count: 1 }) // builds and fits the index
        const firstMs = performance.now() - t
        const r = rng(11)
        const pick = () => 1 + Math.floor(r() * n)
        const time = async (fn) => {
          const t0 = performance.now()
          await fn()
          return performance.now() - t0
        }
        const radioTimes = []
        const refillTimes = []
        const similarTimes = []
        for (let q = 0; q < queries; q++) {
          const seed = pick()
          const played = Array.from({ length: 30 }, pick)
          const req = {
            seeds: [seed],
            exclude: played,
            recent: played.slice(-5),
            feedback: [
              { id: played[3], kind: 'less' },
              { id: played[7], kind: 'more' },
            ],
          }
          similarTimes.push(await time(() => core.api['similar.query']({ id: seed, k: 50 })))
          radioTimes.push(await time(() => core.api['radio.next']({ ...req, count: 1 })))
          if (q % 4 === 0) refillTimes.push(await time(() => core.api['radio.next']({ ...req, count: 10 })))
        }
        const pathTimes = []
        for (let q = 0; q < queries >> 2; q++) {
          const from = pick()
          let to = pick()
          if (to === from) to = (from % n) + 1
          pathTimes.push(await time(() => core.api['path.find']({ from, to, steps: 10 })))
        }
        for (const a of [radioTimes, refillTimes, pathTimes, similarTimes]) a.sort((x, y) => x - y)
        const ratio = (a) => (percentile(a, 0.5) / percentile(similarTimes, 0.5)).toFixed(1)
        const fmt = (a) => `p50 ${percentile(a, 0.5).toFixed(1)} ms, p99 ${percentile(a, 0.99).toFixed(1)} ms`
        process.stdout.write(
          `  ${n.toLocaleString('en')} tracks (database written in ${(writeMs / 1000).toFixed(1)} s; first call, ` +
            `building the index, ${firstMs.toFixed(0)} ms):\n` +
            `    next radio pick ${fmt(radioTimes)}${n === 100_000 ? ' (target ≤ 20 ms)' : ''}; refill of 10 ${fmt(refillTimes)}\n` +
            `    10-step path    ${fmt(pathTimes)}${n === 100_000 ? ' (target ≤ 200 ms)' : ''}\n` +
            `    beside a similar.query (top 50, same calls) of ${fmt(similarTimes)}: radio pick ${ratio(radioTimes)}×, ` +
            `path ${ratio(pathTimes)}× its median\n`,
        )
        out[n] = {
          radio: { p50: percentile(radioTimes, 0.5), p99: percentile(radioTimes, 0.99) },
          path: { p50: percentile(pathTimes, 0.5), p99: percentile(pathTimes, 0.99) },
        }
      } finally {
        await core.close()
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  process.stdout.write(`  (load average: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)\n`)
  return out
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────────────

const SECTIONS = [
  ['discovery', benchDiscoveryTagsRescan],
  ['memory', benchImportMemory],
  ['analysis', benchAnalysisScaling],
  ['similar', benchSimilar],
  ['listen', benchListen],
]

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = arg('--only', null)
  for (const [name, fn] of SECTIONS) {
    if (only && !only.split(',').includes(name)) continue
    await fn()
  }
}
