#!/usr/bin/env node
// `node scripts/eval-baseline.mjs [--corpus DIR | --db PATH] [--by folder|album|artist|genre] [-k 10] [--workers N] [--json]`:
// Soundprint's similarity beside the classic timbre baseline, on the same tracks in the same run
// (run `npm run build` first).
//
// The library is --db, or the corpus (default /work/corpus; label = first folder level, i.e. the
// soundtrack) scanned into a cached library in the temp folder (rescans are incremental). Every
// analysed track is a leave-one-out query (src/main/core/evaluate.ts) and each method ranks the others:
// - soundprint: the product's SimilarityIndex with its default weights and hubness reduction;
// - mfcc-gauss+mp: the classic baseline (Mandel & Ellis 2005, Musly): 20 MFCCs (c0…c19) of every
//   non-silent 46 ms frame as one full-covariance Gaussian, the symmetric Kullback-Leibler divergence
//   between Gaussians, then mutual proximity (Schnitzer et al. 2012, the empirical form over all tracks).
//   The Gaussians are the timbre descriptors the analysis stored (src/dsp-worker/analysis/timbre.ts:
//   36 mel bands 20 Hz–11 kHz, 46 ms Hann frames without overlap), so both methods see the same audio;
// - mfcc-gauss: the same without mutual proximity;
// - 25-D only: Soundprint's similarity before the timbre group and hubness reduction (equal weights).
// It prints precision@k, MAP, nearest-neighbour accuracy and hubness for each, and per label.
import { arg, load, openEvalLibrary } from './lib/eval-library.mjs'

const K = Number(arg('-k', '10'))
const JSON_OUT = process.argv.includes('--json')
const data = await openEvalLibrary('eval-baseline')
const { evaluateSimilarity, evaluateRankings, matrixRanker, formatReports } = await load('src/main/core/evaluate.ts')
const { gaussianFromTimbre, symmetricKl, mutualProximity } = await load('src/main/core/timbre-model.ts')
const n = data.entries.length
const t0 = performance.now()
const soundprint = evaluateSimilarity(data.entries, data.labels, { k: K })
const tSoundprint = performance.now() - t0

// The similarity before the timbre group and hubness reduction: the 25 dimensions, equal weights.
const before = evaluateSimilarity(data.entries, data.labels, {
  k: K,
  tuning: {
    weights: { frequency: 1, dynamics: 1, rhythm: 1, spectral: 1, harmony: 1, variation: 1, stereo: 1, timbre: 0 },
    hubAlpha: 0,
  },
})

const gaussians = data.entries.map((e) => gaussianFromTimbre(e.timbre))
const skl = new Float64Array(n * n)
for (let i = 0; i < n; i++)
  for (let j = i + 1; j < n; j++) skl[i * n + j] = skl[j * n + i] = symmetricKl(gaussians[i], gaussians[j])
const baselineRaw = evaluateRankings(data.labels, matrixRanker(skl, n), { k: K })
const baselineMp = evaluateRankings(data.labels, matrixRanker(mutualProximity(skl, n), n), { k: K })

const reports = [
  { name: 'soundprint', report: soundprint },
  { name: 'mfcc-gauss+mp', report: baselineMp },
  { name: 'mfcc-gauss', report: baselineRaw },
  { name: '25-D only', report: before },
]
if (JSON_OUT) {
  console.log(
    JSON.stringify({ db: data.db, by: data.by, ...Object.fromEntries(reports.map((r) => [r.name, r.report])) }),
  )
} else {
  console.log(
    `${data.db} by ${data.by}, k = ${K}; soundprint's ${n} leave-one-out queries took ${tSoundprint.toFixed(0)} ms`,
  )
  console.log(formatReports(reports))
}
