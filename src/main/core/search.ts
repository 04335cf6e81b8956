/**
 * Search as you type over the library's full-text index (`tracks_fts`, migration 3: title or file name,
 * artist, album, album artist, genre and path; Unicode-aware, accents ignored).
 *
 * What the user typed becomes an FTS5 query in which every word must match the start of a word of some
 * column: "beat lov" finds "Love Beats"; "ac/dc" finds the words "ac" followed by "dc…". Quotes and FTS5
 * operators typed by the user are taken literally, never as syntax.
 */

/** Words longer than this are cut (no tag has such words; it bounds the work per query). */
const MAX_WORD = 64
const MAX_WORDS = 16

/** The FTS5 MATCH expression for `text`, or null when it contains nothing searchable. */
export function ftsQuery(text: string | null | undefined): string | null {
  if (!text) return null
  const words = text
    .normalize('NFKC')
    .split(/\s+/)
    // Only letters and digits make tokens (unicode61); a word of punctuation alone would match nothing.
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, MAX_WORDS)
    .map((w) => `"${w.slice(0, MAX_WORD).replace(/"/g, '""')}"*`)
  return words.length > 0 ? words.join(' ') : null
}

/** The SQL condition selecting tracks (alias `t`) that match the FTS expression bound as `@fts`. */
export const FTS_CONDITION = 't.id IN (SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH @fts)'
