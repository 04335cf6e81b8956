/** DSP worker process entry: receives { id, path } jobs and answers { id, result } or { id, error }. */
export {}
