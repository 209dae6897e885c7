// What went wrong, in words. The node answers with a code from the
// catalogue (message.proto) and a short technical message; people see a
// sentence per code, with the node's message as detail where it helps
// (an invalid argument, a refused token).
import { ChorusError } from "../lib/index";

const q = (s: string) => `“${s}”`;

// Sentences per catalogue code; detail is the node's message.
const sentences: Record<string, (detail: string) => string> = {
  INVALID_ARGUMENT: (d) => `That was not accepted: ${d}.`,
  CONTENT_TOO_LARGE: () => "That message is too long to send.",
  FRAME_TOO_LARGE: () => "That message is too long to send.",
  NOT_AUTHENTICATED: () => "You are not signed in yet. Try again in a moment.",
  TOKEN_INVALID: (d) => `This token was not accepted. The server said: ${q(d)}.`,
  TOKEN_EXPIRED: () => "This token has expired: ask for a new one.",
  PERMISSION_DENIED: () => "You are not allowed to do that here.",
  // The node says which mute (the member's, until when; or the group's).
  MUTED: (d) => `You cannot send here right now: ${d || "you are muted, or only admins may send"}.`,
  USER_NOT_FOUND: () => "There is no user with that id.",
  CONVERSATION_NOT_FOUND: () => "That conversation does not exist.",
  NOT_MEMBER: () => "You are not a member of this conversation (any more).",
  GROUP_DISSOLVED: () => "This group was dissolved: its history stays, nothing can change.",
  CONVERSATION_ALREADY_EXISTS: () => "A group with that id exists already.",
  OWNER_CANNOT_LEAVE: () => "The owner cannot leave the group.",
  GROUP_FULL: () => "The group is full.",
  RATE_LIMITED: () => "Too much at once: try again in a moment.",
  OVERLOADED: () => "The server is busy: try again in a moment.",
  INTERNAL: () => "Something went wrong on the server: try again.",
  UNAVAILABLE: () => "The server cannot be reached right now: try again when you are back online.",
  TIMEOUT: () => "The server did not answer in time: it may or may not have happened.",
};

// The node writes times in its messages as RFC 3339 in UTC: show them in
// the reader's own time.
const rfc3339 = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;
const localTimes = (d: string) => d.replace(rfc3339, (t) => new Date(t).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }));

/** errorText says in a sentence what err means for the person using the page. */
export function errorText(err: unknown): string {
  if (err instanceof ChorusError) {
    const detail = localTimes(err.detail);
    const s = sentences[err.codeName];
    if (s) return s(detail);
    return `Something went wrong: ${detail || err.codeName}.`;
  }
  if (err instanceof TypeError) return "The server cannot be reached: check the connection and try again.";
  return `Something went wrong: ${err instanceof Error ? err.message : String(err)}.`;
}

/** noSuchUser is the sentence for a user id with no user behind it. */
export const noSuchUser = (id: string) => `There is no user ${q(id)}. Chorus has no directory to search: check the id with them.`;

const idPattern = /^[A-Za-z0-9_.@-]{1,64}$/;

/** badUserId is the sentence for something that cannot be a user id, or "" when it can. */
export function badUserId(id: string): string {
  if (idPattern.test(id)) return "";
  return `${q(id)} is not a user id: ids are 1 to 64 letters, digits and _ . @ -`;
}

/**
 * signedOutText says why the node signed this page out: a stopped event's
 * code (a DisconnectCode), the node's reason and the auth error if any.
 */
export function signedOutText(code: number, reason: string, error?: ChorusError): string {
  const why = reason ? ` (${reason})` : "";
  if (error?.codeName === "TOKEN_EXPIRED" || code === 3504) return "Your sign-in expired.";
  switch (code) {
    case 3501:
      return `Your sign-in was not accepted${why}.`;
    case 3502:
      return "You were signed out here because you signed in on another device.";
    case 3503:
      // The node's default reason says no more than the sentence does.
      return `This browser was signed out${reason && reason !== "this device was signed out" ? `: ${reason}` : ""}.`;
    case 3500:
      return `The server closed the connection after a protocol error${why}.`;
    default:
      return `The server closed the connection and asked not to reconnect${why}.`;
  }
}
