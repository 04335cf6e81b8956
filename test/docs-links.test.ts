/**
 * The README and docs/ link only to what a clone has: every relative Markdown link and every
 * `scripts/…`, `docs/…`, `src/…` path written in backticks exists in the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

function brokenLinks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const broken: string[] = []
  for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
    const target = m[1] ?? ''
    if (/^[a-z]+:/i.test(target)) continue // http:, mailto:
    if (!existsSync(resolve(dirname(join(root, file)), target))) broken.push(target)
  }
  for (const m of text.matchAll(/`((?:\.\.\/)+[^`\s]+|(?:scripts|docs|src|e2e|test)\/[\w./-]+\.\w+)/g)) {
    const target = m[1] ?? ''
    if (!existsSync(join(root, target))) broken.push(target)
  }
  return broken
}

describe('documentation links', () => {
  it.each(docs)('%s links only to files in the repository', (file) => {
    expect(brokenLinks(file)).toEqual([])
  })
})
