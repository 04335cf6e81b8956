/**
 * Output helpers for the commands: whatever came from the outside world (file names, tags, failure
 * reasons that quote them) is shown with control characters as `?`, like `ls` does, so a file named
 * `\e[2J…` cannot clear the screen, retitle the window or forge lines; and JSON lines escape what
 * JSON.stringify leaves raw (DEL, C1 controls, bidi marks, U+2028/9) as `\uXXXX` — the same strings
 * once parsed, harmless when a person looks at them.
 */
import { isControlChar, replaceControlChars } from '../../shared/text'

/** A value fit to print on a terminal: control characters become `?`. */
export function safe(s: string | null | undefined): string {
  return s == null ? '' : replaceControlChars(s, '?')
}

/** One JSON line (with its newline) that is also safe to look at on a terminal. */
export function jsonLine(value: unknown): string {
  const text = JSON.stringify(value)
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x7f && isControlChar(c)) {
      out += `${text.slice(from, i)}\\u${c.toString(16).padStart(4, '0')}`
      from = i + 1
    }
  }
  return `${from === 0 ? text : out + text.slice(from)}\n`
}

/** Several lines of text fit to print: control characters inside each line become `?`, newlines stay. */
export function safeLines(text: string): string {
  return text.split('\n').map(safe).join('\n')
}
