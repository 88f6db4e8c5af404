/**
 * What a client did that the protocol or the limits do not allow; carries the close code
 * (`shared/closeCodes.ts`) its connection is closed with. Only that connection is affected.
 */
export class ProtocolViolation extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}
