/**
 * The layering rule, enforced (as VS Code enforces its layers): every import in src/ is resolved and checked
 * against the layers below. A violation fails `npm test` with the importing file, the import and the rule.
 *
 *   src/shared      imports nothing from Node, the DOM or any other layer (only src/shared and type-only packages)
 *   src/dsp-worker  never imports src/main, src/preload or src/renderer
 *   src/main        outside src/main/electron and src/main/index.ts (the Electron layer): never imports `electron`,
 *                   the Electron layer, src/renderer or src/preload (the core, CLI and server run under plain Node)
 *   the Electron layer  never imports src/renderer or src/preload
 *   src/preload     imports only `electron` and src/shared
 *   src/renderer    reaches the rest only through src/shared (no src/main, src/dsp-worker, src/preload, no Node)
 *   src/renderer/src/components  reach the API only through stores/ and lib/ (never getApi or setApi)
 */
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')

interface Violation {
  file: string
  specifier: string
  rule: string
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const isNodeBuiltin = (s: string) =>
  s.startsWith('node:') || NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]!)

/** The layer a path inside src/ belongs to. */
function layerOf(absPath: string): string {
  const rel = relative(SRC, absPath).split(sep)
  if (rel[0] === '..' || rel.length === 0) return 'outside'
  if (rel[0] === 'main') return rel[1] === 'electron' || rel[1] === 'index.ts' ? 'main/electron' : 'main'
  return rel[0]!
}

/** Import specifiers of a module: static imports/exports, dynamic import() and require(). */
function importsOf(source: string): string[] {
  const out: string[] = []
  const re =
    /(?:^|[^.\w$])(?:import\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?|export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s+|import\s*\(\s*|require\s*\(\s*)(['"])([^'"]+)\1/g
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[2]!)
  return out
}

/** Checks one file's imports against the layering rule. */
function checkFile(absFile: string, source: string): Violation[] {
  const from = layerOf(absFile)
  const file = relative(ROOT, absFile)
  const found: Violation[] = []
  for (const specifier of importsOf(source)) {
    const relativeImport = specifier.startsWith('.')
    const to = relativeImport ? layerOf(resolve(dirname(absFile), specifier)) : null
    const bad = (rule: string) => found.push({ file, specifier, rule })
    switch (from) {
      case 'shared':
        if (relativeImport && to !== 'shared') bad('src/shared imports only src/shared')
        else if (!relativeImport) bad('src/shared imports no packages, Node or DOM modules')
        break
      case 'dsp-worker':
        if (to && to !== 'dsp-worker' && to !== 'shared')
          bad('src/dsp-worker never imports src/main, src/preload or src/renderer')
        if (specifier === 'electron') bad('src/dsp-worker runs under plain Node: no electron')
        break
      case 'main':
        if (specifier === 'electron' || specifier.startsWith('electron/'))
          bad('the core, CLI and server (src/main outside src/main/electron) never import electron')
        if (to === 'renderer' || to === 'preload' || to === 'main/electron')
          bad('src/main outside the Electron layer never imports src/renderer, src/preload or src/main/electron')
        break
      case 'main/electron':
        if (to === 'renderer' || to === 'preload') bad('the Electron layer never imports src/renderer or src/preload')
        break
      case 'preload':
        if (to && to !== 'preload' && to !== 'shared') bad('src/preload imports only src/shared')
        else if (!relativeImport && specifier !== 'electron') bad('src/preload imports only electron and src/shared')
        break
      case 'renderer':
        if (to && to !== 'renderer' && to !== 'shared') bad('src/renderer reaches the rest only through src/shared')
        else if (!relativeImport && (isNodeBuiltin(specifier) || specifier === 'electron'))
          bad('src/renderer runs in a browser: no Node modules, no electron')
        break
    }
  }
  return found
}

/** A component that takes the API client itself (`getApi`/`setApi` from the renderer's api module). */
function apiInComponent(absFile: string, source: string): Violation[] {
  const rel = relative(join(SRC, 'renderer', 'src', 'components'), absFile)
  if (rel.startsWith('..')) return []
  const found: Violation[] = []
  const re = /import\s*\{([^}]*)\}\s*from\s*(['"])((?:\.\.\/)+api(?:\/index)?)\2/g
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (resolve(dirname(absFile), m[3]!) !== join(SRC, 'renderer', 'src', 'api') && !m[3]!.endsWith('/index')) continue
    if (/\b(getApi|setApi)\b/.test(m[1]!))
      found.push({
        file: relative(ROOT, absFile),
        specifier: m[3]!,
        rule: 'components reach the API only through stores/ and lib/ (no getApi in src/renderer/src/components)',
      })
  }
  return found
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* sourceFiles(path)
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield path
  }
}

describe('layering', () => {
  it('no module in src/ breaks the layering rule', () => {
    const violations = [...sourceFiles(SRC)].flatMap((f) => checkFile(f, readFileSync(f, 'utf8')))
    const report = violations.map((v) => `${v.file}: import '${v.specifier}' — ${v.rule}`).join('\n')
    expect(report, 'layering violations').toBe('')
  })

  it('no component calls the API itself', () => {
    const violations = [...sourceFiles(join(SRC, 'renderer', 'src', 'components'))].flatMap((f) =>
      apiInComponent(f, readFileSync(f, 'utf8')),
    )
    expect(violations.map((v) => `${v.file}: ${v.rule}`).join('\n')).toBe('')
    const bad = apiInComponent(
      join(SRC, 'renderer', 'src', 'components', 'browse', 'X.tsx'),
      "import { errorMessage, getApi } from '../../api'",
    )
    expect(bad.map((v) => v.rule).join()).toContain('only through stores/ and lib/')
    expect(
      apiInComponent(join(SRC, 'renderer', 'src', 'components', 'X.tsx'), "import { errorMessage } from '../api'"),
    ).toEqual([])
    expect(apiInComponent(join(SRC, 'renderer', 'src', 'stores', 'x.ts'), "import { getApi } from '../api'")).toEqual(
      [],
    )
  })

  it.each([
    ['src/main/core/x.ts', "import { app } from 'electron'", 'never import electron'],
    ['src/main/server/x.ts', "const e = require('electron')", 'never import electron'],
    ['src/main/cli/x.ts', "const m = await import('../../renderer/src/App')", 'never imports src/renderer'],
    ['src/main/core/x.ts', "import { openWindow } from '../electron/window'", 'never imports src/renderer'],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs'", 'imports no packages'],
    ['src/shared/x.ts', "import type { Core } from '../main/core/service'", 'imports only src/shared'],
    ['src/renderer/src/x.ts', "import { Library } from '../../main/core/library'", 'only through src/shared'],
    ['src/renderer/src/x.ts', "import { readFile } from 'fs/promises'", 'no Node modules'],
    ['src/dsp-worker/x.ts', "export * from '../main/core/pool'", 'never imports src/main'],
    ['src/preload/x.ts', "import { x } from '../main/core/service'", 'imports only src/shared'],
  ])('catches a violation in %s: %s', (file, source, rule) => {
    const v = checkFile(join(ROOT, file), source)
    expect(v.map((x) => x.rule).join('; ')).toContain(rule)
  })

  it.each([
    ['src/main/electron/window.ts', "import { BrowserWindow } from 'electron'"],
    ['src/main/core/x.ts', "import { DIMENSIONS } from '../../shared/dimensions'"],
    ['src/renderer/src/components/x.tsx', "import type { TrackSummary } from '../../../shared/api'"],
    ['src/renderer/src/x.ts', "import { create } from 'zustand'"],
    ['src/shared/x.ts', "import type { Fingerprint } from './dimensions'"],
  ])('allows %s: %s', (file, source) => {
    expect(checkFile(join(ROOT, file), source)).toEqual([])
  })
})
