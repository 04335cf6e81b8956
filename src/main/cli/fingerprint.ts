/**
 * `soundprint fingerprint [--json] FILE…`: analyses each file in this process, one after another, and
 * prints its 25 values as soon as it is done.
 *
 * --json: one JSON object per line per file, in argument order:
 *   {"path","ok":true,"fingerprint":{…25 keys…},"durationSec","sampleRate","channels","codec",
 *    "analysisVersion","analysisMs","silent"}  or  {"path","ok":false,"error","code"}.
 * Otherwise a table per file, grouped by the seven groups, with units; failures go to stderr.
 * Exit status: 0 when every file succeeded, 1 when any failed, 2 for a usage error.
 */
import { analyzeFile } from '../../dsp-worker/analyze-file'
import { decoderChoicesText, decoderFromEnv, decoderHelpLines, isDecoderChoice } from '../../dsp-worker/decoders/index'
import { toAnalysisError } from '../../dsp-worker/errors'
import { DIMENSION_BY_KEY, type FingerprintResult, GROUP_DIMENSIONS, GROUPS } from '../../shared/dimensions'
import { EXIT, parseCommand, UsageError } from './command'
import { jsonLine, safe } from './terminal'

const FINGERPRINT_USAGE = `usage: soundprint fingerprint [--json] FILE…

Analyses audio files (WAV, AIFF, FLAC, MP3, Ogg Vorbis, Opus, AAC/M4A) and prints their 25-D sonic
fingerprint: a table per file, or with --json one JSON object per line, in argument order.
  --json               machine-readable output (one line per file)
  --decoder NAME       the decoder to try first (or set SOUNDPRINT_DECODER): auto (default), or
${decoderHelpLines('                         ')}
Exit status: 0 when every file was analysed, 1 when any failed, 2 for a usage error.
`

const SPEC = {
  name: 'fingerprint',
  usage: FINGERPRINT_USAGE,
  options: { json: { type: 'boolean' }, decoder: { type: 'string' } },
} as const

export async function fingerprint(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values, positionals }) => {
    if (positionals.length === 0) throw new UsageError('no file given')
    const decoder = values.decoder ?? decoderFromEnv()
    if (!isDecoderChoice(decoder)) throw new UsageError(`--decoder must be ${decoderChoicesText()}, got "${decoder}"`)
    return { decoder }
  })
  if (typeof parsed === 'number') return parsed
  const { values, positionals: files, decoder } = parsed

  let failed = 0
  for (const [i, path] of files.entries()) {
    try {
      const r = await analyzeFile(path, { decoder })
      if (values.json) {
        const { fingerprint: fp, durationSec, sampleRate, channels, codec, analysisVersion, analysisMs, silent } = r
        // biome-ignore format: keep the documented key order visible
        const line = { path, ok: true, fingerprint: fp, durationSec, sampleRate, channels, codec, analysisVersion, analysisMs, silent }
        process.stdout.write(jsonLine(line))
      } else process.stdout.write(`${i > 0 ? '\n' : ''}${formatTable(path, r)}`)
    } catch (err) {
      failed++
      const e = toAnalysisError(err)
      if (values.json) process.stdout.write(jsonLine({ path, ok: false, error: e.message, code: e.code }))
      else process.stderr.write(`soundprint: ${safe(path)}: ${safe(e.message)}\n`)
    }
  }
  return failed > 0 ? EXIT.failed : EXIT.ok
}

/** The human-readable table of one result: a header line, then the dimensions by group. */
function formatTable(path: string, r: FingerprintResult): string {
  const channels = r.channels === 1 ? 'mono' : r.channels === 2 ? 'stereo' : `${r.channels} channels`
  const out = [
    safe(path),
    `  ${formatDuration(r.durationSec)} · ${(r.sampleRate / 1000).toString()} kHz · ${channels} · ${r.codec} · analysed in ${r.analysisMs} ms (analysis v${r.analysisVersion})`,
  ]
  if (r.silent) out.push('  silent: no frame above −60 dBFS (every value is 0, loudness −70 LUFS)')
  const labelWidth = Math.max(...Object.values(DIMENSION_BY_KEY).map((d) => d.label.length))
  for (const g of GROUPS) {
    out.push(`  ${g.label}`)
    for (const key of GROUP_DIMENSIONS[g.key]) {
      const d = DIMENSION_BY_KEY[key]
      const value = r.fingerprint[key].toFixed(d.decimals)
      out.push(`    ${d.label.padEnd(labelWidth)}  ${value.padStart(9)} ${d.unit}`.trimEnd())
    }
  }
  return `${out.join('\n')}\n`
}

function formatDuration(sec: number): string {
  const m = Math.floor(sec / 60)
  const s = sec - m * 60
  return `${m}:${s.toFixed(1).padStart(4, '0')}`
}
