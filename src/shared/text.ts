/**
 * Text from the outside world (file names, tags, error messages that quote them) made safe to show
 * where a control character would do harm: in a terminal, an escape sequence can clear the screen,
 * rewrite earlier lines, set the window title or (in some terminals) inject input; a newline forges a
 * line; bidirectional overrides reorder what is shown.
 */

/**
 * Whether a code point is a control character: C0 (tab and newline included), DEL, C1 (0x9B is an
 * 8-bit CSI), the bidirectional embedding/override/isolate marks, and the line/paragraph separators.
 */
export function isControlChar(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x2028 ||
    c === 0x2029
  )
}

/** `s` with every control character replaced by `replacement` (escape sequences lose their ESC). */
export function replaceControlChars(s: string, replacement: string): string {
  let out = ''
  let from = 0
  for (let i = 0; i < s.length; i++) {
    if (isControlChar(s.charCodeAt(i))) {
      out += s.slice(from, i) + replacement
      from = i + 1
    }
  }
  return from === 0 ? s : out + s.slice(from)
}
