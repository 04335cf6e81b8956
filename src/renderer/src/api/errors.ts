/** A failed API call, on either transport: the server's message plus its optional code and HTTP status. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'ApiCallError'
  }
}

/**
 * The message to show a user for any thrown value, as a sentence (the core's messages start in lower
 * case, as command-line messages do: "folder not found: /x").
 */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : ''
  if (!text.trim()) return 'Something went wrong.'
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The error's code on either transport (ApiCallError over HTTP, an Error with `code` from the preload). */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
