// How one message of the open chat is drawn: a bubble with its sender
// (in groups), its text, media or link, its time and, on my own messages,
// how far it got (sent, delivered, read; in groups "read by N", which
// opens the names of the readers). System lines show group events.
import { ConversationKind, MediaKind, type Conversation, type Message } from "../lib/index";
import { h, httpURL, isImageURL } from "./dom";
import { andList, groupEventText, previewText, shortTime, type Names } from "./format";

/** Readers is what get_receipts told about one of my group messages. */
export interface Readers {
  count: number;
  readBy: string[];
  listed: boolean; // readBy holds every reader (groups within the receipts limit)
}

/** MessageView is what drawing a message needs from the chat screen. */
export interface MessageView {
  me(): string;
  name: Names;
  readers(conv: string, seq: bigint): Readers | undefined;
  expanded(conv: string, seq: bigint): boolean;
  toggleReaders(conv: string, seq: bigint): void;
}

const maxNamed = 10;

/** readersText names who read a message: "Read by Ann, Bob and 3 others". */
export function readersText(r: Readers, name: Names): string {
  if (!r.listed || r.readBy.length === 0) return `Read by ${r.count} (names are not listed in groups this large)`;
  const names = r.readBy.slice(0, maxNamed).map(name);
  const others = r.count - names.length;
  if (others > 0) return `Read by ${names.join(", ")} and ${others} other${others === 1 ? "" : "s"}`;
  return `Read by ${andList(names)}`;
}

function statusOf(v: MessageView, m: Message, c: Conversation | undefined): string {
  if (!c) return "sent";
  if (c.kind === ConversationKind.GROUP) {
    const n = v.readers(c.id, m.seq)?.count ?? 0;
    return n > 0 ? `read by ${n}` : "sent";
  }
  if (m.seq <= c.peerReadSeq) return "read";
  if (m.seq <= c.peerDeliveredSeq) return "delivered";
  return "sent";
}

export function renderMessage(v: MessageView, m: Message, c: Conversation | undefined, showSender: boolean): HTMLElement {
  const attrs = { "data-testid": "message", "data-seq": String(m.seq), "data-conv-id": m.conversationId };
  const b = m.content?.body;
  if (b?.case === "groupEvent") {
    return h("div", { ...attrs, class: "message system" }, h("span", { "data-testid": "message-text" }, groupEventText(b.value, v.name)));
  }
  const mine = m.senderId === v.me();
  let body: Node;
  let extra: Node | null = null;
  if (b?.case === "text") {
    const url = httpURL(b.value.text);
    if (url && !/\s/.test(b.value.text.trim())) {
      body = h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, b.value.text.trim());
      if (isImageURL(url)) extra = h("img", { class: "inline-image", src: url, alt: "", loading: "lazy", referrerpolicy: "no-referrer" });
    } else {
      body = document.createTextNode(b.value.text);
    }
  } else if (b?.case === "media") {
    const url = httpURL(b.value.url);
    const label = b.value.name || b.value.url;
    body = url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label) : document.createTextNode(label);
    if (url && b.value.kind === MediaKind.IMAGE) extra = h("img", { class: "inline-image", src: url, alt: label, loading: "lazy", referrerpolicy: "no-referrer" });
  } else {
    body = document.createTextNode(previewText(m, v.name) || "[unsupported message]");
  }
  let status: Node | false = false;
  let readers: Node | false = false;
  if (mine) {
    const text = statusOf(v, m, c);
    const r = c?.kind === ConversationKind.GROUP ? v.readers(m.conversationId, m.seq) : undefined;
    if (r && r.count > 0) {
      const open = v.expanded(m.conversationId, m.seq);
      status = h(
        "button",
        {
          type: "button",
          class: "msg-status linkish",
          "data-testid": "message-status",
          "aria-expanded": open ? "true" : "false",
          title: "Who read it",
          onclick: () => v.toggleReaders(m.conversationId, m.seq),
        },
        text,
      );
      if (open) readers = h("div", { class: "readers", "data-testid": "message-readers" }, readersText(r, v.name));
    } else {
      status = h("span", { class: "msg-status", "data-testid": "message-status" }, text);
    }
  }
  return h(
    "div",
    { ...attrs, class: `message${mine ? " mine" : ""}`, "data-mine": mine ? "true" : undefined },
    h(
      "div",
      { class: "bubble" },
      showSender && !mine && h("div", { class: "sender", "data-testid": "message-sender", title: m.senderId }, v.name(m.senderId)),
      extra,
      h("div", { class: "text", "data-testid": "message-text" }, body),
      h("div", { class: "meta" }, h("span", { class: "time" }, shortTime(m.serverTimeMs)), status),
      readers,
    ),
  );
}
