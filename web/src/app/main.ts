// The Chorus web client: sign in (development sign-up, or a token from the
// business back end), then chat. The session (token, user id) is kept in
// localStorage; the device id too (see lib/client.ts).
//
// When the node signs the page out (any disconnect that says not to
// reconnect), the page keeps a banner that says why, with a way to sign in
// again. A development session whose token expired signs up again by
// itself; a pasted token cannot be renewed here, so the page asks for a
// new one.
import { ChorusClient, ChorusError, type AuthResult } from "../lib/index";
import { ChatApp } from "./chat";
import { h } from "./dom";
import { errorText, signedOutText } from "./errors";

interface Session {
  userId: string; // "" until the first auth result (token mode)
  token: string;
  expiresAtMs?: number;
  dev?: boolean;
  name?: string;
}

const sessionKey = "chorus.session";
/** A development session renews an expired token by itself at most this often. */
const renewEveryMs = 60_000;

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
  if (!res.ok) {
    if (body.message) throw new ChorusError(body.codeNumber ?? 0, body.message, !!body.temporary);
    throw new Error(`sign-up failed (HTTP ${res.status})`);
  }
  // expiresAtMs is an int64: a JSON string like the API's, or a number.
  const exp = Number(body.expiresAtMs);
  return { userId: body.userId, token: body.token, expiresAtMs: Number.isFinite(exp) && exp > 0 ? exp : undefined, dev: true, name };
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

/**
 * checkToken connects once with token and resolves with the auth result,
 * or rejects with why the node refused it, so that the sign-in form can
 * say so before the page switches to the chat.
 */
function checkToken(token: string): Promise<AuthResult> {
  const c = new ChorusClient({ token });
  return new Promise<AuthResult>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error("The server did not answer: check the connection and try again.")), 20_000);
    const finish = (v: AuthResult | Error) => {
      clearTimeout(timer);
      offAuth();
      offStop();
      c.close();
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const offAuth = c.on("auth", (a) => finish(a));
    const offStop = c.on("stopped", (s) => finish(s.error ?? new Error(signedOutText(s.code, s.reason))));
    c.connect().catch(() => undefined);
  });
}

const root = document.getElementById("root")!;
let app: ChatApp | null = null;
let client: ChorusClient | null = null;

function signOut(notice = ""): void {
  client?.close();
  app?.destroy();
  client = null;
  app = null;
  const old = loadSession();
  saveSession(null);
  document.body.classList.remove("has-chat");
  void showSignIn(notice, old?.dev ? old.userId : "");
}

function start(session: Session): void {
  let current = session;
  let renewedAt = 0;
  let renew = false; // the node refused the token: sign up again
  const c = new ChorusClient({
    token: async () => {
      // A development session signs up again shortly before it expires.
      if (current.dev && (renew || (current.expiresAtMs && current.expiresAtMs - Date.now() < 60_000))) {
        current = await devSignup(current.userId, current.name ?? current.userId);
        renew = false;
        saveSession(current);
      }
      return current.token;
    },
  });
  client = c;
  c.on("auth", (a) => {
    app?.hideBanner();
    if (current.userId !== a.userId) {
      current = { ...current, userId: a.userId };
      saveSession(current);
    }
  });
  const again = () => {
    app?.hideBanner();
    c.connect().catch(() => undefined);
  };
  c.on("stopped", (s) => {
    const expired = s.code === 3504 || s.error?.codeName === "TOKEN_EXPIRED";
    const refused = expired || s.code === 3501;
    // A development session gets a new token by signing up again (in the
    // token function, as the client reconnects).
    if (refused && current.dev && Date.now() - renewedAt > renewEveryMs) {
      renewedAt = Date.now();
      renew = true;
      again();
      return;
    }
    const why = signedOutText(s.code, s.reason, s.error);
    if (refused && !current.dev) {
      // A pasted token that was refused will not work again: ask for another.
      app?.showBanner(`${why} Sign in with a new token.`, [{ label: "Sign in again", run: () => signOut(why) }]);
      return;
    }
    app?.showBanner(why, [
      { label: "Sign in again", run: refused ? () => signOut(why) : again },
      { label: "Sign out", run: () => signOut() },
    ]);
  });
  app = new ChatApp(root, c, session.userId, () => signOut());
  c.connect().catch((err) => console.warn("chorus: not connected", err));
}

async function showSignIn(notice = "", userId = ""): Promise<void> {
  const cfg = await webConfig();
  const error = h("p", { class: "error", role: "alert", "data-testid": "signin-error" }, notice);
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "signin-submit" }, "Sign in");
  let fields: HTMLElement[];
  let go: () => Promise<Session>;
  if (cfg.devSignup) {
    const user = h("input", { "data-testid": "signin-user", placeholder: "User id, e.g. alice", autocomplete: "username", required: true, value: userId });
    const name = h("input", { "data-testid": "signin-name", placeholder: "Display name (optional)", autocomplete: "name" });
    fields = [h("label", {}, "User id", user), h("label", {}, "Display name", name)];
    go = () => devSignup(user.value.trim(), name.value.trim());
  } else {
    const token = h("textarea", { "data-testid": "signin-token", placeholder: "Paste a token issued by your back end", rows: 4, required: true, spellcheck: "false" });
    // A token is one line: Enter signs in (Shift+Enter still breaks the line).
    token.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        form.requestSubmit();
      }
    });
    fields = [h("label", {}, "Token", token)];
    go = async () => {
      const t = token.value.trim();
      if (!t) throw new Error("Paste a token first.");
      const auth = await checkToken(t);
      return { userId: auth.userId, token: t };
    };
  }
  const form = h(
    "form",
    {
      class: "signin-card",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        submit.disabled = true;
        submit.textContent = cfg.devSignup ? "Signing in…" : "Checking…";
        error.textContent = "";
        try {
          const s = await go();
          saveSession(s);
          start(s);
        } catch (err) {
          error.textContent = err instanceof ChorusError || err instanceof TypeError ? errorText(err) : err instanceof Error ? err.message : String(err);
        } finally {
          submit.disabled = false;
          submit.textContent = "Sign in";
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
