/**
 * `soundprint eval [--db PATH] [--by folder|album|artist|genre|labels=FILE.tsv] [-k 10] [--weights G=W,…] [--json]`:
 * how well the library's similarity finds tracks of the same label (leave-one-out over the analysed
 * tracks; see src/main/core/evaluate.ts for the figures), beside what chance would get.
 *
 * With --json one object: the EvalReport (`k`, `tracks`, `queries`, `skippedQueries`, `skippedLabels`,
 * `labels`, `figures`, `chance`, `perLabel`) plus `unlabelled` and `by`. Exit 0 on success, 1 when the
 * library cannot be read or has fewer than 2 labelled tracks, 2 for bad arguments.
 */
import { SIMILARITY_GROUPS } from '../../shared/dimensions'
import { evaluateSimilarity, formatReports, type LabelSource, labelLibrary } from '../core/evaluate'
import { EXIT, fail, intOption, parseCommand, UsageError } from './command'
import { parseWeights, withLibrary } from './library-command'
import { jsonLine, safeLines } from './terminal'

const EVAL_USAGE = `usage: soundprint eval [--db PATH] [--by folder|album|artist|genre|labels=FILE.tsv] [-k 10] [--json]

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

function parseBy(text: string): LabelSource {
  if (text === 'folder' || text === 'album' || text === 'artist' || text === 'genre') return text
  if (text.startsWith('labels=') && text.length > 'labels='.length) return { file: text.slice('labels='.length) }
  throw new UsageError(`--by must be folder, album, artist, genre or labels=FILE.tsv, got '${text}'`)
}

const SPEC = {
  name: 'eval',
  usage: EVAL_USAGE,
  options: {
    db: { type: 'string' },
    by: { type: 'string' },
    k: { type: 'string', short: 'k' },
    weights: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: false,
} as const

export async function evaluate(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, ({ values }) => ({
    by: values.by === undefined ? ('folder' as const) : parseBy(values.by),
    k: intOption(values.k, '-k', 1, 100, 10),
    weights: parseWeights(values.weights),
  }))
  if (typeof parsed === 'number') return parsed
  const { values, by, k, weights } = parsed

  return withLibrary('eval', values.db, { missing: { exit: EXIT.failed } }, async (lib) => {
    const data = labelLibrary(lib, by)
    if (data.entries.length < 2) {
      const n = data.entries.length
      const without = data.unlabelled ? ` (${data.unlabelled} without a label)` : ''
      return fail('eval', `${n} labelled analysed track${n === 1 ? '' : 's'}${without}: need at least 2`)
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
    return EXIT.ok
  })
}
