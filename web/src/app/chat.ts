// The chat screen: the conversation list on the left, the open chat on the
// right (one pane at a time on phones). State lives here; the DOM is
// rebuilt from it in small pieces (the list, the messages, the header).
// Names and avatars come from the profile cache (profiles.ts); groups'
// forms and panel are in groups.ts, one message's drawing in messages.ts.
import {
  ChorusClient,
  ConversationKind,
  ConversationSchema,
  GroupEvent_Kind,
  GroupRole,
  MediaKind,
  create,
  randomId,
  type Conversation,
  type Group,
  type Message,
  type Status,
} from "../lib/index";
import { buildComposer } from "./composer";
import { avatar, h } from "./dom";
import { badUserId, errorText, noSuchUser } from "./errors";
import { directId, listPreview, shortTime, title } from "./format";
import { GroupPanel, NewGroupForm, type GroupHost } from "./groups";
import { renderMessage, type MessageView, type Readers } from "./messages";
import { Profiles } from "./profiles";

interface History {
  oldest: bigint; // lowest seq loaded (0: nothing loaded yet)
  more: boolean; // older messages exist
  loading: boolean;
  loaded: boolean;
}

interface PendingSend {
  id: string; // its clientMsgId: a retry sends it again under the same id
  conv: string;
  text: string;
  media?: { url: string; kind: MediaKind; name: string };
  failed?: string; // why, in words
}

/** A banner action, e.g. "Sign in again". */
export interface BannerAction {
  label: string;
  run: () => void;
}

const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);

export class ChatApp {
  private convs = new Map<string, Conversation>();
  private msgs = new Map<string, Map<bigint, Message>>();
  private history = new Map<string, History>();
  private pending = new Map<string, PendingSend>();
  private groupReads = new Map<string, Map<bigint, Readers>>(); // conv -> seq -> who read it
  private openReaders = new Set<string>(); // "conv seq" of messages whose readers are shown
  private leftHere = new Map<string, bigint>(); // groups this user left from this page, with the entry's version then
  private current: string | null = null;
  private panel: GroupPanel | null = null;
  private readTimer?: ReturnType<typeof setTimeout>;
  private receiptsTimer?: ReturnType<typeof setTimeout>;
  private pollTimer?: ReturnType<typeof setInterval>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private toastTimer?: ReturnType<typeof setTimeout>;
  private unlisten: (() => void)[] = []; // removes the client and document listeners
  readonly profiles: Profiles;
  private newGroup: NewGroupForm;
  private view: MessageView;

  // Elements that are re-rendered.
  private root: HTMLElement;
  private statusEl = h("span", { class: "status offline", "data-testid": "connection-status" }, "offline");
  private meName = h("span", { class: "me", "data-testid": "me" });
  private meId = h("span", { class: "me-id", "data-testid": "me-id" });
  private meAvatar: HTMLElement = h("div", { class: "avatar me-avatar" });
  private bannerSlot = h("div", { class: "banner-slot" });
  private listEl = h("ul", { class: "conv-list" });
  private chatEl = h("main", { class: "chat" });
  private messagesEl = h("div", { class: "messages" });
  private chatBody = h("div", { class: "chat-body" }, this.messagesEl); // the messages, and the group panel beside them
  private headerEl = h("header", { class: "chat-header" });
  private toastEl = h("div", { class: "toast", role: "status", "data-testid": "toast" });

  constructor(
    root: HTMLElement,
    private client: ChorusClient,
    private me: string,
    private signOut: () => void,
  ) {
    this.root = root;
    this.profiles = new Profiles(client);
    const name = (id: string) => this.profiles.name(id);
    this.view = {
      me: () => this.me,
      name,
      readers: (conv, seq) => this.groupReads.get(conv)?.get(seq),
      expanded: (conv, seq) => this.openReaders.has(`${conv} ${seq}`),
      toggleReaders: (conv, seq) => {
        const k = `${conv} ${seq}`;
        if (!this.openReaders.delete(k)) this.openReaders.add(k);
        this.renderMessages(false);
      },
    };
    this.newGroup = new NewGroupForm(this.groupHost());
    this.buildShell();
    const on = this.unlisten;
    on.push(this.profiles.onChange(() => this.renderNames()));
    on.push(client.on("status", (s) => this.setStatus(s)));
    on.push(client.on("conversation", (c) => this.mergeConversation(c)));
    on.push(client.on("message", (m) => this.onMessage(m)));
    on.push(client.on("receipt", (r) => {
      const c = this.convs.get(r.conversationId);
      if (!c) return;
      if (r.userId === this.me) {
        c.readSeq = maxBig(c.readSeq, r.readSeq);
        c.deliveredSeq = maxBig(c.deliveredSeq, r.deliveredSeq);
        if (c.readSeq >= c.lastSeq) c.mentionCount = 0n;
        this.renderList();
      } else {
        c.peerReadSeq = maxBig(c.peerReadSeq, r.readSeq);
        c.peerDeliveredSeq = maxBig(c.peerDeliveredSeq, maxBig(r.deliveredSeq, r.readSeq));
        if (r.conversationId === this.current) this.renderMessages(false);
      }
    }));
    on.push(client.on("auth", (a) => {
      if (this.me !== a.userId) {
        this.me = a.userId;
        this.renderNames();
      }
    }));
    const visible = () => {
      if (document.visibilityState === "visible" && this.current) this.scheduleRead();
    };
    document.addEventListener("visibilitychange", visible);
    on.push(() => document.removeEventListener("visibilitychange", visible));
    this.pollTimer = setInterval(() => {
      // Group read counts are not pushed: ask while a group chat is open.
      const c = this.current ? this.convs.get(this.current) : undefined;
      if (c?.kind === ConversationKind.GROUP && document.visibilityState === "visible") this.scheduleReceipts(0);
    }, 4000);
    this.setStatus(client.status);
  }

  destroy(): void {
    for (const off of this.unlisten.splice(0)) off();
    this.profiles.close();
    clearInterval(this.pollTimer);
    clearTimeout(this.readTimer);
    clearTimeout(this.receiptsTimer);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.toastTimer);
    document.title = "Chorus";
  }

  /**
   * showBanner puts a lasting notice above the chat (this page was signed
   * out, and why), with actions such as "Sign in again"; hideBanner takes
   * it away.
   */
  showBanner(text: string, actions: BannerAction[]): void {
    this.bannerSlot.replaceChildren(
      h(
        "div",
        { class: "banner", role: "alert", "data-testid": "session-banner" },
        h("span", { class: "banner-text" }, text),
        ...actions.map((a, i) =>
          h("button", { class: i === 0 ? "primary" : "", "data-testid": i === 0 ? "session-banner-action" : undefined, onclick: a.run }, a.label),
        ),
      ),
    );
  }

  hideBanner(): void {
    this.bannerSlot.replaceChildren();
  }

  // --- the shell --------------------------------------------------------

  private groupHost(): GroupHost {
    return {
      client: this.client,
      profiles: this.profiles,
      me: () => this.me,
      recentContacts: () =>
        this.sorted()
          .filter((c) => c.kind === ConversationKind.DIRECT && c.peerUserId && c.lastSeq > 0n)
          .map((c) => c.peerUserId),
      conversation: (id) => this.convs.get(id),
      created: (g) => this.groupCreated(g),
      changed: () => this.scheduleRefresh(),
      left: (id) => {
        const c = this.convs.get(id);
        this.leftHere.set(id, c?.version ?? 0n);
        if (c) c.left = true;
        this.closePanel();
        if (id === this.current) this.renderChat();
        this.renderList();
        this.scheduleRefresh();
      },
    };
  }

  private buildShell(): void {
    const newChatUser = h("input", { "data-testid": "new-chat-user", placeholder: "User id, e.g. bob", autocomplete: "off", required: true });
    const newChatError = h("p", { class: "form-error", role: "alert", "data-testid": "new-chat-error" });
    const newChatSubmit = h("button", { type: "submit", "data-testid": "new-chat-submit" }, "Chat");
    const newChatForm = h(
      "form",
      {
        class: "panel hidden",
        onsubmit: async (ev: Event) => {
          ev.preventDefault();
          const peer = newChatUser.value.trim();
          if (!peer) return;
          newChatSubmit.disabled = true;
          newChatError.textContent = "";
          const why = await this.startDirect(peer);
          newChatSubmit.disabled = false;
          if (why) {
            newChatError.textContent = why;
            return;
          }
          newChatUser.value = "";
          newChatForm.classList.add("hidden");
        },
      },
      h("div", { class: "row" }, newChatUser, newChatSubmit),
      newChatError,
    );
    const newGroupForm = this.newGroup.el;
    const toggle = (form: HTMLElement, other: HTMLElement) => () => {
      other.classList.add("hidden");
      form.classList.toggle("hidden");
      if (form === newGroupForm) {
        this.newGroup.render();
        this.newGroup.focus();
      } else {
        newChatError.textContent = "";
        newChatUser.focus();
      }
    };
    const sidebar = h(
      "aside",
      { class: "sidebar" },
      h(
        "header",
        { class: "side-header" },
        this.meAvatar,
        h("div", { class: "who" }, this.meName, h("span", { class: "who-sub" }, this.meId, this.statusEl)),
        h("button", { class: "ghost", title: "Sign out", "data-testid": "signout", onclick: () => this.signOut() }, "Sign out"),
      ),
      h(
        "div",
        { class: "side-actions" },
        h("button", { "data-testid": "new-chat", onclick: toggle(newChatForm, newGroupForm) }, "+ New chat"),
        h("button", { "data-testid": "new-group", onclick: toggle(newGroupForm, newChatForm) }, "+ New group"),
      ),
      newChatForm,
      newGroupForm,
      this.listEl,
    );
    this.messagesEl.addEventListener("scroll", () => {
      if (this.messagesEl.scrollTop < 60 && this.current) void this.loadOlder(this.current);
    });
    this.root.replaceChildren(h("div", { class: "app" }, this.bannerSlot, sidebar, this.chatEl, this.toastEl));
    this.renderMe();
    this.renderChat();
    this.renderList();
  }

  private renderMe(): void {
    const p = this.profiles;
    this.meName.textContent = this.me ? p.name(this.me) : "Signing in…";
    this.meId.textContent = this.me;
    this.meAvatar.replaceWith((this.meAvatar = avatar(p.name(this.me) || "?", p.avatarURL(this.me), "me-avatar", "me-avatar")));
  }

  /** renderNames redraws what shows names, after profiles came in. */
  private renderNames(): void {
    this.renderMe();
    this.renderList();
    this.renderHeader();
    this.renderMessages(false);
    this.newGroup.render();
    this.panel?.render();
  }

  private setStatus(s: Status): void {
    this.statusEl.textContent = s;
    this.statusEl.className = `status ${s}`;
    if (s === "online") this.renderNames(); // names that could not be read while offline
  }

  private toast(text: string): void {
    this.toastEl.textContent = text;
    this.toastEl.classList.add("show");
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.toastEl.classList.remove("show"), 5000);
  }

  private fail(err: unknown): void {
    console.warn(err);
    this.toast(errorText(err));
  }

  // --- the list ---------------------------------------------------------

  private mergeConversation(c: Conversation): void {
    const old = this.convs.get(c.id);
    if (old && old.version > c.version) return;
    if (old) {
      // Messages seen live may be ahead of the entry.
      if (old.lastSeq > c.lastSeq) {
        c.lastSeq = old.lastSeq;
        c.lastMessage = old.lastMessage;
        c.updatedAtMs = maxBig(c.updatedAtMs, old.updatedAtMs);
      }
      c.readSeq = maxBig(c.readSeq, old.readSeq);
      c.peerReadSeq = maxBig(c.peerReadSeq, old.peerReadSeq);
      c.peerDeliveredSeq = maxBig(c.peerDeliveredSeq, old.peerDeliveredSeq);
      // Left here: an entry read before the leave must not bring the
      // composer back; a newer one (added again) may.
      const leftAt = this.leftHere.get(c.id);
      if (leftAt !== undefined && c.version <= leftAt) c.left = true;
    }
    this.convs.set(c.id, c);
    this.renderList();
    if (c.id === this.current) {
      // Leaving, removal or dissolving swaps the composer for a notice.
      if (old && (old.left !== c.left || old.dissolved !== c.dissolved)) this.renderChat();
      else {
        this.renderHeader();
        this.renderMessages(false);
      }
      this.panel?.render();
    }
  }

  private unread(c: Conversation): bigint {
    return c.lastSeq > c.readSeq ? c.lastSeq - c.readSeq : 0n;
  }

  /**
   * sorted is the list as shown: pinned first, then by activity. A direct
   * chat opened here with nothing sent yet shows only while it is open.
   */
  private sorted(): Conversation[] {
    return [...this.convs.values()]
      .filter((c) => c.lastSeq > 0n || c.id === this.current || c.kind !== ConversationKind.DIRECT)
      .sort((a, b) => {
        if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
        if (a.updatedAtMs !== b.updatedAtMs) return a.updatedAtMs > b.updatedAtMs ? -1 : 1;
        return a.id < b.id ? -1 : 1;
      });
  }

  private convAvatar(c: Conversation, t: string, testid: string): HTMLElement {
    if (c.kind === ConversationKind.DIRECT) return avatar(t, this.profiles.avatarURL(c.peerUserId), "", testid);
    if (c.kind === ConversationKind.GROUP) return avatar(t, c.avatarUrl, "group", testid);
    return avatar(t, "", "system", testid);
  }

  private renderList(): void {
    const name = (id: string) => this.profiles.name(id);
    let total = 0n;
    const items = this.sorted().map((c) => {
      const unread = this.unread(c);
      if (!c.muted) total += unread;
      const mentions = unread > 0n ? c.mentionCount : 0n;
      const t = title(c, name);
      return h(
        "li",
        {
          class: `conv-item${c.id === this.current ? " active" : ""}`,
          "data-testid": "conv-item",
          "data-conv-id": c.id,
          onclick: () => this.open(c.id),
        },
        this.convAvatar(c, t, "conv-avatar"),
        h(
          "div",
          { class: "conv-body" },
          h(
            "div",
            { class: "conv-row" },
            h("span", { class: "conv-title", "data-testid": "conv-title" }, t),
            h("span", { class: "conv-time" }, shortTime(c.updatedAtMs)),
          ),
          h(
            "div",
            { class: "conv-row" },
            h("span", { class: "conv-last", "data-testid": "conv-last" }, listPreview(c, name, this.me)),
            mentions > 0n && h("span", { class: "badge mention", "data-testid": "conv-mention", title: "mentions" }, "@"),
            unread > 0n && h("span", { class: `badge${c.muted ? " muted" : ""}`, "data-testid": "conv-unread" }, String(unread)),
          ),
        ),
      );
    });
    if (items.length === 0) {
      items.push(h("li", { class: "empty" }, "No conversations yet. Start one with + New chat.") as HTMLLIElement);
    }
    this.listEl.replaceChildren(...items);
    // The tab shows how much is unread (muted conversations aside).
    document.title = total > 0n ? `(${total}) Chorus` : "Chorus";
  }

  // --- opening chats ----------------------------------------------------

  /**
   * startDirect opens the 1:1 chat with peer once the node says the user
   * exists; it returns why not otherwise ("" when the chat opened).
   */
  private async startDirect(peer: string): Promise<string> {
    if (peer === this.me) return "That is you: pick someone else to chat with.";
    const bad = badUserId(peer);
    if (bad) return bad;
    const id = directId(this.me, peer);
    if (!this.convs.has(id)) {
      try {
        const found = await this.profiles.lookup([peer]);
        if (!found.has(peer)) return noSuchUser(peer);
      } catch (err) {
        return errorText(err);
      }
      if (!this.convs.has(id)) {
        this.convs.set(id, create(ConversationSchema, { id, kind: ConversationKind.DIRECT, peerUserId: peer, updatedAtMs: BigInt(Date.now()) }));
        this.history.set(id, { oldest: 0n, more: false, loading: false, loaded: true });
      }
    }
    this.open(id);
    return "";
  }

  private groupCreated(g: Group): void {
    const id = g.conversationId;
    if (!this.convs.has(id)) {
      this.convs.set(
        id,
        create(ConversationSchema, {
          id,
          kind: ConversationKind.GROUP,
          name: g.name,
          avatarUrl: g.avatarUrl,
          memberCount: g.memberCount,
          role: GroupRole.OWNER,
          updatedAtMs: g.updatedAtMs,
        }),
      );
    }
    this.open(id);
    this.scheduleRefresh();
  }

  private open(id: string): void {
    if (this.current !== id) this.closePanel();
    this.current = id;
    document.body.classList.add("has-chat");
    this.renderChat();
    this.renderList();
    const hist = this.history.get(id);
    if (!hist || !hist.loaded) void this.loadOlder(id);
    this.scheduleRead(0);
    this.scheduleReceipts(0);
    (this.chatEl.querySelector("[data-testid=composer-input]") as HTMLInputElement | null)?.focus();
  }

  private close(): void {
    this.closePanel();
    this.current = null;
    document.body.classList.remove("has-chat");
    this.renderChat();
    this.renderList();
  }

  private togglePanel(): void {
    if (this.panel) {
      this.closePanel();
      return;
    }
    const id = this.current;
    if (!id) return;
    this.panel = new GroupPanel(this.groupHost(), id, () => this.closePanel());
    this.chatBody.append(this.panel.el);
    this.renderHeader();
  }

  private closePanel(): void {
    if (!this.panel) return;
    this.panel.destroy();
    this.panel = null;
    this.renderHeader();
  }

  /** loadOlder pulls the page of history before what is loaded. */
  private async loadOlder(id: string): Promise<void> {
    let hist = this.history.get(id);
    if (!hist) {
      hist = { oldest: 0n, more: true, loading: false, loaded: false };
      this.history.set(id, hist);
    }
    if (hist.loading || (hist.loaded && !hist.more)) return;
    if (hist.loaded && hist.oldest <= 1n) return;
    hist.loading = true;
    try {
      await this.client.whenOnline();
      const toSeq = hist.loaded ? hist.oldest - 1n : 0n;
      const res = await this.client.pull({ conversationId: id, toSeq, fromSeq: 1n, limit: 50, reverse: true });
      const box = this.box(id);
      for (const m of res.messages) box.set(m.seq, m);
      let oldest = hist.loaded ? hist.oldest : 0n;
      for (const m of res.messages) if (oldest === 0n || m.seq < oldest) oldest = m.seq;
      hist.oldest = oldest;
      hist.more = res.hasMore;
      const first = !hist.loaded;
      hist.loaded = true;
      if (id === this.current) {
        this.renderMessages(first ? "bottom" : "keep");
        this.scheduleReceipts(0);
      }
    } catch (err) {
      console.warn("loading history failed", err);
    } finally {
      hist.loading = false;
    }
  }

  private box(id: string): Map<bigint, Message> {
    let b = this.msgs.get(id);
    if (!b) {
      b = new Map();
      this.msgs.set(id, b);
    }
    return b;
  }

  // --- messages ---------------------------------------------------------

  private onMessage(m: Message): void {
    const id = m.conversationId;
    this.box(id).set(m.seq, m);
    const mine = this.isMine(m);
    // A send that failed here but was stored after all (a retry, or
    // another tab) is no longer pending.
    if (m.clientMsgId && m.senderId === this.me) this.pending.delete(m.clientMsgId);
    let c = this.convs.get(id);
    if (!c) {
      c = create(ConversationSchema, {
        id,
        kind: id.startsWith("g:") ? ConversationKind.GROUP : id.startsWith("p:") ? ConversationKind.DIRECT : ConversationKind.SYSTEM,
        peerUserId: id.startsWith("p:") ? id.slice(2).split(":").find((u) => u !== this.me) ?? "" : "",
        name: id.startsWith("g:") ? id.slice(2) : "",
        // Seen first through this message (e.g. just added to a group):
        // only it is unread, not the history before it.
        readSeq: m.seq - 1n,
      });
      this.convs.set(id, c);
      this.scheduleRefresh(); // learn the group's name and the entry
    }
    // Only a message the entry does not count yet adds a mention: after a
    // reconnect the synced entry's mentionCount already has the caught-up ones.
    const counted = m.seq <= c.lastSeq || m.seq <= c.readSeq;
    if (m.seq > c.lastSeq) {
      c.lastSeq = m.seq;
      c.lastMessage = m;
      c.updatedAtMs = maxBig(c.updatedAtMs, m.serverTimeMs);
    }
    if (mine) c.readSeq = maxBig(c.readSeq, m.seq);
    else if (!counted && (m.mentionAll || m.mentionUserIds.includes(this.me))) c.mentionCount += 1n;
    const b = m.content?.body;
    if (b?.case === "groupEvent") {
      // The event has the new name at once; the entry (members, role) follows.
      if (b.value.name && m.seq >= c.lastSeq && (b.value.kind === GroupEvent_Kind.CREATED || b.value.kind === GroupEvent_Kind.UPDATED)) c.name = b.value.name;
      this.scheduleRefresh();
      if (this.panel?.conversationId === id) void this.panel.refresh();
    }
    this.renderList();
    if (id === this.current) {
      this.renderMessages("auto");
      if (!mine) this.scheduleRead();
      this.scheduleReceipts();
    }
  }

  private isMine(m: Message): boolean {
    if (m.senderId) return m.senderId === this.me;
    const b = m.content?.body;
    return b?.case === "groupEvent" && b.value.actorId === this.me;
  }

  /** scheduleRead marks the open chat read when the page is visible. */
  private scheduleRead(delay = 150): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(async () => {
      const id = this.current;
      const c = id ? this.convs.get(id) : undefined;
      if (!id || !c || document.visibilityState !== "visible") return;
      if (c.readSeq >= c.lastSeq && c.mentionCount === 0n) return;
      const seq = c.lastSeq;
      try {
        await this.client.whenOnline();
        const r = await this.client.markRead(id, seq);
        c.readSeq = maxBig(c.readSeq, r.readSeq);
        c.mentionCount = r.mentionCount;
        this.renderList();
      } catch (err) {
        console.warn("read mark failed", err);
      }
    }, delay);
  }

  /** scheduleReceipts refreshes "read by N" of my messages in an open group. */
  private scheduleReceipts(delay = 300): void {
    clearTimeout(this.receiptsTimer);
    this.receiptsTimer = setTimeout(async () => {
      const id = this.current;
      const c = id ? this.convs.get(id) : undefined;
      if (!id || !c || c.kind !== ConversationKind.GROUP || this.client.status !== "online") return;
      const seqs = [...this.box(id).values()]
        .filter((m) => m.senderId === this.me)
        .map((m) => m.seq)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(-100);
      if (seqs.length === 0) return;
      try {
        const receipts = await this.client.getReceipts(id, seqs);
        let reads = this.groupReads.get(id);
        if (!reads) {
          reads = new Map();
          this.groupReads.set(id, reads);
        }
        let changed = false;
        for (const r of receipts) {
          const old = reads.get(r.seq);
          if (!old || old.count !== r.readCount || old.readBy.join() !== r.readBy.join()) changed = true;
          reads.set(r.seq, { count: r.readCount, readBy: r.readBy, listed: r.readersListed });
        }
        if (changed && id === this.current) this.renderMessages(false);
      } catch (err) {
        console.warn("receipts failed", err);
      }
    }, delay);
  }

  /** scheduleRefresh re-reads the first page of the list (names of new groups). */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(async () => {
      try {
        await this.client.whenOnline();
        const res = await this.client.listConversations(200);
        for (const c of res.conversations) this.mergeConversation(c);
      } catch (err) {
        console.warn("refreshing the list failed", err);
      }
    }, 300);
  }

  private async sendText(text: string): Promise<void> {
    const id = this.current;
    const c = id ? this.convs.get(id) : undefined;
    if (!id || !c || !text.trim()) return;
    await this.sendContent(c, text);
  }

  private async sendContent(c: Conversation, label: string, media?: { url: string; kind: MediaKind; name: string }): Promise<void> {
    const p: PendingSend = { id: randomId(24), conv: c.id, text: label, media };
    this.pending.set(p.id, p);
    this.renderMessages("bottom");
    await this.trySend(p);
  }

  /** trySend sends a pending message (again: under the same id, so it is stored once). */
  private async trySend(p: PendingSend): Promise<void> {
    const c = this.convs.get(p.conv);
    if (!c) return;
    p.failed = undefined;
    const target = c.kind === ConversationKind.DIRECT && c.peerUserId ? { toUserId: c.peerUserId } : { conversationId: c.id };
    const media = p.media;
    try {
      await this.client.send({
        ...target,
        clientMsgId: p.id,
        ...(media
          ? { content: { body: { case: "media" as const, value: { url: media.url, kind: media.kind, name: media.name } } } }
          : { text: p.text }),
      });
      this.pending.delete(p.id);
    } catch (err) {
      p.failed = errorText(err);
      this.fail(err);
    }
    if (c.id === this.current) this.renderMessages("auto");
  }

  // --- the chat pane ----------------------------------------------------

  private renderChat(): void {
    const id = this.current;
    if (!id) {
      this.chatEl.replaceChildren(h("div", { class: "placeholder" }, h("div", { class: "logo" }, "Chorus"), h("p", {}, "Pick a conversation, or start a new one.")));
      return;
    }
    const c = this.convs.get(id);
    const gone = c?.kind === ConversationKind.GROUP && (c.left || c.dissolved);
    this.chatBody.replaceChildren(this.messagesEl, ...(this.panel ? [this.panel.el] : []));
    const { attachForm, composer } = buildComposer({
      sendText: (text) => void this.sendText(text),
      sendMedia: (label, media) => {
        const conv = this.current ? this.convs.get(this.current) : undefined;
        if (conv) void this.sendContent(conv, label, media);
      },
      toast: (text) => this.toast(text),
    });
    if (gone && c) this.chatEl.replaceChildren(this.headerEl, this.chatBody, h("div", { class: "composer gone", "data-testid": "chat-left" }, this.goneText(c)));
    else this.chatEl.replaceChildren(this.headerEl, this.chatBody, attachForm, composer);
    this.renderHeader();
    this.renderMessages("bottom");
  }

  /** goneText says why this user can no longer write in a group. */
  private goneText(c: Conversation): string {
    if (c.dissolved) return "This group was dissolved. Its history stays; nothing can change in it.";
    const b = c.lastMessage?.content?.body;
    if (b?.case === "groupEvent") {
      const e = b.value;
      if (e.kind === GroupEvent_Kind.MEMBER_LEFT && e.actorId === this.me) return "You left this group.";
      if (e.kind === GroupEvent_Kind.MEMBERS_REMOVED && e.userIds.includes(this.me)) {
        return e.actorId ? `${this.profiles.name(e.actorId)} removed you from this group.` : "You were removed from this group.";
      }
    }
    if (this.leftHere.has(c.id)) return "You left this group.";
    return "You are no longer a member of this group.";
  }

  private renderHeader(): void {
    const c = this.current ? this.convs.get(this.current) : undefined;
    if (!c) return;
    const isGroup = c.kind === ConversationKind.GROUP;
    const t = title(c, (id) => this.profiles.name(id));
    let sub = "";
    if (isGroup) sub = `${c.memberCount || "?"} members${c.dissolved ? " · dissolved" : c.left ? " · not a member" : ""}`;
    else if (c.kind === ConversationKind.DIRECT) sub = c.peerUserId;
    const parts: (Node | false)[] = [
      h("button", { class: "ghost back", "data-testid": "back", title: "Back", onclick: () => this.close() }, "‹"),
      this.convAvatar(c, t, "chat-avatar"),
      h("div", { class: "chat-heading" }, h("h2", { "data-testid": "chat-title" }, t), h("span", { class: "sub" }, sub)),
      isGroup &&
        h(
          "button",
          { class: `ghost${this.panel ? " on" : ""}`, "data-testid": "group-info", "aria-expanded": this.panel ? "true" : "false", onclick: () => this.togglePanel() },
          "Members",
        ),
    ];
    this.headerEl.replaceChildren(...parts.filter((p): p is Node => p !== false));
  }

  /**
   * renderMessages rebuilds the open chat's messages. scroll: "bottom"
   * jumps to the newest, "auto" follows only when already at the bottom,
   * "keep" holds the view still while older messages come in above, false
   * leaves the scroll position.
   */
  private renderMessages(scroll: "bottom" | "auto" | "keep" | false): void {
    const id = this.current;
    if (!id) return;
    const el = this.messagesEl;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    const fromBottom = el.scrollHeight - el.scrollTop;
    const c = this.convs.get(id);
    const isGroup = c?.kind === ConversationKind.GROUP;
    const list = [...this.box(id).values()].sort((a, b) => (a.seq < b.seq ? -1 : 1));
    const nodes: Node[] = [];
    const hist = this.history.get(id);
    if (hist?.loaded && hist.more) nodes.push(h("div", { class: "more" }, hist.loading ? "Loading…" : "Scroll up for older messages"));
    let lastDay = "";
    let prevSender = "";
    for (const m of list) {
      const day = new Date(Number(m.serverTimeMs)).toDateString();
      if (day !== lastDay) {
        lastDay = day;
        nodes.push(h("div", { class: "day" }, new Date(Number(m.serverTimeMs)).toLocaleDateString([], { weekday: "short", month: "short", day: "numeric" })));
        prevSender = "";
      }
      nodes.push(renderMessage(this.view, m, c, isGroup && m.senderId !== prevSender));
      prevSender = m.content?.body.case === "groupEvent" ? "" : m.senderId;
    }
    for (const p of this.pending.values()) {
      if (p.conv !== id) continue;
      const actions = p.failed
        ? [
            h("button", { type: "button", class: "linkish", "data-testid": "message-retry", onclick: () => void this.retry(p) }, "Retry"),
            h("button", { type: "button", class: "linkish", "data-testid": "message-discard", onclick: () => this.discard(p) }, "Discard"),
          ]
        : [];
      nodes.push(
        h(
          "div",
          { class: `message mine pending${p.failed ? " failed" : ""}`, "data-testid": "message-pending" },
          h(
            "div",
            { class: "bubble" },
            h("div", { class: "text" }, p.text),
            h("div", { class: "meta" }, h("span", {}, p.failed ? `Not sent: ${p.failed}` : "sending…"), ...actions),
          ),
        ),
      );
    }
    if (list.length === 0 && nodes.length === 0) nodes.push(h("div", { class: "empty-chat" }, hist?.loaded ? "No messages yet. Say hello!" : "Loading…"));
    el.replaceChildren(...nodes);
    if (scroll === "bottom" || (scroll === "auto" && atBottom)) el.scrollTop = el.scrollHeight;
    else if (scroll === "keep") el.scrollTop = el.scrollHeight - fromBottom;
  }

  private async retry(p: PendingSend): Promise<void> {
    this.renderMessages(false);
    await this.trySend(p);
  }

  private discard(p: PendingSend): void {
    this.pending.delete(p.id);
    this.renderMessages(false);
  }
}
