// The chat screen: the conversation list on the left, the open chat on the
// right (one pane at a time on phones). State lives here; the DOM is
// rebuilt from it in small pieces (the list, the messages, the header).
import {
  ChorusClient,
  ChorusError,
  ConversationKind,
  ConversationSchema,
  MediaKind,
  create,
  randomId,
  type Conversation,
  type Message,
  type Status,
} from "../lib/index";
import { h, httpURL, isImageURL } from "./dom";
import { directId, groupEventText, previewText, shortTime, title } from "./format";

interface History {
  oldest: bigint; // lowest seq loaded (0: nothing loaded yet)
  more: boolean; // older messages exist
  loading: boolean;
  loaded: boolean;
}

interface PendingSend {
  id: string;
  conv: string;
  text: string;
  failed?: string;
}

const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);

export class ChatApp {
  private convs = new Map<string, Conversation>();
  private msgs = new Map<string, Map<bigint, Message>>();
  private history = new Map<string, History>();
  private pending = new Map<string, PendingSend>();
  private groupReads = new Map<string, Map<bigint, number>>(); // conv -> seq -> read count
  private current: string | null = null;
  private readTimer?: ReturnType<typeof setTimeout>;
  private receiptsTimer?: ReturnType<typeof setTimeout>;
  private pollTimer?: ReturnType<typeof setInterval>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private unlisten: (() => void)[] = []; // removes the client and document listeners

  // Elements that are re-rendered.
  private root: HTMLElement;
  private statusEl = h("span", { class: "status offline", "data-testid": "connection-status" }, "offline");
  private listEl = h("ul", { class: "conv-list" });
  private chatEl = h("main", { class: "chat" });
  private messagesEl = h("div", { class: "messages" });
  private headerEl = h("header", { class: "chat-header" });
  private toastEl = h("div", { class: "toast", role: "status" });

  constructor(
    root: HTMLElement,
    private client: ChorusClient,
    private me: string,
    private signOut: () => void,
  ) {
    this.root = root;
    this.buildShell();
    const on = this.unlisten;
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
      if (!this.me) {
        this.me = a.userId;
        this.root.querySelector("[data-testid=me]")!.textContent = a.userId;
        this.root.querySelector(".me-avatar")!.textContent = initials(a.userId);
      }
    }));
    on.push(client.on("stopped", (s) => this.toast(`Disconnected: ${s.reason || s.code}. Sign in again.`)));
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
    clearInterval(this.pollTimer);
    clearTimeout(this.readTimer);
    clearTimeout(this.receiptsTimer);
    clearTimeout(this.refreshTimer);
  }

  // --- the shell --------------------------------------------------------

  private buildShell(): void {
    const newChatUser = h("input", { "data-testid": "new-chat-user", placeholder: "User id", autocomplete: "off", required: true });
    const newChatForm = h(
      "form",
      {
        class: "panel hidden",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          const peer = newChatUser.value.trim();
          if (!peer) return;
          newChatUser.value = "";
          newChatForm.classList.add("hidden");
          this.openDirect(peer);
        },
      },
      newChatUser,
      h("button", { type: "submit", "data-testid": "new-chat-submit" }, "Chat"),
    );
    const gid = h("input", { "data-testid": "new-group-id", placeholder: "Group id (e.g. team)", autocomplete: "off" });
    const gname = h("input", { "data-testid": "new-group-name", placeholder: "Name", autocomplete: "off" });
    const gmembers = h("input", { "data-testid": "new-group-members", placeholder: "Members: bob, carol", autocomplete: "off" });
    const newGroupForm = h(
      "form",
      {
        class: "panel hidden",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          const ids = gmembers.value.split(/[\s,]+/).filter(Boolean);
          void this.createGroup(gid.value.trim(), gname.value.trim(), ids).then((ok) => {
            if (!ok) return;
            gid.value = gname.value = gmembers.value = "";
            newGroupForm.classList.add("hidden");
          });
        },
      },
      gid,
      gname,
      gmembers,
      h("button", { type: "submit", "data-testid": "new-group-submit" }, "Create group"),
    );
    const toggle = (form: HTMLElement, other: HTMLElement) => () => {
      other.classList.add("hidden");
      form.classList.toggle("hidden");
      form.querySelector("input")?.focus();
    };
    const sidebar = h(
      "aside",
      { class: "sidebar" },
      h(
        "header",
        { class: "side-header" },
        h("div", { class: "avatar me-avatar" }, initials(this.me || "?")),
        h("div", { class: "who" }, h("span", { class: "me", "data-testid": "me" }, this.me), this.statusEl),
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
    this.root.replaceChildren(h("div", { class: "app" }, sidebar, this.chatEl, this.toastEl));
    this.renderChat();
    this.renderList();
  }

  private setStatus(s: Status): void {
    this.statusEl.textContent = s;
    this.statusEl.className = `status ${s}`;
  }

  private toast(text: string): void {
    this.toastEl.textContent = text;
    this.toastEl.classList.add("show");
    setTimeout(() => this.toastEl.classList.remove("show"), 4000);
  }

  private fail(err: unknown): void {
    console.warn(err);
    this.toast(err instanceof ChorusError ? err.message : String(err));
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
    }
    this.convs.set(c.id, c);
    this.renderList();
    if (c.id === this.current) {
      this.renderHeader();
      this.renderMessages(false);
    }
  }

  private unread(c: Conversation): bigint {
    return c.lastSeq > c.readSeq ? c.lastSeq - c.readSeq : 0n;
  }

  private sorted(): Conversation[] {
    return [...this.convs.values()].sort((a, b) => {
      if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
      if (a.updatedAtMs !== b.updatedAtMs) return a.updatedAtMs > b.updatedAtMs ? -1 : 1;
      return a.id < b.id ? -1 : 1;
    });
  }

  private renderList(): void {
    const items = this.sorted().map((c) => {
      const unread = this.unread(c);
      const mentions = unread > 0n ? c.mentionCount : 0n;
      const t = title(c);
      return h(
        "li",
        {
          class: `conv-item${c.id === this.current ? " active" : ""}`,
          "data-testid": "conv-item",
          "data-conv-id": c.id,
          onclick: () => this.open(c.id),
        },
        h("div", { class: `avatar${c.kind === ConversationKind.GROUP ? " group" : ""}` }, initials(t)),
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
            h("span", { class: "conv-last", "data-testid": "conv-last" }, previewText(c.lastMessage)),
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
  }

  // --- opening chats ----------------------------------------------------

  private openDirect(peer: string): void {
    if (peer === this.me) {
      this.toast("That is you.");
      return;
    }
    const id = directId(this.me, peer);
    if (!this.convs.has(id)) {
      this.convs.set(id, create(ConversationSchema, { id, kind: ConversationKind.DIRECT, peerUserId: peer, updatedAtMs: BigInt(Date.now()) }));
      this.history.set(id, { oldest: 0n, more: false, loading: false, loaded: true });
    }
    this.open(id);
  }

  private async createGroup(groupId: string, name: string, members: string[]): Promise<boolean> {
    try {
      const g = await this.client.createGroup(groupId, name, members);
      if (!g) return false;
      const id = g.conversationId;
      if (!this.convs.has(id)) {
        this.convs.set(
          id,
          create(ConversationSchema, { id, kind: ConversationKind.GROUP, name: g.name, memberCount: g.memberCount, updatedAtMs: g.updatedAtMs }),
        );
      }
      this.open(id);
      this.scheduleRefresh();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  private open(id: string): void {
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
    this.current = null;
    document.body.classList.remove("has-chat");
    this.renderChat();
    this.renderList();
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
    if (m.content?.body.case === "groupEvent") this.scheduleRefresh(); // name, members
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
          if (reads.get(r.seq) !== r.readCount) changed = true;
          reads.set(r.seq, r.readCount);
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
    const p: PendingSend = { id: randomId(24), conv: c.id, text: label };
    this.pending.set(p.id, p);
    this.renderMessages("bottom");
    const target = c.kind === ConversationKind.DIRECT && c.peerUserId ? { toUserId: c.peerUserId } : { conversationId: c.id };
    try {
      await this.client.send({
        ...target,
        clientMsgId: p.id,
        ...(media
          ? { content: { body: { case: "media" as const, value: { url: media.url, kind: media.kind, name: media.name } } } }
          : { text: label }),
      });
      this.pending.delete(p.id);
    } catch (err) {
      p.failed = err instanceof ChorusError ? err.codeName : String(err);
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
    const input = h("input", {
      class: "composer-input",
      "data-testid": "composer-input",
      placeholder: "Message",
      autocomplete: "off",
      enterkeyhint: "send",
    });
    const send = () => {
      const text = input.value;
      if (!text.trim()) return;
      input.value = "";
      void this.sendText(text);
    };
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        send();
      }
    });
    const attachURL = h("input", { "data-testid": "attach-url", placeholder: "https://… link to an image or file", autocomplete: "off" });
    const attachKind = h("select", { "data-testid": "attach-kind" }, h("option", { value: "image" }, "Image"), h("option", { value: "file" }, "File"));
    const attachForm = h(
      "form",
      {
        class: "panel attach hidden",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          const url = httpURL(attachURL.value);
          const c = this.current ? this.convs.get(this.current) : undefined;
          if (!url || !c) {
            this.toast("Enter an http(s) link.");
            return;
          }
          const kind = attachKind.value === "image" ? MediaKind.IMAGE : MediaKind.FILE;
          const raw = new URL(url).pathname.split("/").pop() || url;
          let name = raw;
          try {
            name = decodeURIComponent(raw);
          } catch {
            // a malformed % sequence: show the name as it is
          }
          attachURL.value = "";
          attachForm.classList.add("hidden");
          void this.sendContent(c, `[${kind === MediaKind.IMAGE ? "Image" : "File"}] ${name}`, { url, kind, name });
        },
      },
      attachURL,
      attachKind,
      h("button", { type: "submit", "data-testid": "attach-send" }, "Send link"),
    );
    this.chatEl.replaceChildren(
      this.headerEl,
      this.messagesEl,
      attachForm,
      h(
        "form",
        {
          class: "composer",
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            send();
          },
        },
        h(
          "button",
          {
            type: "button",
            class: "ghost attach-btn",
            title: "Attach a link to media",
            "data-testid": "attach",
            onclick: () => {
              attachForm.classList.toggle("hidden");
              attachURL.focus();
            },
          },
          "Link",
        ),
        input,
        h("button", { type: "submit", class: "send", "data-testid": "composer-send" }, "Send"),
      ),
    );
    this.renderHeader();
    this.renderMessages("bottom");
  }

  private renderHeader(): void {
    const c = this.current ? this.convs.get(this.current) : undefined;
    if (!c) return;
    const isGroup = c.kind === ConversationKind.GROUP;
    const sub = isGroup ? `${c.memberCount || "?"} members${c.left ? " · you left" : ""}${c.dissolved ? " · dissolved" : ""}` : c.kind === ConversationKind.DIRECT ? "direct chat" : "";
    const addUser = h("input", { "data-testid": "add-member-user", placeholder: "User id to add", autocomplete: "off" });
    const addForm = h(
      "form",
      {
        class: "panel inline hidden",
        onsubmit: async (ev: Event) => {
          ev.preventDefault();
          const users = addUser.value.split(/[\s,]+/).filter(Boolean);
          if (users.length === 0) return;
          try {
            await this.client.addMembers(c.id.replace(/^g:/, ""), users);
            addUser.value = "";
            addForm.classList.add("hidden");
            this.scheduleRefresh();
          } catch (err) {
            this.fail(err);
          }
        },
      },
      addUser,
      h("button", { type: "submit", "data-testid": "add-member-submit" }, "Add"),
    );
    const parts: (Node | false)[] = [
      h("button", { class: "ghost back", "data-testid": "back", title: "Back", onclick: () => this.close() }, "‹"),
      h("div", { class: `avatar${isGroup ? " group" : ""}` }, initials(title(c))),
      h("div", { class: "chat-heading" }, h("h2", { "data-testid": "chat-title" }, title(c)), h("span", { class: "sub" }, sub)),
      isGroup &&
        h(
          "button",
          {
            class: "ghost",
            "data-testid": "add-member",
            onclick: () => {
              addForm.classList.toggle("hidden");
              addUser.focus();
            },
          },
          "+ Add member",
        ),
      isGroup && addForm,
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
      nodes.push(this.renderMessage(m, c, isGroup && m.senderId !== prevSender));
      prevSender = m.content?.body.case === "groupEvent" ? "" : m.senderId;
    }
    for (const p of this.pending.values()) {
      if (p.conv !== id) continue;
      nodes.push(
        h(
          "div",
          { class: `message mine pending${p.failed ? " failed" : ""}`, "data-testid": "message-pending" },
          h("div", { class: "bubble" }, h("div", { class: "text" }, p.text), h("div", { class: "meta" }, p.failed ? `failed: ${p.failed}` : "sending…")),
        ),
      );
    }
    if (list.length === 0 && nodes.length === 0) nodes.push(h("div", { class: "empty-chat" }, hist?.loaded ? "No messages yet. Say hello!" : "Loading…"));
    el.replaceChildren(...nodes);
    if (scroll === "bottom" || (scroll === "auto" && atBottom)) el.scrollTop = el.scrollHeight;
    else if (scroll === "keep") el.scrollTop = el.scrollHeight - fromBottom;
  }

  private renderMessage(m: Message, c: Conversation | undefined, showSender: boolean): HTMLElement {
    const attrs = { "data-testid": "message", "data-seq": String(m.seq), "data-conv-id": m.conversationId };
    const b = m.content?.body;
    if (b?.case === "groupEvent") {
      return h("div", { ...attrs, class: "message system" }, h("span", { "data-testid": "message-text" }, groupEventText(b.value)));
    }
    const mine = m.senderId === this.me;
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
      body = document.createTextNode(previewText(m) || "[unsupported message]");
    }
    return h(
      "div",
      { ...attrs, class: `message${mine ? " mine" : ""}`, "data-mine": mine ? "true" : undefined },
      h(
        "div",
        { class: "bubble" },
        showSender && !mine && h("div", { class: "sender" }, m.senderId),
        extra,
        h("div", { class: "text", "data-testid": "message-text" }, body),
        h(
          "div",
          { class: "meta" },
          h("span", { class: "time" }, shortTime(m.serverTimeMs)),
          mine && h("span", { class: "msg-status", "data-testid": "message-status" }, this.statusOf(m, c)),
        ),
      ),
    );
  }

  private statusOf(m: Message, c: Conversation | undefined): string {
    if (!c) return "sent";
    if (c.kind === ConversationKind.GROUP) {
      const n = this.groupReads.get(c.id)?.get(m.seq) ?? 0;
      return n > 0 ? `read by ${n}` : "sent";
    }
    if (m.seq <= c.peerReadSeq) return "read";
    if (m.seq <= c.peerDeliveredSeq) return "delivered";
    return "sent";
  }
}

export function initials(s: string): string {
  const parts = s.replace(/^[gps]:/, "").split(/[\s._@-]+/).filter(Boolean);
  const t = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? "?").slice(0, 2);
  return t.toUpperCase();
}
