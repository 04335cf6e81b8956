/**
 * What every `soundprint` command shares: parsing its arguments (strict `node:util` parseArgs, with
 * `-h/--help`), the usage text on --help (stdout, exit 0) and after a usage error (stderr, exit 2),
 * the one-line `soundprint <command>: <message>` of a failure, and the exit codes.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { safe } from './terminal'

/** Exit codes: success, a failure (one line on stderr), a bad command line, stopped by a signal. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** A bad command line: `parseCommand` prints it with the usage and the command exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>
const HELP = { help: { type: 'boolean', short: 'h' } } as const

interface CommandSpec<O extends Options> {
  /** The word after `soundprint`: messages start `soundprint <name>:`. */
  name: string
  usage: string
  /** Its options (`-h/--help` is added). */
  options: O
  /** Whether it takes positional arguments (default true). */
  positionals?: boolean
}

type Result<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP; strict: true; allowPositionals: boolean }>
>

/** The parsed command line. */
interface Parsed<O extends Options> {
  values: Result<O>['values']
  positionals: string[]
}

/**
 * Parses `argv` for the command, then runs `check` (which throws UsageError for a bad combination, and
 * returns what it derived from the values). Returns the values, positionals and `check`'s result, or the
 * exit code to return at once: 0 after printing the usage for --help, 2 after a usage error.
 */
export function parseCommand<O extends Options, T extends object = object>(
  spec: CommandSpec<O>,
  argv: string[],
  check?: (parsed: Parsed<O>) => T,
): (Parsed<O> & T) | number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...spec.options, ...HELP },
      strict: true,
      allowPositionals: spec.positionals ?? true,
    }) as Parsed<O>
    if ((values as { help?: boolean }).help) {
      process.stdout.write(spec.usage)
      return EXIT.ok
    }
    const derived = check ? check({ values, positionals }) : ({} as T)
    return { ...derived, values, positionals }
  } catch (err) {
    return usageError(spec, (err as Error).message)
  }
}

/** Prints a usage error with the usage text; returns 2. */
function usageError(spec: Pick<CommandSpec<Options>, 'name' | 'usage'>, message: string): number {
  process.stderr.write(`soundprint ${spec.name}: ${safe(message)}\n\n${spec.usage}`)
  return EXIT.usage
}

/** Prints `soundprint <command>: <message>` on stderr; returns `code` (1 by default). */
export function fail(command: string, message: string, code: number = EXIT.failed): number {
  process.stderr.write(`soundprint ${command}: ${safe(message)}\n`)
  return code
}

/** An integer option in [min, max], or `fallback` when absent; a UsageError names the option otherwise. */
export function intOption(value: string | undefined, name: string, min: number, max: number, fallback: number): number
export function intOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number | undefined
export function intOption(value: string | undefined, name: string, min: number, max: number, fallback?: number) {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer ${min}–${max}, got '${value}'`)
  return n
}
