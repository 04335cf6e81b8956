#!/usr/bin/env node
// `node scripts/tune-similarity.mjs [--corpus DIR | --db PATH] [--by folder] [--no-loso]`: how the
// default similarity tuning (DEFAULT_TUNING in src/main/core/similarity.ts) is chosen, and an honest
// estimate of how well that choice carries over to music it was not chosen on (run `npm run build` first).
//
// The objective is precision@10 of the leave-one-out evaluation (src/main/core/evaluate.ts) with the
// constraint hubness skewness ≤ 0.5. The search, deliberately small so that it cannot learn the corpus:
// 1. hubness reduction: hubK ∈ {10, 20} × hubAlpha ∈ {0.5, 0.7}, with equal group weights;
// 2. group weights by coordinate ascent, two rounds over the eight groups, each weight halved or doubled
//    (never 0: every group keeps a say, whatever one corpus prefers), kept when precision@10 improves
//    by more than 0.002;
// 3. the hubness grid again with the chosen weights.
// Leave-one-soundtrack-out (skip with --no-loso): for every label, the whole search runs without that
// label's tracks, and the label's own queries are then evaluated with what it chose, beside equal
// weights: the mean over labels says whether tuning helps on music it never saw.
import { arg, load, openEvalLibrary } from './lib/eval-library.mjs'

const data = await openEvalLibrary('tune-similarity')
const { evaluateSimilarity } = await load('src/main/core/evaluate.ts')
const { DEFAULT_TUNING } = await load('src/main/core/similarity.ts')
const { SIMILARITY_GROUPS } = await load('src/shared/dimensions.ts')
const GROUP_KEYS = SIMILARITY_GROUPS.map((g) => g.key)
const MAX_SKEW = 0.5
const K = Number(arg('-k', '10'))

const equalWeights = Object.fromEntries(GROUP_KEYS.map((g) => [g, 1]))
const evaluate = (entries, labels, tuning) =>
  evaluateSimilarity(entries, labels, { k: K, tuning, chanceRounds: 1, depth: K })
const objective = (r) => (r.figures.hubness.skewness <= MAX_SKEW ? r.figures.precisionAtK : -1)

function tune(entries, labels, log = () => {}) {
  let best = { weights: { ...equalWeights }, hubK: 10, hubAlpha: 0.5, timbreCoeffs: DEFAULT_TUNING.timbreCoeffs }
  let bestScore = -2
  const hubGrid = () => {
    for (const hubK of [10, 20])
      for (const hubAlpha of [0.5, 0.7]) {
        const t = { ...best, hubK, hubAlpha }
        const s = objective(evaluate(entries, labels, t))
        if (s > bestScore + 1e-9) [best, bestScore] = [t, s]
      }
    log(`hubness: hubK ${best.hubK}, hubAlpha ${best.hubAlpha} → precision@${K} ${bestScore.toFixed(3)}`)
  }
  hubGrid()
  for (let round = 0; round < 2; round++) {
    for (const g of GROUP_KEYS) {
      for (const m of [0.5, 2]) {
        const t = { ...best, weights: { ...best.weights, [g]: best.weights[g] * m } }
        const s = objective(evaluate(entries, labels, t))
        if (s > bestScore + 0.002) {
          ;[best, bestScore] = [t, s]
          log(`  ${g} ×${m} → precision@${K} ${s.toFixed(3)}`)
        }
      }
    }
  }
  hubGrid()
  return best
}

const { entries, labels } = data
console.log(`${data.db}: ${entries.length} tracks by ${data.by}`)
const chosen = tune(entries, labels, (s) => console.log(s))
const final = evaluateSimilarity(entries, labels, { k: K, tuning: chosen })
const equal = evaluateSimilarity(entries, labels, { k: K, tuning: { ...chosen, weights: equalWeights } })
const current = evaluateSimilarity(entries, labels, { k: K })
const line = (name, r) =>
  `${name.padEnd(28)} precision@${K} ${r.figures.precisionAtK.toFixed(3)}  MAP ${r.figures.map.toFixed(3)}  ` +
  `NN ${r.figures.nnAccuracy.toFixed(3)}  skewness ${r.figures.hubness.skewness.toFixed(2)}`
console.log(`\nchosen tuning: ${JSON.stringify(chosen)}`)
console.log(line('chosen', final))
console.log(line('same, equal group weights', equal))
console.log(line('DEFAULT_TUNING (the app)', current))

if (!process.argv.includes('--no-loso')) {
  console.log(`\nleave one soundtrack out: precision@${K} of its queries, tuned without it vs equal weights`)
  let sumTuned = 0
  let sumEqual = 0
  let count = 0
  for (const label of [...new Set(labels)].sort()) {
    const keep = labels.map((l) => l !== label)
    if (keep.every(Boolean) || keep.filter((k) => !k).length < 2) continue
    const t = tune(
      entries.filter((_, i) => keep[i]),
      labels.filter((_, i) => keep[i]),
    )
    const pTuned = evaluateSimilarity(entries, labels, { k: K, tuning: t, chanceRounds: 1, depth: K }).perLabel.find(
      (p) => p.label === label,
    ).precisionAtK
    const pEqual = evaluateSimilarity(entries, labels, {
      k: K,
      tuning: { ...t, weights: equalWeights },
      chanceRounds: 1,
      depth: K,
    }).perLabel.find((p) => p.label === label).precisionAtK
    sumTuned += pTuned
    sumEqual += pEqual
    count++
    console.log(`  ${label.padEnd(30)} ${pTuned.toFixed(3)}  (equal weights ${pEqual.toFixed(3)})`)
  }
  console.log(
    `  mean over ${count} held-out soundtracks: ${(sumTuned / count).toFixed(3)} tuned without them, ${(sumEqual / count).toFixed(3)} equal weights`,
  )
}
