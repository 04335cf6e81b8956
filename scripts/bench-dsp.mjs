#!/usr/bin/env node
// `npm run bench:dsp [DIR|FILE…] [--limit N] [--many N] [--long-min N] [--skip-formats] [--skip-memory]`
//
// Speed and memory of the fingerprint engine, measured in one run (absolute times are noisy on a shared
// machine; compare the ratios printed side by side). Needs `npm run build` (out/main/bench-child.js and
// out/main/worker.js).
//
// 1. Decoders per format: one 4-minute excerpt of the first file, converted to every format, decoded by
//    every decoder of the registry (src/dsp-worker/decoders/index.ts: our WAV/AIFF reader, the
//    in-process FFmpeg decoder, node-web-audio-api, the ffmpeg command line, …) that takes it (CPU time,
//    best of 3), then fingerprinted (best of 3) through each of them and with the automatic choice.
// 2. Per file and in total: decode-only time, full fingerprint time, × realtime on one core (audio
//    seconds / CPU seconds of the process and its ffmpeg children), fingerprint/decode ratio; beside it
//    `ffmpeg` decode-only, `fpcalc -length 0` and `aubio tempo` when installed.
// 3. The real worker (out/main/worker.js): peak RSS (VmHWM) on a generated 60-minute stereo file
//    (FLAC through every streaming decoder present; WAV read by our reader), and RSS over N
//    consecutive files.
//
// Default input: /work/corpus (the dev corpus), a deterministic sample of --limit files (default 20;
// --limit 0 = all).
import { fork, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BENCH_CHILD = join(ROOT, 'out/main/bench-child.js')
const WORKER = join(ROOT, 'out/main/worker.js')
const DEFAULT_CORPUS = '/work/corpus'
const AUDIO_EXT = new Set([
  '.wav',
  '.wave',
  '.flac',
  '.mp3',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.mp4',
  '.aac',
  '.aif',
  '.aiff',
  '.aifc',
])

// ------------------------------------------------------------------------------------------- arguments
const args = process.argv.slice(2)
const opt = { limit: 20, many: 200, longMin: 60, skipFormats: false, skipMemory: false }
const inputs = []
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  const num = (name) => {
    const v = Number(args[++i])
    if (!Number.isInteger(v) || v < 0) usage(`${name} needs a whole number`)
    return v
  }
  if (a === '--limit') opt.limit = num(a)
  else if (a === '--many') opt.many = num(a)
  else if (a === '--long-min') opt.longMin = num(a)
  else if (a === '--skip-formats') opt.skipFormats = true
  else if (a === '--skip-memory') opt.skipMemory = true
  else if (a === '-h' || a === '--help') usage()
  else if (a.startsWith('-')) usage(`unknown option ${a}`)
  else inputs.push(a)
}

function usage(problem) {
  const text = `usage: npm run bench:dsp -- [DIR|FILE…] [--limit N] [--many N] [--long-min N] [--skip-formats] [--skip-memory]
  DIR|FILE…      music to measure (default ${DEFAULT_CORPUS})
  --limit N      measure N files, evenly sampled (default 20; 0 = all)
  --many N       consecutive files through one worker for the RSS check (default 200; 0 = skip)
  --long-min N   length of the generated long file for the peak RSS check (default 60; 0 = skip)
`
  if (problem) {
    process.stderr.write(`bench-dsp: ${problem}\n\n${text}`)
    process.exit(2)
  }
  process.stdout.write(text)
  process.exit(0)
}

for (const p of [BENCH_CHILD, WORKER])
  if (!existsSync(p)) {
    process.stderr.write(`bench-dsp: ${relative(ROOT, p)} is missing: run \`npm run build\` first\n`)
    process.exit(1)
  }
if (inputs.length === 0) {
  if (!existsSync(DEFAULT_CORPUS)) {
    process.stderr.write(
      `bench-dsp: no input given and the dev corpus ${DEFAULT_CORPUS} is not here.\n` +
        '  Pass folders or files of real music: npm run bench:dsp -- ~/Music --limit 20\n',
    )
    process.exit(1)
  }
  inputs.push(DEFAULT_CORPUS)
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const tools = { ffmpeg: has('ffmpeg'), fpcalc: has('fpcalc'), aubio: has('aubio'), sox: has('sox') }

function walk(p, out) {
  const s = statSync(p, { throwIfNoEntry: false })
  if (!s) return process.stderr.write(`bench-dsp: skipping ${p}: not found\n`)
  if (s.isFile()) return out.push(p)
  for (const e of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(p, e.name)
    if (e.isDirectory()) walk(full, out)
    else if (e.isFile() && AUDIO_EXT.has(extname(e.name).toLowerCase())) out.push(full)
  }
}
const all = []
for (const p of inputs) walk(resolve(p), all)
if (all.length === 0) {
  process.stderr.write('bench-dsp: no audio files found in the input\n')
  process.exit(1)
}
const files =
  opt.limit === 0 || all.length <= opt.limit
    ? all
    : Array.from({ length: opt.limit }, (_, i) => all[Math.floor((i * all.length) / opt.limit)])
const base = inputs.length === 1 && statSync(resolve(inputs[0])).isDirectory() ? resolve(inputs[0]) : null
const label = (f) => (base ? relative(base, f) : basename(f))

// ------------------------------------------------------------------------------------------- helpers
const cpuTicks = () => {
  const s = readFileSync('/proc/self/stat', 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100 // children's CPU ms (cutime + cstime)
}
/** Runs a command to completion; wall ms and CPU ms (of the command, from our children's rusage). */
function timeCommand(cmd, argv, okWhen = (r) => r.status === 0) {
  const k0 = cpuTicks()
  const t0 = performance.now()
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26, encoding: 'utf8' })
  return { ok: okWhen(r), wallMs: performance.now() - t0, cpuMs: cpuTicks() - k0 }
}

class Child {
  constructor(entry, env = {}) {
    this.proc = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } })
    this.pending = new Map()
    this.nextId = 1
    this.ready = new Promise((r) => {
      this.proc.on('message', (m) => {
        if (m.type === 'ready') {
          this.libav = m.libav
          this.decoders = m.decoders
          return r()
        }
        if (m.type) return
        const p = this.pending.get(m.id)
        this.pending.delete(m.id)
        p?.(m)
      })
    })
  }
  request(job) {
    const id = this.nextId++
    return new Promise((r) => {
      this.pending.set(id, r)
      this.proc.send({ ...job, id })
    })
  }
  status() {
    try {
      const s = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8')
      const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? Number.NaN)
      return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
    } catch {
      return { rssMb: Number.NaN, hwmMb: Number.NaN }
    }
  }
  stop() {
    this.proc.disconnect()
  }
}

const fmt = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—')
const pad = (s, n) => String(s).padStart(n)
const padEnd = (s, n) => {
  const t = String(s)
  return t.length > n ? `…${t.slice(t.length - n + 1)}` : t.padEnd(n)
}
const line = (s = '') => process.stdout.write(`${s}\n`)
const median = (xs) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN
}

const tmp = mkdtempSync(join(tmpdir(), 'soundprint-bench-'))
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }))
process.on('SIGINT', () => process.exit(130))

line(`Soundprint DSP benchmark — ${new Date().toISOString()}`)
line(
  `node ${process.version}; tools: ${Object.entries(tools)
    .map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`)
    .join(', ')}`,
)
line(`${files.length} of ${all.length} files from ${inputs.join(', ')}`)
line('CPU = CPU time of the process and its ffmpeg children (one core); ×RT = audio seconds / CPU seconds')

const child = new Child(BENCH_CHILD)
await child.ready

// --------------------------------------------------------------------------- 1. decoders per format
if (!opt.skipFormats && tools.ffmpeg) {
  line('\n== 1. Decoders per format (4-minute stereo excerpt of the first file; best of 3 each) ==')
  const src = join(tmp, 'excerpt.wav')
  const made = spawnSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-stream_loop',
    '-1',
    '-i',
    files[0],
    '-t',
    '240',
    '-ac',
    '2',
    '-ar',
    '44100',
    '-c:a',
    'pcm_s16le',
    src,
  ])
  if (made.status !== 0) line(`  (could not make the excerpt: ${made.stderr})`)
  else {
    const formats = [
      ['wav', ['-c:a', 'pcm_s16le']],
      ['aiff', ['-c:a', 'pcm_s16be']],
      ['flac', []],
      ['mp3', ['-b:a', '192k']],
      ['ogg', ['-c:a', 'libvorbis', '-q:a', '5']],
      ['opus', ['-c:a', 'libopus', '-b:a', '128k']],
      ['m4a', ['-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart']],
    ]
    const names = child.decoders.map((d) => d.name)
    const results = []
    for (const [name, enc] of formats) {
      const file = join(tmp, `excerpt.${name}`)
      if (name !== 'wav') spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', src, ...enc, file])
      const path = name === 'wav' ? src : file
      // CPU ms, best of 3; NaN when the decoder asked for is not the one that decoded (absent, or it
      // does not take this format).
      const best = async (mode, decoder) => {
        let bestMs = Number.NaN
        let used = null
        for (let k = 0; k < 3; k++) {
          const r = await child.request({ path, mode, decoder })
          // (fingerprint mode does not report the decoder: it runs only where the decode used it)
          if (!r.ok || (mode === 'decode' && decoder !== 'auto' && r.decoder !== decoder))
            return { ms: Number.NaN, used: r.decoder }
          used = r.decoder
          bestMs = Math.min(Number.isNaN(bestMs) ? Number.POSITIVE_INFINITY : bestMs, r.cpuMs + r.childCpuMs)
        }
        return { ms: bestMs, used }
      }
      const row = { name, decode: {}, fingerprint: {} }
      row.auto = await best('decode', 'auto')
      for (const d of names) row.decode[d] = (await best('decode', d)).ms
      // Fingerprints after the decodes: best of 3, as the first run after an in-memory decode (followed
      // by a full GC) finds the analysis code de-optimised.
      row.fingerprint.auto = (await best('fingerprint', 'auto')).ms
      for (const d of names)
        row.fingerprint[d] = Number.isNaN(row.decode[d]) ? Number.NaN : (await best('fingerprint', d)).ms
      results.push(row)
    }
    const w = Math.max(9, ...names.map((n) => n.length + 1))
    line('  decode only, CPU ms (— = the decoder is absent or does not take the format):')
    line(`  ${padEnd('format', 7)} ${names.map((n) => pad(n, w)).join(' ')} ${pad('auto picks', 11)}`)
    for (const r of results)
      line(
        `  ${padEnd(r.name, 7)} ${names.map((n) => pad(fmt(r.decode[n]), w)).join(' ')} ${pad(r.auto.used ?? '—', 11)}`,
      )
    const cell = (ms) => (Number.isNaN(ms) ? '—' : `${fmt(ms)} ${fmt(240000 / ms)}×`)
    const wf = Math.max(13, w)
    line('  fingerprint, decoding included: CPU ms and × realtime on one core, through each decoder:')
    line(`  ${padEnd('format', 7)} ${pad('auto', wf)} ${names.map((n) => pad(n, wf)).join(' ')}`)
    for (const r of results)
      line(
        `  ${padEnd(r.name, 7)} ${pad(cell(r.fingerprint.auto), wf)} ${names.map((n) => pad(cell(r.fingerprint[n]), wf)).join(' ')}`,
      )
    for (const d of child.decoders)
      line(`  ${padEnd(d.name, w)} ${d.unavailable ? `absent: ${d.unavailable}` : d.description}`)
    line(`  in-process decoder: ${child.libav ?? 'see bench-child'}`)
  }
}

// ------------------------------------------------------------------------------ 2. per file, totals
line('\n== 2. Per file: decode-only and full fingerprint (auto decoder), beside ffmpeg, fpcalc, aubio ==')
line(
  `  ${padEnd('file', 44)} ${pad('sec', 6)} ${pad('decoder', 8)} ${pad('decode', 7)} ${pad('fprint', 7)} ${pad('×RT', 5)} ${pad('fp/dec', 6)} ${pad('ffmpeg', 7)} ${pad('fpcalc', 7)} ${pad('aubio', 7)}   (CPU ms)`,
)
const totals = { audio: 0, decode: 0, fp: 0, fpWall: 0, ffmpeg: 0, fpcalc: 0, aubio: 0, ok: 0, failed: 0 }
const failures = []
for (const file of files) {
  const d = await child.request({ path: file, mode: 'decode' })
  if (!d.ok) {
    totals.failed++
    failures.push(`${label(file)}: ${d.error} (${d.code})`)
    line(`  ${padEnd(label(file), 44)} failed: ${d.code}`)
    continue
  }
  const fp = await child.request({ path: file, mode: 'fingerprint' })
  if (!fp.ok) {
    totals.failed++
    failures.push(`${label(file)}: ${fp.error} (${fp.code})`)
    line(`  ${padEnd(label(file), 44)} fingerprint failed: ${fp.code}`)
    continue
  }
  const decCpu = d.cpuMs + d.childCpuMs
  const fpCpu = fp.cpuMs + fp.childCpuMs
  const ff = tools.ffmpeg ? timeCommand('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-f', 'null', '-']) : null
  const fc = tools.fpcalc ? timeCommand('fpcalc', ['-length', '0', file], (r) => /FINGERPRINT=/.test(r.stdout)) : null
  const au = tools.aubio ? timeCommand('aubio', ['tempo', '-i', file]) : null
  totals.audio += fp.durationSec
  totals.decode += decCpu
  totals.fp += fpCpu
  totals.fpWall += fp.wallMs
  totals.ffmpeg += ff?.ok ? ff.cpuMs : 0
  totals.fpcalc += fc?.ok ? fc.cpuMs : 0
  totals.aubio += au?.ok ? au.cpuMs : 0
  totals.ok++
  const ext = (r) => (r ? (r.ok ? fmt(r.cpuMs) : 'fail') : '—')
  line(
    `  ${padEnd(label(file), 44)} ${pad(fmt(fp.durationSec, 1), 6)} ${pad(d.decoder, 8)} ${pad(fmt(decCpu), 7)} ${pad(fmt(fpCpu), 7)} ${pad(fmt(fp.durationSec / (fpCpu / 1000)), 5)} ${pad(fmt(fpCpu / decCpu, 2), 6)} ${pad(ext(ff), 7)} ${pad(ext(fc), 7)} ${pad(ext(au), 7)}`,
  )
}
const rt = (ms) => fmt(totals.audio / (ms / 1000), 0)
line(`\n  total: ${totals.ok} files analysed, ${totals.failed} failed, ${fmt(totals.audio / 60, 1)} min of audio`)
if (totals.ok > 0) {
  line(`  decode only:        ${fmt(totals.decode / 1000, 2)} s CPU  → ${rt(totals.decode)}× realtime`)
  line(
    `  full fingerprint:   ${fmt(totals.fp / 1000, 2)} s CPU  → ${rt(totals.fp)}× realtime on one core (wall ${fmt(totals.fpWall / 1000, 2)} s → ${rt(totals.fpWall)}×)`,
  )
  line(
    `  fingerprint/decode: ${fmt(totals.fp / totals.decode, 2)}  (analysis share of the fingerprint time: ${fmt(100 * (1 - totals.decode / totals.fp), 0)} %)`,
  )
  if (tools.ffmpeg)
    line(
      `  ffmpeg decode-only: ${fmt(totals.ffmpeg / 1000, 2)} s CPU  → ${rt(totals.ffmpeg)}× realtime; our fingerprint costs ${fmt(totals.fp / totals.ffmpeg, 2)}× an ffmpeg decode`,
    )
  if (tools.fpcalc)
    line(
      `  fpcalc -length 0:   ${fmt(totals.fpcalc / 1000, 2)} s CPU  → ${rt(totals.fpcalc)}× realtime; ours/fpcalc ${fmt(totals.fp / totals.fpcalc, 2)}`,
    )
  if (tools.aubio)
    line(
      `  aubio tempo:        ${fmt(totals.aubio / 1000, 2)} s CPU  → ${rt(totals.aubio)}× realtime; ours/aubio ${fmt(totals.fp / totals.aubio, 2)}`,
    )
  line('  target: ≥ 300× realtime on one core for 44.1 kHz stereo music, decoding included')
}
if (failures.length) {
  line('  failures:')
  for (const f of failures) line(`    ${f}`)
}
child.stop()

// ------------------------------------------------------------------------------------ 3. worker memory
if (!opt.skipMemory) {
  line('\n== 3. Worker memory (out/main/worker.js in its own process; VmHWM = peak RSS) ==')
  const runJobs = async (worker, paths, onEach) => {
    for (const [i, path] of paths.entries()) {
      const r = await worker.request({ path })
      onEach?.(i, r, worker.status())
    }
  }
  if (opt.longMin > 0 && tools.sox) {
    const longFlac = join(tmp, `long-${opt.longMin}min.flac`)
    const longWav = join(tmp, `long-${opt.longMin}min.wav`)
    // Music-ish: pink noise under a 110 Hz sawtooth with a slow tremolo; one minute made by sox, then
    // looped by ffmpeg (synthesising an hour with sox takes minutes on a busy machine).
    const minute = join(tmp, 'minute.wav')
    const t0 = performance.now()
    const fx = ['synth', '60', 'pinknoise', 'sawtooth', '110', 'tremolo', '3', '60', 'vol', '0.4']
    spawnSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', minute, ...fx])
    const loop = ['-v', 'error', '-y', '-stream_loop', String(opt.longMin - 1), '-i', minute]
    spawnSync('ffmpeg', [...loop, '-c', 'copy', longWav])
    spawnSync('ffmpeg', [...loop, '-compression_level', '0', longFlac])
    line(
      `  generated ${opt.longMin}-minute stereo 44.1 kHz FLAC and WAV in ${fmt((performance.now() - t0) / 1000, 1)} s`,
    )
    const streaming = child.decoders.filter((d) => d.memory === 'stream' && !d.unavailable && d.name !== 'pcm')
    // A machine without FFmpeg: a PATH with node alone, no in-process decoder; the automatic choice.
    const bare = join(tmp, 'bare-bin')
    mkdirSync(bare)
    symlinkSync(process.execPath, join(bare, 'node'))
    for (const [name, path, env] of [
      ...streaming.map((d) => [`FLAC (${d.name})`, longFlac, { SOUNDPRINT_DECODER: d.name }]),
      ['FLAC (FFmpeg hidden, auto)', longFlac, { PATH: bare, SOUNDPRINT_LIBAV: 'none', SOUNDPRINT_DECODER: 'auto' }],
      ['WAV (pcm, own reader)', longWav, {}],
    ]) {
      const w = new Child(WORKER, env)
      await w.ready
      const before = w.status()
      const t1 = performance.now()
      const r = await w.request({ path })
      const s = w.status()
      const ok = 'result' in r
      line(
        `  ${padEnd(name, 30)} ${ok ? `${fmt(r.result.durationSec / 60, 1)} min in ${fmt((performance.now() - t1) / 1000, 1)} s` : `failed: ${r.error}`}; idle RSS ${fmt(before.rssMb)} MB, peak RSS ${fmt(s.hwmMb)} MB  (target ≤ 300 MB)`,
      )
      w.stop()
    }
  }
  if (opt.many > 0) {
    const w = new Child(WORKER)
    await w.ready
    const seq = Array.from({ length: opt.many }, (_, i) => files[i % files.length])
    const rss = []
    let failed = 0
    await runJobs(w, seq, (i, r, s) => {
      rss.push(s.rssMb)
      if (!('result' in r)) failed++
      if ((i + 1) % Math.max(1, Math.floor(opt.many / 8)) === 0 || i === 0)
        line(`  after ${pad(i + 1, 4)} files: RSS ${pad(fmt(s.rssMb), 4)} MB, peak ${pad(fmt(s.hwmMb), 4)} MB`)
    })
    const q = Math.max(1, Math.floor(rss.length / 5))
    const early = median(rss.slice(q, 2 * q))
    const late = median(rss.slice(-q))
    line(
      `  ${opt.many} consecutive files (${files.length} distinct, ${failed} errors): median RSS ${fmt(early)} MB in the second fifth → ${fmt(late)} MB in the last fifth (growth ${fmt(late - early)} MB); peak ${fmt(w.status().hwmMb)} MB`,
    )
    w.stop()
  }
}
line('\nDone.')
process.exit(0)
