/**
 * `soundprint` command-line entry (runs under plain Node; never imports electron): dispatches the first
 * argument to its command module in src/main/cli/, loaded on demand so each command starts fast.
 * A command takes its remaining arguments and resolves to the exit status.
 */

interface Command {
  summary: string
  run: (argv: string[]) => Promise<number>
}

/** One line per command: its summary for --help and how to run it. */
// biome-ignore format: one line per command reads best
const COMMANDS: Record<string, Command> = {
  fingerprint: { summary: 'analyse audio files and print their 25-D fingerprints', run: async (a) => (await import('./cli/fingerprint')).fingerprint(a) },
  scan: { summary: 'import folders into the library and fingerprint every track', run: async (a) => (await import('./cli/scan')).scan(a) },
  tracks: { summary: 'list the library with states and failure reasons', run: async (a) => (await import('./cli/tracks')).tracks(a) },
  similar: { summary: 'list the tracks that sound most like a track', run: async (a) => (await import('./cli/similar')).similar(a) },
  radio: { summary: 'play a sonic radio: tracks that sound like one or more seeds', run: async (a) => (await import('./cli/radio')).radio(a) },
  path: { summary: 'a sonic path from one track to another in N steps', run: async (a) => (await import('./cli/sonic-path')).sonicPath(a) },
  playlist: { summary: 'list, show, create, export (M3U8), import and delete saved playlists', run: async (a) => (await import('./cli/playlist')).playlist(a) },
  eval: { summary: 'measure how well similar-track search finds tracks of the same folder, album, artist or genre', run: async (a) => (await import('./cli/eval')).evaluate(a) },
  serve: { summary: 'serve the library and its user interface over HTTP to a browser', run: async (a) => (await import('./cli/serve')).serve(a) },
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length))
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  return `usage: soundprint <command> [options]

Soundprint fingerprints music in 25 dimensions and finds the tracks that sound alike.

commands:
${lines.join('\n')}

Run \`soundprint <command> --help\` for a command's options.
`
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    process.stderr.write(usage())
    return 2
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage())
    return 0
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    process.stderr.write(`soundprint: unknown command '${name}'\n\n${usage()}`)
    return 2
  }
  return command.run(rest)
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    process.stderr.write(
      `soundprint: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    )
    exit(70)
  },
)

/** Exits once stdout has been flushed (output piped into another program must not be cut short). */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code))
}
