/**
 * The one error type of decoding and analysis: a message a user can act on plus a stable code
 * (`AnalysisErrorCode` of the worker protocol) that callers map to HTTP statuses, UI badges, etc.
 */
import type { AnalysisErrorCode } from '../shared/worker-protocol'

export class AnalysisError extends Error {
  constructor(
    readonly code: AnalysisErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'AnalysisError'
  }
}

/** Any thrown value as an AnalysisError: known ones pass through, anything else is a bug ('internal'). */
export function toAnalysisError(err: unknown): AnalysisError {
  if (err instanceof AnalysisError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new AnalysisError('internal', `internal error: ${message}`)
}
