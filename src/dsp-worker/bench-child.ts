/**
 * Benchmark child process (out/main/bench-child.js, driven by scripts/bench-dsp.mjs): times decoding
 * alone and the full fingerprint of a file in a process of its own, with the CPU time of this process
 * (all its threads) and of its finished children (ffmpeg) so "× realtime on one core" is honest.
 *
 * IPC in: { id, path, mode: 'decode' | 'fingerprint', decoder?: 'auto' or a decoder's name (decoders/index.ts) }
 * IPC out: { id, ok: true, wallMs, cpuMs, childCpuMs, decoder, frames, sampleRate, durationSec, codec }
 *          or { id, ok: false, error, code }
 */
import { readFileSync } from 'node:fs'
import { analyzeFile, decodeOnly } from './analyze-file'
import { type DecoderChoice, decoderStatus } from './decoders/index'
import { libavStatus } from './decoders/libav'
import { toAnalysisError } from './errors'

interface BenchJob {
  id: number
  path: string
  mode: 'decode' | 'fingerprint'
  decoder?: DecoderChoice
}

/** CPU time (ms) of this process's waited-for children, from /proc/self/stat (cutime + cstime). */
function childCpuMs(): number {
  try {
    const s = readFileSync('/proc/self/stat', 'utf8')
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100
  } catch {
    return 0
  }
}

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

async function run(job: BenchJob): Promise<object> {
  const c0 = cpuMs()
  const k0 = childCpuMs()
  const t0 = performance.now()
  try {
    const opts = { decoder: job.decoder ?? 'auto' }
    const meta =
      job.mode === 'decode'
        ? await decodeOnly(job.path, { ...opts, measure: false }).then((d) => ({
            decoder: d.decoder,
            frames: d.frames,
            sampleRate: d.probe.sampleRate,
            codec: d.probe.codec,
          }))
        : await analyzeFile(job.path, opts).then((r) => ({
            decoder: null,
            frames: Math.round(r.durationSec * r.sampleRate),
            sampleRate: r.sampleRate,
            codec: r.codec,
          }))
    const wallMs = performance.now() - t0
    // Children are reaped asynchronously: give the exit a moment to be accounted.
    await new Promise((r) => setTimeout(r, 5))
    return {
      id: job.id,
      ok: true,
      wallMs,
      cpuMs: cpuMs() - c0,
      childCpuMs: childCpuMs() - k0,
      ...meta,
      durationSec: meta.frames / meta.sampleRate,
    }
  } catch (err) {
    const e = toAnalysisError(err)
    return { id: job.id, ok: false, error: e.message, code: e.code }
  }
}

let chain = Promise.resolve()
process.on('message', (job: BenchJob) => {
  chain = chain.then(async () => {
    process.send?.(await run(job))
  })
})
process.on('disconnect', () => process.exit(0))
process.send?.({ type: 'ready', pid: process.pid, libav: libavStatus(), decoders: decoderStatus() })
