// ChorusClient speaks the Chorus client protocol (docs/PROTOCOL.md) over
// WebSocket with binary protobuf frames: it authenticates, matches replies
// to requests by frame id, pings, and after every drop reconnects and
// catches up so that each message is delivered once and in order.

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  FrameSchema,
  Platform,
  ReceiptSchema,
  type AuthResult,
  type Disconnect,
  type Frame,
  type GetReceiptsResult,
  type GetUsersResult,
  type GroupRequestSchema,
  type GroupResult,
  type ListConversationsResult,
  type ListSessionsResult,
  type MessageReceipt,
  type Notification,
  type PullMessagesRequestSchema,
  type PullMessagesResult,
  type ReadMarkResult,
  type Receipt,
  type SendAck,
  type SessionInfo,
  type SyncConversationsResult,
} from "../gen/chorus/v1/frame_pb";
import {
  ContentSchema,
  MessageSchema,
  type Content,
  type Conversation,
  type Message,
} from "../gen/chorus/v1/message_pb";
import type { Group, GroupMember, JoinPolicy, UserProfile } from "../gen/chorus/v1/message_pb";
import { Emitter } from "./emitter";
import { ChorusError, errTimeout, errUnavailable } from "./errors";

/** Connection status as a chat app shows it. */
export type Status = "connecting" | "online" | "offline";

export interface ClientOptions {
  /** WebSocket URL; default ws(s)://<page host>/ws. */
  url?: string;
  /** The JWT, or a function asked for one before every (re)connect. */
  token: string | (() => string | Promise<string>);
  /** Stable device id; default: one kept in localStorage ("chorus.deviceId"). */
  deviceId?: string;
  /** Sent in auth for the server's logs. */
  clientVersion?: string;
  /** How long a request waits for its reply. Default 15000 ms. */
  requestTimeoutMs?: number;
  /** Reconnect backoff bounds. Default 500 ms to 15000 ms, jittered. */
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Acknowledge delivered messages automatically. Default true. */
  ackDelivered?: boolean;
  /** Another WebSocket implementation (e.g. in Node). */
  WebSocket?: typeof WebSocket;
}

/** Events a ChorusClient emits. */
export interface ClientEvents {
  /** The connection status changed. */
  status: Status;
  /** A message, new to this client, in seq order per conversation (live, caught up after a drop, or sent here). */
  message: Message;
  /**
   * A read or delivered position moved: the peer of a direct chat, or this
   * user elsewhere. Besides the node's pushes, the client emits the one the
   * node does not push: a message from the peer of a direct chat at seq N
   * means the peer has read (and received) up to N, since sending moves the
   * sender's read position. Keep the highest position seen.
   */
  receipt: Receipt;
  /** A conversation entry changed (from a sync or a conversation_update); keep the higher version. markRead's result carries the new positions instead. */
  conversation: Conversation;
  /** The whole list, after the first sync of this client. */
  synced: Conversation[];
  /** A custom notification from the business back end. */
  notification: Notification;
  /** The node announced it is closing the connection. */
  disconnect: Disconnect;
  /**
   * The client stopped for good: the token was rejected or expired, the
   * device was kicked or removed. code is the DisconnectCode (AUTH_FAILED
   * 3501 when auth was answered with an error, which is then in error).
   */
  stopped: { code: number; reason: string; error?: ChorusError };
  /** Authenticated (again). */
  auth: AuthResult;
}

type Body = Frame["body"];
type BodyInit = NonNullable<MessageInitShape<typeof FrameSchema>["body"]>;
type ResultCase = NonNullable<Body["case"]>;

interface Pending {
  expect: ResultCase;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Conn {
  ws: WebSocket;
  nextId: bigint;
  pending: Map<bigint, Pending>;
  lastSent: number;
  pingTimer?: ReturnType<typeof setInterval>;
  openTimer?: ReturnType<typeof setTimeout>;
  disconnect?: Disconnect;
}

const deviceKey = "chorus.deviceId";

/** deviceIdFromStorage returns this browser's device id, creating it once. */
export function deviceIdFromStorage(): string {
  let id: string | null = null;
  try {
    id = globalThis.localStorage?.getItem(deviceKey) ?? null;
  } catch {
    // storage disabled: a fresh id per page load
  }
  if (!id) {
    id = "web-" + randomId(16);
    try {
      globalThis.localStorage?.setItem(deviceKey, id);
    } catch {
      // ignore
    }
  }
  return id;
}

/** randomId returns n characters of [a-z0-9]. */
export function randomId(n = 20): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);
/** temporary: retrying later may succeed (timeouts, drops, an overloaded node). */
const temporary = (err: unknown) => err instanceof ChorusError && err.temporary;

export class ChorusClient extends Emitter<ClientEvents> {
  readonly deviceId: string;
  private opts: Required<Omit<ClientOptions, "url" | "deviceId" | "WebSocket" | "token">> & { url: string };
  private tokenSource: ClientOptions["token"];
  private WS: typeof WebSocket;

  private conn: Conn | null = null;
  private gen = 0; // bumps for every socket; events of older ones are ignored
  private wanted = false; // connect() called and not close()d or stopped
  private browserOffline = false;
  private attempt = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private _status: Status = "offline";
  private _auth: AuthResult | null = null;
  private onlineWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  // Catching up: the list version of the last complete catch-up, and per
  // conversation the highest seq handed out without a gap. Work on one
  // conversation is chained so its messages come out in order. needPull
  // holds the conversations whose pull failed: the next catch-up pulls
  // them to the newest message. Pushes that come before the first sync
  // wait in early: the sync tells where each conversation stands.
  private version = 0n;
  private initialSynced = false;
  private held = new Map<string, bigint>();
  private chains = new Map<string, Promise<void>>();
  private needPull = new Set<string>();
  private early: Message[] = [];
  private ackTimer?: ReturnType<typeof setTimeout>;
  private acks = new Map<string, bigint>();
  private removeWindowListeners?: () => void;

  constructor(options: ClientOptions) {
    super();
    const loc = globalThis.location;
    const defaultURL = loc ? `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/ws` : "ws://127.0.0.1:8080/ws";
    this.opts = {
      url: options.url ?? defaultURL,
      clientVersion: options.clientVersion ?? "chorus-web/0.1",
      requestTimeoutMs: options.requestTimeoutMs ?? 15000,
      minReconnectDelayMs: options.minReconnectDelayMs ?? 500,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 15000,
      ackDelivered: options.ackDelivered ?? true,
    };
    this.tokenSource = options.token;
    this.deviceId = options.deviceId ?? deviceIdFromStorage();
    this.WS = options.WebSocket ?? globalThis.WebSocket;
  }

  /** The connection status. */
  get status(): Status {
    return this._status;
  }

  /** The signed-in user, once authenticated. */
  get userId(): string {
    return this._auth?.userId ?? "";
  }

  /** The last auth result. */
  get authResult(): AuthResult | null {
    return this._auth;
  }

  /**
   * connect starts connecting and keeps the client connected until close
   * or a "do not reconnect" disconnect. It resolves once online (caught
   * up) for the first time and rejects if the client stops before.
   */
  connect(): Promise<void> {
    if (!this.wanted) {
      this.wanted = true;
      this.listenToWindow();
      this.browserOffline = globalThis.navigator?.onLine === false;
      if (this.browserOffline) this.setStatus("offline");
      else this.open();
    }
    return this.whenOnline();
  }

  /** close disconnects and stops reconnecting. */
  close(): void {
    this.wanted = false;
    this.removeWindowListeners?.();
    this.removeWindowListeners = undefined;
    clearTimeout(this.reconnectTimer);
    this.dropSocket("closed by the client");
    this.setStatus("offline");
    this.failWaiters(errUnavailable("the client was closed"));
  }

  /** whenOnline resolves when the client is online and caught up. */
  whenOnline(): Promise<void> {
    if (this._status === "online") return Promise.resolve();
    if (!this.wanted) return Promise.reject(errUnavailable("the client is not connecting"));
    return new Promise((resolve, reject) => this.onlineWaiters.push({ resolve, reject }));
  }

  // --- requests ---------------------------------------------------------

  /**
   * send sends a message and resolves with its position once durable.
   * It retries with the same clientMsgId after timeouts, temporary errors
   * and drops (waiting to be online again), so the message is stored once.
   */
  async send(req: {
    conversationId?: string;
    toUserId?: string;
    text?: string;
    content?: MessageInitShape<typeof ContentSchema>;
    clientMsgId?: string;
    mentionUserIds?: string[];
    mentionAll?: boolean;
    attempts?: number;
  }): Promise<SendAck> {
    const clientMsgId = req.clientMsgId ?? randomId(24);
    const content = create(ContentSchema, req.content ?? { body: { case: "text", value: { text: req.text ?? "" } } });
    const attempts = req.attempts ?? 8;
    for (let i = 1; ; i++) {
      try {
        await this.whenOnline();
        const ack = (await this.rpc(
          {
            case: "send",
            value: {
              conversationId: req.conversationId ?? "",
              toUserId: req.toUserId ?? "",
              clientMsgId,
              content,
              mentionUserIds: req.mentionUserIds ?? [],
              mentionAll: req.mentionAll ?? false,
            },
          },
          "sendAck",
        )) as SendAck;
        const msg = create(MessageSchema, {
          id: ack.messageId,
          conversationId: ack.conversationId,
          seq: ack.seq,
          senderId: this.userId,
          clientMsgId,
          serverTimeMs: ack.serverTimeMs,
          content,
          mentionUserIds: req.mentionUserIds ?? [],
          mentionAll: req.mentionAll ?? false,
        });
        this.acceptLater(msg);
        return ack;
      } catch (err) {
        if (!(err instanceof ChorusError) || !err.temporary || i >= attempts || !this.wanted) throw err;
        await sleep(Math.min(250 * 2 ** i, 5000) * (0.5 + Math.random() / 2));
      }
    }
  }

  /** pull reads one page of a conversation's messages. */
  pull(req: MessageInitShape<typeof PullMessagesRequestSchema>): Promise<PullMessagesResult> {
    return this.rpc({ case: "pullMessages", value: req }, "pullMessagesResult") as Promise<PullMessagesResult>;
  }

  /** listConversations reads one page of the list, pinned first, then by activity. */
  listConversations(limit = 50, cursor = ""): Promise<ListConversationsResult> {
    return this.rpc({ case: "listConversations", value: { limit, cursor } }, "listConversationsResult") as Promise<ListConversationsResult>;
  }

  /** syncConversations reads every entry changed after sinceVersion, all pages. */
  async syncConversations(sinceVersion: bigint): Promise<{ conversations: Conversation[]; version: bigint }> {
    const conversations: Conversation[] = [];
    let version = sinceVersion;
    for (;;) {
      const res = (await this.rpc(
        { case: "syncConversations", value: { sinceVersion: version, limit: 500 } },
        "syncConversationsResult",
      )) as SyncConversationsResult;
      conversations.push(...res.conversations);
      version = maxBig(version, res.version);
      if (!res.hasMore) return { conversations, version };
    }
  }

  /** markRead moves this user's read position in a conversation up to seq. */
  async markRead(conversationId: string, seq: bigint): Promise<ReadMarkResult> {
    return (await this.rpc({ case: "readMark", value: { conversationId, seq } }, "readMarkResult")) as ReadMarkResult;
  }

  /** ackDelivered tells the node that messages up to seq reached this device (no reply). */
  ackDelivered(conversationId: string, seq: bigint): void {
    this.write({ case: "deliveryAck", value: { conversationId, seq } });
  }

  /** getReceipts reads read and delivered counts of up to 100 messages. */
  async getReceipts(conversationId: string, seqs: bigint[]): Promise<MessageReceipt[]> {
    const res = (await this.rpc({ case: "getReceipts", value: { conversationId, seqs } }, "receiptsResult")) as GetReceiptsResult;
    return res.receipts;
  }

  /** setSettings pins or mutes a conversation for this user. */
  async setSettings(conversationId: string, s: { pinned?: boolean; muted?: boolean }): Promise<Conversation | undefined> {
    const res = (await this.rpc({ case: "conversationSettings", value: { conversationId, ...s } }, "conversationSettingsResult")) as {
      conversation?: Conversation;
    };
    return res.conversation;
  }

  /** group runs one group operation; the result has the same op set. */
  group(op: NonNullable<MessageInitShape<typeof GroupRequestSchema>["op"]>): Promise<GroupResult> {
    return this.rpc({ case: "group", value: { op } }, "groupResult") as Promise<GroupResult>;
  }

  /**
   * getUsers reads the profiles (id, name, avatar) of users, in the order
   * asked; ids with no user are left out, so it also tells whether a user
   * exists. More than 100 ids are asked for in several requests.
   */
  async getUsers(userIds: string[]): Promise<UserProfile[]> {
    const ids = [...new Set(userIds)];
    const out: UserProfile[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const res = (await this.rpc({ case: "getUsers", value: { userIds: ids.slice(i, i + 100) } }, "getUsersResult")) as GetUsersResult;
      out.push(...res.users);
    }
    return out;
  }

  /**
   * createGroup creates a group with this user as its owner. An empty
   * groupId lets the node pick one; the group's conversation is
   * g:<group.id>.
   */
  async createGroup(groupId: string, name: string, memberIds: string[]): Promise<Group | undefined> {
    const r = await this.group({ case: "create", value: { groupId, name, memberIds } });
    return r.op.case === "create" ? r.op.value.group : undefined;
  }

  /** updateGroup changes a group's name, avatar, attributes, join policy or mute (admins and the owner). */
  async updateGroup(
    groupId: string,
    change: { name?: string; avatarUrl?: string; attributes?: Record<string, string>; replaceAttributes?: boolean; joinPolicy?: JoinPolicy; muted?: boolean },
  ): Promise<Group | undefined> {
    const r = await this.group({ case: "update", value: { ...change, groupId } });
    return r.op.case === "update" ? r.op.value.group : undefined;
  }

  async addMembers(groupId: string, userIds: string[]): Promise<string[]> {
    const r = await this.group({ case: "addMembers", value: { groupId, userIds } });
    return r.op.case === "addMembers" ? r.op.value.addedUserIds : [];
  }

  async removeMembers(groupId: string, userIds: string[]): Promise<string[]> {
    const r = await this.group({ case: "removeMembers", value: { groupId, userIds } });
    return r.op.case === "removeMembers" ? r.op.value.removedUserIds : [];
  }

  async leaveGroup(groupId: string): Promise<void> {
    await this.group({ case: "leave", value: { groupId } });
  }

  async getGroup(groupId: string): Promise<Group | undefined> {
    const r = await this.group({ case: "get", value: { groupId } });
    return r.op.case === "get" ? r.op.value.group : undefined;
  }

  async listMembers(groupId: string, afterUserId = "", limit = 100): Promise<{ members: GroupMember[]; next: string }> {
    const r = await this.group({ case: "listMembers", value: { groupId, afterUserId, limit } });
    return r.op.case === "listMembers" ? { members: r.op.value.members, next: r.op.value.nextAfterUserId } : { members: [], next: "" };
  }

  /** listSessions lists this user's online sessions on the node. */
  async listSessions(): Promise<SessionInfo[]> {
    return ((await this.rpc({ case: "listSessions", value: {} }, "listSessionsResult")) as ListSessionsResult).sessions;
  }

  /** kickDevice signs one of this user's devices out. */
  async kickDevice(deviceId: string, reason = ""): Promise<number> {
    const r = (await this.rpc({ case: "kickDevice", value: { deviceId, reason } }, "kickDeviceResult")) as { sessionsClosed: number };
    return r.sessionsClosed;
  }

  /** rpc sends a request and waits for the reply of the expected case. */
  rpc(body: BodyInit, expect: ResultCase, timeoutMs = this.opts.requestTimeoutMs): Promise<unknown> {
    const c = this.conn;
    if (!c || c.ws.readyState !== 1) return Promise.reject(errUnavailable("not connected"));
    const id = c.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        c.pending.delete(id);
        reject(errTimeout());
      }, timeoutMs);
      c.pending.set(id, { expect, resolve, reject, timer });
      this.writeOn(c, id, body);
    });
  }

  // --- the connection ---------------------------------------------------

  private write(body: BodyInit): void {
    const c = this.conn;
    if (c && c.ws.readyState === 1) this.writeOn(c, 0n, body);
  }

  private writeOn(c: Conn, id: bigint, body: BodyInit): void {
    c.ws.send(toBinary(FrameSchema, create(FrameSchema, { id, body })));
    c.lastSent = Date.now();
  }

  private open(): void {
    clearTimeout(this.reconnectTimer);
    this.dropSocket("reconnecting");
    const gen = ++this.gen;
    this.setStatus("connecting");
    let ws: WebSocket;
    try {
      ws = new this.WS(this.opts.url, ["chorus.v1.proto"]);
    } catch (err) {
      console.error("chorus: cannot open WebSocket", err);
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = "arraybuffer";
    const c: Conn = { ws, nextId: 1n, pending: new Map(), lastSent: Date.now() };
    this.conn = c;
    // A socket that neither opens nor fails (a black-holed address) would
    // keep the client "connecting" for the browser's whole TCP timeout.
    c.openTimer = setTimeout(() => {
      if (gen !== this.gen) return;
      this.dropSocket("opening the connection timed out");
      if (this.wanted && !this.browserOffline) this.scheduleReconnect();
    }, this.opts.requestTimeoutMs);
    ws.onopen = () => {
      clearTimeout(c.openTimer);
      if (gen === this.gen) void this.authenticate(c, gen);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (gen !== this.gen || !(ev.data instanceof ArrayBuffer)) return;
      let f: Frame;
      try {
        f = fromBinary(FrameSchema, new Uint8Array(ev.data));
      } catch (err) {
        console.error("chorus: undecodable frame", err);
        return;
      }
      this.handle(c, f);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (gen === this.gen) this.closed(c, ev.code, ev.reason);
    };
  }

  private async authenticate(c: Conn, gen: number): Promise<void> {
    try {
      const token = typeof this.tokenSource === "function" ? await this.tokenSource() : this.tokenSource;
      if (gen !== this.gen) return;
      const res = (await this.rpc(
        { case: "auth", value: { token, deviceId: this.deviceId, platform: Platform.WEB, clientVersion: this.opts.clientVersion } },
        "authResult",
      )) as AuthResult;
      if (gen !== this.gen) return;
      this._auth = res;
      this.attempt = 0;
      this.startPing(c, res.pingIntervalMs || 25000);
      this.emit("auth", res);
      await this.catchUp();
      if (gen !== this.gen) return;
      // A push whose gap could not be pulled while catching up: not online
      // with that gap open.
      if (this.needPull.size > 0) throw errUnavailable("catching up failed");
      this.setStatus("online");
      const waiters = this.onlineWaiters.splice(0);
      for (const w of waiters) w.resolve();
    } catch (err) {
      if (gen !== this.gen) return;
      if (err instanceof ChorusError && !err.temporary && (err.codeName.startsWith("TOKEN_") || err.codeName === "INVALID_ARGUMENT")) {
        this.stop(3501, err.detail, err);
        return;
      }
      console.warn("chorus: connecting failed, retrying", err);
      // Do not wait for the socket's close: on a half-open connection it
      // may take minutes.
      if (this.conn === c) {
        this.dropSocket("connecting failed");
        if (this.wanted && !this.browserOffline) this.scheduleReconnect();
      }
    }
  }

  private handle(c: Conn, f: Frame): void {
    const body = f.body;
    if (f.id !== 0n) {
      const p = c.pending.get(f.id);
      if (!p) return;
      c.pending.delete(f.id);
      clearTimeout(p.timer);
      if (body.case === "error") p.reject(ChorusError.fromFrame(body.value));
      else if (body.case === p.expect) p.resolve(body.value);
      else p.reject(new ChorusError(1002, `unexpected reply ${body.case}`, false));
      return;
    }
    switch (body.case) {
      case "deliver": {
        const m = body.value.message;
        if (!m) break;
        // Before the first sync, held positions mean nothing yet: a push
        // would pull the whole history as new. Keep it for after the sync.
        if (this.initialSynced) this.acceptLater(m);
        else this.early.push(m);
        break;
      }
      case "receipt":
        this.emit("receipt", body.value);
        break;
      case "conversationUpdate":
        if (body.value.conversation) this.emit("conversation", body.value.conversation);
        break;
      case "notification":
        this.emit("notification", body.value);
        break;
      case "disconnect":
        c.disconnect = body.value;
        this.emit("disconnect", body.value);
        break;
      case "error":
        console.warn("chorus: error from the node", body.value.message);
        break;
    }
  }

  private closed(c: Conn, code: number, reason: string): void {
    this.dropSocket("connection closed");
    const d = c.disconnect;
    const reconnect = d ? d.reconnect : !(code >= 3500 && code <= 3999);
    if (!reconnect) {
      this.stop(d?.code ?? code, d?.reason ?? reason);
      return;
    }
    if (!this.wanted) return;
    if (this.browserOffline) {
      this.setStatus("offline");
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.attempt++;
    const max = Math.min(this.opts.maxReconnectDelayMs, this.opts.minReconnectDelayMs * 2 ** (this.attempt - 1));
    const delay = max / 2 + (Math.random() * max) / 2;
    this.setStatus("connecting");
    this.reconnectTimer = setTimeout(() => {
      if (this.wanted && !this.browserOffline) this.open();
    }, delay);
  }

  /** stop gives up for good (the token was rejected, kicked, removed). */
  private stop(code: number, reason: string, error?: ChorusError): void {
    this.wanted = false;
    this.removeWindowListeners?.();
    this.removeWindowListeners = undefined;
    clearTimeout(this.reconnectTimer);
    this.dropSocket(reason || "stopped");
    this.setStatus("offline");
    this.failWaiters(errUnavailable(reason || "stopped"));
    this.emit("stopped", error ? { code, reason, error } : { code, reason });
  }

  /** dropSocket forgets the current socket and fails what waits on it. */
  private dropSocket(why: string): void {
    const c = this.conn;
    if (!c) return;
    this.conn = null;
    this.gen++;
    clearInterval(c.pingTimer);
    clearTimeout(c.openTimer);
    for (const p of c.pending.values()) {
      clearTimeout(p.timer);
      p.reject(errUnavailable(why));
    }
    c.pending.clear();
    c.ws.onopen = c.ws.onmessage = c.ws.onclose = null;
    try {
      c.ws.close(1000);
    } catch {
      // already closed
    }
  }

  private startPing(c: Conn, intervalMs: number): void {
    clearInterval(c.pingTimer);
    c.pingTimer = setInterval(() => {
      if (Date.now() - c.lastSent < intervalMs * 0.9) return;
      // A ping without an answer means the connection is dead even if the
      // socket does not know yet (a pulled cable, a sleeping laptop).
      this.rpc({ case: "ping", value: {} }, "pong", Math.min(this.opts.requestTimeoutMs, intervalMs)).catch(() => {
        if (this.conn === c) {
          this.dropSocket("ping unanswered");
          if (this.wanted && !this.browserOffline) this.scheduleReconnect();
        }
      });
    }, Math.max(1000, intervalMs / 4));
  }

  private listenToWindow(): void {
    this.removeWindowListeners?.();
    this.removeWindowListeners = undefined;
    const w = globalThis.window;
    if (!w?.addEventListener) return;
    const offline = () => {
      this.browserOffline = true;
      clearTimeout(this.reconnectTimer);
      // The browser may keep a dead socket open; do not wait for it.
      this.dropSocket("the browser went offline");
      if (this.wanted) this.setStatus("offline");
    };
    const online = () => {
      this.browserOffline = false;
      if (this.wanted && !this.conn) {
        this.attempt = 0;
        this.open();
      }
    };
    w.addEventListener("offline", offline);
    w.addEventListener("online", online);
    this.removeWindowListeners = () => {
      w.removeEventListener("offline", offline);
      w.removeEventListener("online", online);
    };
  }

  private setStatus(s: Status): void {
    if (this._status === s) return;
    this._status = s;
    this.emit("status", s);
  }

  private failWaiters(err: unknown): void {
    for (const w of this.onlineWaiters.splice(0)) w.reject(err);
  }

  // --- catching up ------------------------------------------------------

  /**
   * catchUp syncs the list since the last version. The first time it only
   * learns where every conversation stands (the app reads history as it
   * needs) and then applies the pushes that came meanwhile; after a drop
   * it pulls every gap and waits until each missed message was handed
   * out. It stores the new version only when every pull succeeded, and
   * fails otherwise, so the client reconnects and tries again: a missed
   * message is never skipped.
   */
  private async catchUp(): Promise<void> {
    const { conversations, version } = await this.syncConversations(this.version);
    if (!this.initialSynced) {
      for (const conv of conversations) {
        // In the conversation's chain, so that it orders with the pushes.
        void this.enqueue(conv.id, async () => {
          this.held.set(conv.id, maxBig(this.held.get(conv.id) ?? 0n, conv.lastSeq));
        });
        this.emit("conversation", conv);
      }
      this.version = version;
      this.initialSynced = true;
      this.emit("synced", conversations);
      for (const m of this.early.splice(0)) this.acceptLater(m);
      return;
    }
    // Per conversation, how far to pull: its newest seq, or everything for
    // one whose earlier pull failed (null: up to the newest).
    const targets = new Map<string, bigint | null>();
    for (const conv of conversations) {
      this.emit("conversation", conv);
      const t = targets.get(conv.id);
      targets.set(conv.id, t === undefined || t === null ? conv.lastSeq : maxBig(t, conv.lastSeq));
    }
    for (const id of this.needPull) targets.set(id, null);
    const work: Promise<void>[] = [];
    let failed: unknown = null;
    for (const [id, to] of targets) {
      work.push(
        this.enqueue(id, async () => {
          await this.pullUpTo(id, to);
          this.needPull.delete(id);
        }).catch((err) => {
          if (temporary(err)) {
            this.needPull.add(id);
            failed ??= err;
          } else {
            // Not something a retry fixes (e.g. no longer readable): do
            // not reconnect forever over it.
            this.needPull.delete(id);
            console.warn("chorus: cannot catch up", id, err);
          }
        }),
      );
    }
    await Promise.all(work);
    // Pushes handled meanwhile may have failed too (they mark needPull).
    await Promise.all([...this.chains.values()]);
    if (failed) throw failed;
    if (this.needPull.size > 0) throw errUnavailable(`catching up ${[...this.needPull].join(", ")} failed`);
    this.version = version;
  }

  /**
   * enqueue runs fn after the work queued before on the conversation. The
   * returned promise fails if fn does; the chain goes on either way.
   */
  private enqueue(conversationId: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(conversationId) ?? Promise.resolve();
    const next = prev.then(fn);
    const chain = next.catch(() => undefined);
    this.chains.set(conversationId, chain);
    void chain.then(() => {
      if (this.chains.get(conversationId) === chain) this.chains.delete(conversationId);
    });
    return next;
  }

  /**
   * acceptLater queues m (a push, or a message sent here). If the gap
   * before it cannot be pulled, m is not handed out now: the conversation
   * is marked for the next catch-up, which pulls m with the gap, and the
   * connection is replaced so that catch-up comes soon.
   */
  private acceptLater(m: Message): void {
    this.enqueue(m.conversationId, () => this.accept(m)).catch((err) => {
      console.warn("chorus: catching up", m.conversationId, "failed", err);
      if (this._status === "online" && this.conn) {
        this.dropSocket("catching up failed");
        if (this.wanted && !this.browserOffline) this.scheduleReconnect();
      }
    });
  }

  /** accept hands m out unless it was before, pulling any gap first. */
  private async accept(m: Message): Promise<void> {
    const conv = m.conversationId;
    const held = this.held.get(conv) ?? 0n;
    if (m.seq <= held) return; // a duplicate: a push racing a pull
    if (m.seq > held + 1n) {
      try {
        await this.pullUpTo(conv, m.seq - 1n);
      } catch (err) {
        if (temporary(err)) {
          this.needPull.add(conv);
          throw err;
        }
        // The gap cannot be read (not a passing failure): hand m out.
        console.warn("chorus: cannot read the messages before", conv, m.seq, err);
      }
    }
    if (m.seq > (this.held.get(conv) ?? 0n)) this.handOut(m);
  }

  /**
   * handOut gives m to the listeners and acknowledges it. A message from
   * the peer of a direct conversation also says the peer read up to it:
   * the node moved their read position when they sent and pushes no
   * receipt for that, so the client emits it.
   */
  private handOut(m: Message): void {
    const conv = m.conversationId;
    this.held.set(conv, m.seq);
    this.emit("message", m);
    this.scheduleAck(conv, m.seq, m.senderId !== this.userId);
    if (m.senderId && m.senderId !== this.userId && conv.startsWith("p:")) {
      this.emit("receipt", create(ReceiptSchema, { conversationId: conv, userId: m.senderId, readSeq: m.seq, deliveredSeq: m.seq }));
    }
  }

  /**
   * pullUpTo pulls and hands out every message after the held one up to
   * `to` (null: up to the newest).
   */
  private async pullUpTo(conv: string, to: bigint | null): Promise<void> {
    let from = (this.held.get(conv) ?? 0n) + 1n;
    while (to === null || from <= to) {
      const res = await this.pull({ conversationId: conv, fromSeq: from, toSeq: to ?? 0n, limit: 200 });
      let last = from - 1n;
      for (const m of res.messages) {
        last = maxBig(last, m.seq);
        if (m.seq > (this.held.get(conv) ?? 0n)) this.handOut(m);
      }
      if (!res.hasMore || res.messages.length === 0) break;
      from = last + 1n;
    }
    // Seqs the user may not read (before joining a group) count as held.
    if (to !== null) this.held.set(conv, maxBig(this.held.get(conv) ?? 0n, to));
  }

  private scheduleAck(conv: string, seq: bigint, fromOthers: boolean): void {
    if (!this.opts.ackDelivered || !fromOthers) return;
    this.acks.set(conv, maxBig(this.acks.get(conv) ?? 0n, seq));
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      for (const [c, s] of this.acks) this.ackDelivered(c, s);
      this.acks.clear();
    }, 200);
  }
}

export type { Content, Conversation, Message };
