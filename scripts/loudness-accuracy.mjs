// Accuracy of `lufs` and `loudness_range_lu` on real music, against ffmpeg's ebur128 filter.
//   node scripts/loudness-accuracy.mjs [DIR_OR_FILES…]   (default: every file in /work/corpus/MANIFEST.tsv)
// Each file is decoded by ffmpeg to float32 at its native rate (first two channels), fed to
// TimeDomainStage in 64 Ki-sample chunks, and compared with `ffmpeg -af ebur128` on the same file
// (3-decimal metadata). Prints one line per file and a summary: share of files with lufs within
// 0.1 LU and loudness_range_lu within 1 LU, the worst cases, and the stage's CPU time (times
// realtime). Not part of `npm test`: the corpus is not in CI.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createJiti } from 'jiti'

const jiti = createJiti(import.meta.url)
const { TimeDomainStage } = await jiti.import('../src/dsp-worker/analysis/time-domain.ts')
const { ffmpegR128Metadata } = await jiti.import('../test/helpers/audio.ts')

const CHUNK = 1 << 16
const AUDIO = /\.(ogg|oga|opus|mp3|flac|wav|m4a|aac|aiff?|wma)$/i

function listFiles(args) {
  if (args.length === 0) {
    const root = '/work/corpus'
    return readFileSync(join(root, 'MANIFEST.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[2])
      .filter((f) => f && AUDIO.test(f))
      .map((f) => join(root, f))
  }
  const out = []
  const walk = (p) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(join(p, e))
    else if (AUDIO.test(p)) out.push(p)
  }
  for (const a of args) walk(a)
  return out
}

function probe(file) {
  const r = execFileSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate,channels', '-of', 'csv=p=0', file],
    { encoding: 'utf8' },
  )
  const [sr, ch] = r.trim().split(',').map(Number)
  return { sr, channels: ch }
}

function decode(file, channels) {
  const ac = channels === 1 ? ['-ac', '1'] : channels === 2 ? [] : ['-af', 'pan=stereo|c0=c0|c1=c1']
  const buf = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', ...ac, '-f', 'f32le', '-'], {
    maxBuffer: 2 ** 31,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4)
  const c = Math.min(2, channels)
  const n = Math.floor(all.length / c)
  const left = new Float32Array(n)
  const right = c === 2 ? new Float32Array(n) : left
  for (let i = 0; i < n; i++) {
    left[i] = all[i * c]
    if (c === 2) right[i] = all[i * c + 1]
  }
  return { left, right, channels: c }
}

function reference(file) {
  const { integrated, lra } = ffmpegR128Metadata(file)
  return { lufs: Number.isFinite(integrated) ? Math.max(-70, integrated) : -70, lra: Number.isFinite(lra) ? lra : 0 }
}

function measure(sr, { left, right, channels }) {
  const stage = new TimeDomainStage(sr, channels)
  // The stage does not read the mono mix (it derives what it needs from L and R), so the timing
  // below is the stage alone; the orchestrator computes the mix once for all stages.
  const t0 = process.cpuUsage()
  for (let i = 0; i < left.length; i += CHUNK) {
    const l = left.subarray(i, i + CHUNK)
    stage.push(l, channels === 2 ? right.subarray(i, i + CHUNK) : l, l)
  }
  const v = stage.finish()
  const t = process.cpuUsage(t0)
  return { ...v, cpuMs: (t.user + t.system) / 1000 }
}

const files = listFiles(process.argv.slice(2))
const rows = []
let audioSec = 0
let cpuMs = 0
for (const file of files) {
  try {
    const { sr, channels } = probe(file)
    const pcm = decode(file, channels)
    const ours = measure(sr, pcm)
    const ref = reference(file)
    const row = {
      file,
      sr,
      channels,
      sec: pcm.left.length / sr,
      dLufs: ours.lufs - ref.lufs,
      dLra: ours.loudness_range_lu - ref.lra,
      lufs: ours.lufs,
      refLufs: ref.lufs,
      lra: ours.loudness_range_lu,
      refLra: ref.lra,
      multichannel: channels > 2,
    }
    rows.push(row)
    audioSec += row.sec
    cpuMs += ours.cpuMs
    console.log(
      `${row.dLufs.toFixed(3).padStart(7)} LU  lra ${row.dLra.toFixed(2).padStart(6)}  ` +
        `${ours.lufs.toFixed(2)} vs ${ref.lufs.toFixed(2)} LUFS  ${sr} Hz ${channels} ch  ${file}`,
    )
  } catch (e) {
    console.log(`ERROR ${file}: ${String(e.message ?? e).split('\n')[0]}`)
  }
}

const comparable = rows.filter((r) => !r.multichannel)
const within = comparable.filter((r) => Math.abs(r.dLufs) <= 0.1).length
const lraWithin = comparable.filter((r) => Math.abs(r.dLra) <= 1).length
const worst = [...comparable].sort((a, b) => Math.abs(b.dLufs) - Math.abs(a.dLufs)).slice(0, 5)
const absD = comparable.map((r) => Math.abs(r.dLufs)).sort((a, b) => a - b)
const pct = (p) => absD[Math.min(absD.length - 1, Math.floor(p * absD.length))] ?? 0
console.log('')
console.log(`files measured: ${rows.length} of ${files.length} (${comparable.length} mono/stereo)`)
console.log(
  `lufs within 0.1 LU of ffmpeg: ${within}/${comparable.length} (${((100 * within) / comparable.length).toFixed(1)} %)`,
)
console.log(`|Δlufs| median ${pct(0.5).toFixed(3)}, 95th pct ${pct(0.95).toFixed(3)}, max ${pct(1).toFixed(3)} LU`)
console.log(`loudness_range_lu within 1 LU: ${lraWithin}/${comparable.length}`)
console.log('worst lufs:')
for (const r of worst)
  console.log(`  ${r.dLufs.toFixed(3)} LU (${r.lufs.toFixed(2)} vs ${r.refLufs.toFixed(2)}) ${r.file}`)
console.log(
  `TimeDomainStage CPU: ${cpuMs.toFixed(0)} ms for ${(audioSec / 60).toFixed(1)} min of audio ` +
    `= ${((cpuMs / audioSec) * 240).toFixed(1)} ms per 4 min (${(audioSec / (cpuMs / 1000)).toFixed(0)}× realtime)`,
)
