/**
 * An error of a core handler; `code` tells the transport which status to answer with: 'not_found' (404),
 * 'invalid_request' / 'not_a_folder' (400), 'already_in_library' and 'read_only' (409). Its message is one clear sentence for the user (never a stack).
 */
export class CoreError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_request' | 'not_a_folder' | 'already_in_library' | 'read_only',
    message: string,
  ) {
    super(message)
    this.name = 'CoreError'
  }
}
