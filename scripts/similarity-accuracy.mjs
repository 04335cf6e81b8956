#!/usr/bin/env node
// `node scripts/similarity-accuracy.mjs [--songs M] [--distractors D] [--seconds S] [--corpus DIR]`:
// the robustness acceptance of similar-track search on real music (run `npm run build` first).
//
// M corpus recordings (default 20, evenly spread over the corpus) are cut to S seconds (default 60,
// from 30 s in when long enough) and encoded five ways — FLAC, MP3 128 kbit/s, Ogg Vorbis q4, AAC
// 160 kbit/s and WAV at −6 dB — and D more recordings (default 40) join as distractors. Everything is
// fingerprinted by the real worker through the DSP pool and ranked by the SimilarityIndex. For every
// version it prints whether its 4 nearest neighbours are exactly its other 4 versions, the worst rank
// of one of its own versions, and the margin (lowest own score vs highest other score).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const M = Number(arg('--songs', '20'))
const D = Number(arg('--distractors', '40'))
const SECONDS = Number(arg('--seconds', '60'))
const CORPUS = arg('--corpus', '/work/corpus')

if (!existsSync(join(REPO, 'out', 'main', 'worker.js'))) {
  console.error('similarity-accuracy: run `npm run build` first (out/main/worker.js is missing)')
  process.exit(2)
}
if (!existsSync(CORPUS)) {
  console.error(`similarity-accuracy: no corpus at ${CORPUS} (--corpus DIR)`)
  process.exit(2)
}

const { runnerImport } = await import('vite')
const load = async (rel) => (await runnerImport(join(REPO, rel))).module
const { DspPool } = await load('src/main/core/pool.ts')
const { createNodeSpawner } = await load('src/main/core/node-spawner.ts')
const { SimilarityIndex } = await load('src/main/core/similarity.ts')
const { fingerprintToVector } = await load('src/shared/dimensions.ts')

const VERSIONS = {
  flac: ['flac', ['-c:a', 'flac']],
  mp3: ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
  ogg: ['ogg', ['-c:a', 'libvorbis', '-q:a', '4']],
  aac: ['m4a', ['-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart']],
  'wav-6dB': ['wav', ['-af', 'volume=-6dB', '-c:a', 'pcm_s16le']],
}

const ffmpeg = (...a) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...a])
/** Duration in seconds, or 0 for a file ffprobe cannot read (the corpus has a few broken files). */
function duration(f) {
  try {
    return Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', f], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )
  } catch {
    return 0
  }
}

const all = readdirSync(CORPUS, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && /\.(wav|flac|mp3|ogg|opus|m4a)$/i.test(e.name))
  .map((e) => join(e.parentPath ?? e.path, e.name))
  .sort()
  .filter((f) => duration(f) >= 20)
/** n files spread evenly over `list`. */
const spread = (list, n) =>
  Array.from(
    { length: Math.min(n, list.length) },
    (_, i) => list[Math.floor((i * list.length) / Math.min(n, list.length))],
  )
const songs = spread(all, M)
const distractors = spread(
  all.filter((f) => !songs.includes(f)),
  D,
)

const tmp = mkdtempSync(join(tmpdir(), 'soundprint-simacc-'))
try {
  const jobs = []
  const cut = (src, out) => {
    const d = duration(src)
    const start = d >= SECONDS + 40 ? 30 : Math.max(0, (d - SECONDS) / 2)
    ffmpeg('-ss', String(start), '-t', String(SECONDS), '-i', src, '-c:a', 'pcm_f32le', out)
  }
  songs.forEach((src, s) => {
    const master = join(tmp, `song${s}.master.wav`)
    cut(src, master)
    for (const [version, [ext, args]] of Object.entries(VERSIONS)) {
      const path = join(tmp, `song${s}.${version}.${ext}`)
      ffmpeg('-i', master, ...args, path)
      jobs.push({ id: jobs.length + 1, song: s, name: basename(src), version, path })
    }
  })
  distractors.forEach((src, d) => {
    const path = join(tmp, `distractor${d}.wav`)
    cut(src, path)
    jobs.push({ id: jobs.length + 1, song: -1 - d, name: basename(src), version: 'wav', path })
  })
  console.log(
    `${songs.length} recordings × 5 versions + ${distractors.length} distractors, ${SECONDS} s excerpts from ${CORPUS}`,
  )

  const t0 = performance.now()
  const pool = new DspPool({ spawner: createNodeSpawner() })
  const outcomes = await Promise.all(jobs.map((j) => pool.run({ id: j.id, path: j.path })))
  await pool.close()
  const entries = []
  const ok = []
  outcomes.forEach((o, i) => {
    if (o.ok) {
      ok.push(jobs[i])
      entries.push({
        id: jobs[i].id,
        contentHash: null,
        values: fingerprintToVector(o.result.fingerprint),
        timbre: o.result.timbre ? Float32Array.from(o.result.timbre) : null,
      })
    } else console.log(`  failed: ${jobs[i].path}: ${o.code}: ${o.error}`)
  })
  console.log(
    `fingerprinted ${entries.length} files in ${((performance.now() - t0) / 1000).toFixed(0)} s ` +
      `(load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`,
  )
  const index = new SimilarityIndex(entries)
  const byId = new Map(ok.map((j) => [j.id, j]))

  let strict = 0
  let queries = 0
  let ownInTop4 = 0
  const failures = []
  const margins = []
  // The duplicate flag: own versions flagged (all, and the MP3 128k re-encode vs the FLAC), others flagged.
  let ownFlagged = 0
  let ownPairs = 0
  let mp3Flagged = 0
  let mp3Pairs = 0
  let otherFlagged = 0
  for (const q of ok.filter((j) => j.song >= 0)) {
    const own = ok.filter((j) => j.song === q.song && j !== q)
    const rs = index.query(q.id, { k: ok.length })
    const ranks = own.map((o) => rs.findIndex((r) => r.id === o.id) + 1)
    const top4 = rs.slice(0, own.length).map((r) => byId.get(r.id))
    const pass = top4.every((j) => j.song === q.song)
    queries++
    if (pass) strict++
    ownInTop4 += top4.filter((j) => j.song === q.song).length
    const ownMin = Math.min(...rs.filter((r) => byId.get(r.id).song === q.song).map((r) => r.score))
    const otherMax = Math.max(...rs.filter((r) => byId.get(r.id).song !== q.song).map((r) => r.score))
    margins.push(ownMin - otherMax)
    for (const r of rs) {
      const j = byId.get(r.id)
      if (j.song === q.song) {
        ownPairs++
        if (r.duplicate) ownFlagged++
        if (q.version === 'flac' && j.version === 'mp3') {
          mp3Pairs++
          if (r.duplicate) mp3Flagged++
        }
      } else if (r.duplicate) otherFlagged++
    }
    if (!pass) {
      const show = rs
        .slice(0, 6)
        .map(
          (r) =>
            `${byId.get(r.id).song === q.song ? '*' : ''}${byId.get(r.id).name}.${byId.get(r.id).version} ${r.score.toFixed(3)}`,
        )
      failures.push(`  ${q.name} [${q.version}]: own ranks ${ranks.join(',')}; top: ${show.join(', ')}`)
    }
  }
  margins.sort((a, b) => a - b)
  console.log(
    `strict (top 4 = the other 4 versions): ${strict}/${queries} queries; ` +
      `own versions in the top 4: ${ownInTop4}/${queries * 4} (${((100 * ownInTop4) / (queries * 4)).toFixed(1)} %)`,
  )
  console.log(
    `margin (lowest own score − highest other score): min ${margins[0].toFixed(3)}, ` +
      `median ${margins[Math.floor(margins.length / 2)].toFixed(3)}`,
  )
  console.log(
    `duplicate flag: own versions ${ownFlagged}/${ownPairs}, the MP3 128k of the FLAC ${mp3Flagged}/${mp3Pairs}; ` +
      `other recordings flagged ${otherFlagged} (must be 0)`,
  )
  if (failures.length) console.log(`misses (* = same recording):\n${failures.join('\n')}`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
