// `npm test`: every check and every test, in the order that fails fastest, then one summary line
// ("tests: N passed, N failed, N skipped") that CI reads.
//   lint (biome) → typecheck (tsc) → build (electron-vite; the tests run the built worker/CLI/UI)
//   → unit and integration tests (vitest) → end-to-end tests (Playwright, Debian's Chromium)
// SOUNDPRINT_SKIP_E2E=1 skips the browser tests (for quick local runs only).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'

const run = (label, cmd, args, opts = {}) => {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts })
  return r.status ?? 1
}

const counts = { passed: 0, failed: 0, skipped: 0 }
const steps = []

for (const [label, script] of [
  ['lint', 'lint'],
  ['typecheck', 'typecheck'],
  ['build', 'build'],
]) {
  const status = run(label, 'npm', ['run', '--silent', script])
  steps.push([label, status])
  if (status !== 0) {
    console.log(`\n${label} failed`)
    console.log(`tests: 0 passed, 1 failed, 0 skipped`)
    process.exit(1)
  }
}

rmSync('.vitest-results.json', { force: true })
const vitestStatus = run('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=.vitest-results.json',
])
steps.push(['vitest', vitestStatus])
if (existsSync('.vitest-results.json')) {
  const v = JSON.parse(readFileSync('.vitest-results.json', 'utf8'))
  counts.passed += v.numPassedTests ?? 0
  counts.failed += v.numFailedTests ?? 0
  counts.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  for (const file of v.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'skipped' || a.status === 'pending') console.log(`skipped: ${a.fullName}`)
    }
  }
} else if (vitestStatus !== 0) counts.failed += 1

if (process.env.SOUNDPRINT_SKIP_E2E === '1') {
  console.log('\nend-to-end tests skipped: SOUNDPRINT_SKIP_E2E=1')
} else {
  rmSync('.playwright-results.json', { force: true })
  const pwStatus = run('end-to-end tests', 'npx', ['playwright', 'test'])
  steps.push(['playwright', pwStatus])
  if (existsSync('.playwright-results.json')) {
    const p = JSON.parse(readFileSync('.playwright-results.json', 'utf8'))
    counts.passed += p.stats?.expected ?? 0
    counts.failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0)
    counts.skipped += p.stats?.skipped ?? 0
    for (const [title, reason] of skippedSpecs(p.suites ?? [])) console.log(`skipped: ${title} — ${reason}`)
  } else if (pwStatus !== 0) counts.failed += 1
}

/** Playwright's skipped tests with the reason given to test.skip(), from its JSON report. */
function* skippedSpecs(suites) {
  for (const suite of suites) {
    yield* skippedSpecs(suite.suites ?? [])
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue
        const note = (t.annotations ?? []).find((a) => a.type === 'skip')
        yield [`${spec.file} › ${spec.title}`, note?.description ?? 'no reason given']
      }
    }
  }
}

const failedSteps = steps.filter(([, s]) => s !== 0).map(([l]) => l)
console.log(`\nsteps: ${steps.map(([l, s]) => `${l} ${s === 0 ? 'ok' : 'FAILED'}`).join(', ')}`)
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
process.exit(failedSteps.length > 0 || counts.failed > 0 ? 1 : 0)
