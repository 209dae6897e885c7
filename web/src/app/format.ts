// How messages read as text: previews in the list and system lines for
// group events. Chorus carries user ids only; names come from the page's
// profile cache through a Names function (an id until the name is known).
import { ConversationKind, GroupEvent_Kind, GroupRole, MediaKind, type Conversation, type GroupEvent, type Message } from "../lib/index";

/** Names gives the display name of a user id. */
export type Names = (id: string) => string;

/** andList joins names as a sentence does: "A", "A and B", "A, B and C". */
export const andList = (names: string[]) => (names.length <= 1 ? names.join("") : names.slice(0, -1).join(", ") + " and " + names[names.length - 1]);

export function groupEventText(e: GroupEvent, name: Names): string {
  const actor = e.actorId ? name(e.actorId) : "";
  const who = (s: string) => (actor ? `${actor} ${s}` : "");
  const u0 = e.userIds[0] ? name(e.userIds[0]) : "";
  const list = (ids: string[]) => andList(ids.map(name));
  switch (e.kind) {
    case GroupEvent_Kind.CREATED:
      return actor ? `${actor} created the group${e.name ? ` "${e.name}"` : ""}` : "The group was created";
    case GroupEvent_Kind.UPDATED:
      if (e.name) return who(`renamed the group to ${e.name}`) || `The group was renamed to ${e.name}`;
      return who("updated the group") || "The group was updated";
    case GroupEvent_Kind.MEMBERS_ADDED:
      return who(`added ${list(e.userIds)}`) || `${list(e.userIds)} joined`;
    case GroupEvent_Kind.MEMBERS_REMOVED:
      return who(`removed ${list(e.userIds)}`) || `${list(e.userIds)} ${e.userIds.length > 1 ? "were" : "was"} removed`;
    case GroupEvent_Kind.MEMBER_LEFT:
      return `${actor} left`;
    case GroupEvent_Kind.MEMBER_JOINED:
      return `${actor} joined`;
    case GroupEvent_Kind.ROLE_CHANGED:
      return `${actor || "The system"} made ${u0} ${e.role === GroupRole.ADMIN ? "an admin" : "a member"}`;
    case GroupEvent_Kind.OWNER_CHANGED:
      return `${actor || "The system"} made ${u0} the owner`;
    case GroupEvent_Kind.MEMBER_MUTED:
      if (e.mutedUntilMs === 0n) return `${actor || "The system"} unmuted ${u0}`;
      return `${actor || "The system"} muted ${u0} until ${new Date(Number(e.mutedUntilMs)).toLocaleString()}`;
    case GroupEvent_Kind.GROUP_MUTED:
      return `${actor || "The system"} ${e.muted ? "muted" : "unmuted"} the group`;
    case GroupEvent_Kind.DISSOLVED:
      return `${actor || "The system"} dissolved the group`;
    default:
      return "The group changed";
  }
}

/** previewText is a message as one line of text. */
export function previewText(m: Message | undefined, name: Names): string {
  const b = m?.content?.body;
  if (!m || !b) return "";
  switch (b.case) {
    case "text":
      return b.value.text;
    case "media": {
      const kind = b.value.kind === MediaKind.IMAGE ? "Image" : b.value.kind === MediaKind.VIDEO ? "Video" : b.value.kind === MediaKind.AUDIO ? "Audio" : "File";
      return `[${kind}] ${b.value.name || b.value.url}`;
    }
    case "custom":
      return `[${b.value.type}]`;
    case "groupEvent":
      return groupEventText(b.value, name);
    default:
      return "";
  }
}

/**
 * listPreview is the line under a conversation's title: its last message,
 * after "You: " when it is mine, or after the sender's name in a group.
 */
export function listPreview(c: Conversation, name: Names, me: string): string {
  const m = c.lastMessage;
  const text = previewText(m, name);
  if (!m || !text || m.content?.body.case === "groupEvent" || !m.senderId) return text;
  if (m.senderId === me) return `You: ${text}`;
  return c.kind === ConversationKind.GROUP ? `${name(m.senderId)}: ${text}` : text;
}

export function title(c: Conversation, name: Names): string {
  switch (c.kind) {
    case ConversationKind.DIRECT:
      return c.peerUserId ? name(c.peerUserId) : c.id;
    case ConversationKind.GROUP:
      return c.name || c.id.replace(/^g:/, "");
    case ConversationKind.SYSTEM:
      return "System";
    default:
      return c.id;
  }
}

export function shortTime(ms: bigint | number): string {
  const n = Number(ms);
  if (!n) return "";
  const d = new Date(n);
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleDateString([], { month: "short", day: "numeric" });
}

/** directId is the id of the direct conversation of users a and b. */
export const directId = (a: string, b: string) => (a < b ? `p:${a}:${b}` : `p:${b}:${a}`);
