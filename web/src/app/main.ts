// The Chorus web client: sign in (development sign-up, or a token from the
// business back end), then chat. The session (token, user id) is kept in
// localStorage; the device id too (see lib/client.ts).
import { ChorusClient } from "../lib/index";
import { ChatApp } from "./chat";
import { h } from "./dom";

interface Session {
  userId: string; // "" until the first auth result (token mode)
  token: string;
  expiresAtMs?: number;
  dev?: boolean;
  name?: string;
}

const sessionKey = "chorus.session";

function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(sessionKey) || "null") as Session | null;
    return s && typeof s.token === "string" && s.token ? s : null;
  } catch {
    return null;
  }
}

function saveSession(s: Session | null): void {
  if (s) localStorage.setItem(sessionKey, JSON.stringify(s));
  else localStorage.removeItem(sessionKey);
}

async function devSignup(userId: string, name: string): Promise<Session> {
  const res = await fetch("/dev/signup", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId, name }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message ? `${body.code}: ${body.message}` : `sign-up failed (HTTP ${res.status})`);
  return { userId: body.userId, token: body.token, expiresAtMs: body.expiresAtMs, dev: true, name };
}

async function webConfig(): Promise<{ devSignup: boolean }> {
  try {
    const res = await fetch("/web/config.json", { cache: "no-store" });
    if (res.ok) return await res.json();
  } catch {
    // offline: assume token mode
  }
  return { devSignup: false };
}

const root = document.getElementById("root")!;
let app: ChatApp | null = null;
let client: ChorusClient | null = null;

function signOut(): void {
  client?.close();
  app?.destroy();
  client = null;
  app = null;
  saveSession(null);
  document.body.classList.remove("has-chat");
  void showSignIn();
}

function start(session: Session): void {
  let current = session;
  client = new ChorusClient({
    token: async () => {
      // A development session signs up again shortly before it expires.
      if (current.dev && current.expiresAtMs && current.expiresAtMs - Date.now() < 60_000) {
        current = await devSignup(current.userId, current.name ?? current.userId);
        saveSession(current);
      }
      return current.token;
    },
  });
  client.on("auth", (a) => {
    if (current.userId !== a.userId) {
      current = { ...current, userId: a.userId };
      saveSession(current);
    }
  });
  client.on("stopped", (s) => {
    if (s.code === 3501) signOut(); // the token was rejected
  });
  app = new ChatApp(root, client, session.userId, signOut);
  client.connect().catch((err) => console.warn("chorus: not connected", err));
}

async function showSignIn(): Promise<void> {
  const cfg = await webConfig();
  const error = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "signin-submit" }, "Sign in");
  let fields: HTMLElement[];
  let go: () => Promise<Session>;
  if (cfg.devSignup) {
    const user = h("input", { "data-testid": "signin-user", placeholder: "User id, e.g. alice", autocomplete: "username", required: true, autofocus: true });
    const name = h("input", { "data-testid": "signin-name", placeholder: "Display name (optional)", autocomplete: "name" });
    fields = [h("label", {}, "User id", user), h("label", {}, "Display name", name)];
    go = () => devSignup(user.value.trim(), name.value.trim());
  } else {
    const token = h("textarea", { "data-testid": "signin-token", placeholder: "Paste a token issued by your back end", rows: 4, required: true });
    fields = [h("label", {}, "Token", token)];
    go = async () => ({ userId: "", token: token.value.trim() });
  }
  const form = h(
    "form",
    {
      class: "signin-card",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        submit.disabled = true;
        error.textContent = "";
        try {
          const s = await go();
          saveSession(s);
          start(s);
        } catch (err) {
          error.textContent = err instanceof Error ? err.message : String(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("div", { class: "logo" }, "Chorus"),
    h("p", { class: "hint" }, cfg.devSignup ? "Development sign-up: any user id signs in (and is created if new)." : "Sign in with a token from your application."),
    ...fields,
    submit,
    error,
  );
  root.replaceChildren(h("div", { class: "signin" }, form));
  (form.querySelector("input, textarea") as HTMLElement | null)?.focus();
}

const existing = loadSession();
if (existing) start(existing);
else void showSignIn();
