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

/** The message to show a user for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'string') return err
  return 'Something went wrong.'
}

/** The error's code on either transport (ApiCallError over HTTP, an Error with `code` from the preload). */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
