/** Stable codes for errors a user can act on; the CLI maps them to exit code 2. */
export type ErrorCode =
  | 'path-not-found'
  | 'not-a-directory'
  | 'invalid-config'
  | 'invalid-argument'
  | 'invalid-store'
  | 'store-too-new'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'claim-refused'
  | 'internal';

export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BatonError';
  }
}
