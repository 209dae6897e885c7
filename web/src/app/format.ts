// How messages read as text: previews in the list and system lines for
// group events. Chorus carries user ids only, so ids are shown.
import { ConversationKind, GroupEvent_Kind, GroupRole, MediaKind, type Conversation, type GroupEvent, type Message } from "../lib/index";

const list = (ids: string[]) => (ids.length <= 1 ? ids.join("") : ids.slice(0, -1).join(", ") + " and " + ids[ids.length - 1]);

export function groupEventText(e: GroupEvent): string {
  const actor = e.actorId || "";
  const who = (s: string) => (actor ? `${actor} ${s}` : "");
  const u0 = e.userIds[0] ?? "";
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

export function previewText(m: Message | undefined): string {
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
      return groupEventText(b.value);
    default:
      return "";
  }
}

export function title(c: Conversation): string {
  switch (c.kind) {
    case ConversationKind.DIRECT:
      return c.peerUserId || c.id;
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
