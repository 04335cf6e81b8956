/**
 * `soundprint eval [--db PATH] [--by folder|album|artist|genre|labels=FILE.tsv] [-k 10] [--weights G=W,…] [--json]`:
 * how well the library's similarity finds tracks of the same label (leave-one-out over the analysed
 * tracks; see src/main/core/evaluate.ts for the figures), beside what chance would get.
 *
 * With --json one object: the EvalReport (`k`, `tracks`, `queries`, `skippedQueries`, `skippedLabels`,
 * `labels`, `figures`, `chance`, `perLabel`) plus `unlabelled` and `by`. Exit 0 on success, 1 when the
 * library cannot be read or has fewer than 2 labelled tracks, 2 for bad arguments.
 */
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { GroupWeights } from '../../shared/api'
import { SIMILARITY_GROUPS } from '../../shared/dimensions'
import { LibraryFileError } from '../core/db'
import { evaluateSimilarity, formatReports, type LabelSource, labelLibrary } from '../core/evaluate'
import { Library } from '../core/library'
import { resolveDbPath } from '../core/paths'
import { parseWeights } from './library-command'
import { jsonLine, safe, safeLines } from './terminal'

export const EVAL_USAGE = `usage: soundprint eval [--db PATH] [--by folder|album|artist|genre|labels=FILE.tsv] [-k 10] [--json]

Measures how well similar-track search finds tracks that share a label, leaving each analysed track
out in turn: precision@k, mean average precision, nearest-neighbour accuracy and hubness (how unevenly
tracks turn up among others' neighbours), each beside the same figure for a random ranking.
  --db PATH          library database (default: the desktop app's; SOUNDPRINT_DB overrides)
  --by SOURCE        the label: folder (first folder level under the library folder, the default),
                     album, artist, genre, or labels=FILE.tsv (lines path<TAB>label)
  -k K               neighbours counted, 1–100 (default 10)
  --weights G=W,…    group weights to evaluate (default: the app's), groups:
                     ${SIMILARITY_GROUPS.map((g) => g.key).join(', ')}
  --json             print one JSON object
Labels with fewer than 2 tracks cannot be found by anyone: their tracks are skipped as queries (and counted).
`

class UsageError extends Error {}

function parseBy(text: string): LabelSource {
  if (text === 'folder' || text === 'album' || text === 'artist' || text === 'genre') return text
  if (text.startsWith('labels=') && text.length > 'labels='.length) return { file: text.slice('labels='.length) }
  throw new UsageError(`--by must be folder, album, artist, genre or labels=FILE.tsv, got '${text}'`)
}

export async function evaluate(argv: string[]): Promise<number> {
  let values: { db?: string; by?: string; k?: string; weights?: string; json?: boolean; help?: boolean }
  let by: LabelSource = 'folder'
  let k = 10
  let weights: GroupWeights | undefined
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        by: { type: 'string' },
        k: { type: 'string', short: 'k' },
        weights: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
    if (values.help) {
      process.stdout.write(EVAL_USAGE)
      return 0
    }
    if (values.by !== undefined) by = parseBy(values.by)
    if (values.k !== undefined) {
      k = Number(values.k)
      if (!Number.isInteger(k) || k < 1 || k > 100)
        throw new UsageError(`-k must be an integer 1–100, got '${values.k}'`)
    }
    if (values.weights !== undefined) weights = parseWeights(values.weights)
  } catch (err) {
    process.stderr.write(`soundprint eval: ${(err as Error).message}\n\n${EVAL_USAGE}`)
    return 2
  }

  const dbPath = resolveDbPath(values.db)
  if (!existsSync(dbPath)) {
    process.stderr.write(`soundprint eval: no library at ${dbPath} yet (run \`soundprint scan FOLDER\` first)\n`)
    return 1
  }
  let lib: Library
  try {
    lib = Library.open(dbPath)
  } catch (err) {
    const msg =
      err instanceof LibraryFileError ? err.message : `cannot open the library ${dbPath}: ${(err as Error).message}`
    process.stderr.write(`soundprint eval: ${safe(msg)}\n`)
    return 1
  }
  try {
    const data = labelLibrary(lib, by)
    if (data.entries.length < 2) {
      process.stderr.write(
        `soundprint eval: ${data.entries.length} labelled analysed track${data.entries.length === 1 ? '' : 's'}` +
          `${data.unlabelled ? ` (${data.unlabelled} without a label)` : ''}: need at least 2\n`,
      )
      return 1
    }
    const report = evaluateSimilarity(data.entries, data.labels, { k, weights })
    const byName = typeof by === 'object' ? `labels=${by.file}` : by
    if (values.json) {
      process.stdout.write(jsonLine({ by: byName, unlabelled: data.unlabelled, ...report }))
    } else {
      const note = data.unlabelled ? `; ${data.unlabelled} analysed tracks without a label left out` : ''
      // Labels are folder names and tags: shown with their control characters as `?`.
      process.stdout.write(
        safeLines(`Similarity by ${byName}, leave-one-out${note}\n${formatReports([{ name: 'soundprint', report }])}`),
      )
    }
    return 0
  } catch (err) {
    process.stderr.write(`soundprint eval: ${safe((err as Error).message)}\n`)
    return 1
  } finally {
    lib.close()
  }
}
