import { ErrorCode } from "../gen/chorus/v1/message_pb";
import type { Error as ErrorFrame } from "../gen/chorus/v1/message_pb";

/**
 * ChorusError is a failed request: an error from the catalogue in
 * message.proto (code, message, temporary), or one of the client's own
 * (TIMEOUT when no reply came in time, UNAVAILABLE when the connection
 * dropped before the reply).
 */
export class ChorusError extends Error {
  readonly code: ErrorCode;
  /** The code's short name, e.g. "NOT_MEMBER". */
  readonly codeName: string;
  /** Retrying the same request later may succeed. */
  readonly temporary: boolean;
  /** The node's own message, without the code name (e.g. "token rejected: bad signature"). */
  readonly detail: string;

  constructor(code: ErrorCode, message: string, temporary: boolean) {
    const name = ErrorCode[code]?.replace(/^ERROR_CODE_/, "") ?? String(code);
    super(`${name}: ${message}`);
    this.name = "ChorusError";
    this.code = code;
    this.codeName = name;
    this.temporary = temporary;
    this.detail = message;
  }

  static fromFrame(e: ErrorFrame): ChorusError {
    return new ChorusError(e.code, e.message, e.temporary);
  }
}

export const errTimeout = () => new ChorusError(ErrorCode.TIMEOUT, "no reply in time; the outcome is unknown", true);
export const errUnavailable = (why: string) => new ChorusError(ErrorCode.UNAVAILABLE, why, true);
