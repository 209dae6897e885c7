// h builds a DOM element: h("div", {class: "x", "data-testid": "y"}, child, "text").
// Text is always set as text, never parsed as HTML.

type Attrs = Record<string, string | boolean | number | undefined | ((ev: any) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "value") (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

/** httpURL returns s when it is an http(s) URL, else "". */
export function httpURL(s: string): string {
  try {
    const u = new URL(s.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
  } catch {
    return "";
  }
}

export const isImageURL = (u: string) => /\.(png|jpe?g|gif|webp|avif|svg|bmp)(\?.*)?$/i.test(u);

/** imageURL returns s when it may be shown as a picture (http(s), or an inline data: image), else "". */
export function imageURL(s: string): string {
  const t = s.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(t)) return t;
  return httpURL(t);
}

/** initials are what an avatar without a picture shows: "Ann Lee" -> "AL", "bob" -> "B". */
export function initials(name: string): string {
  const words = name.split(/[\s._@-]+/).filter(Boolean);
  const first = (w: string | undefined) => Array.from(w ?? "")[0] ?? "";
  const t = words.length > 1 ? first(words[0]) + first(words[1]) : first(words[0]);
  return (t || "?").toUpperCase();
}

/**
 * avatar is a round picture for a person or a group: the image at url when
 * there is one (initials again if it fails to load), else the initials of
 * label.
 */
export function avatar(label: string, url: string, cls = "", testid?: string): HTMLElement {
  const el = h("div", { class: `avatar${cls ? " " + cls : ""}`, "data-testid": testid, "aria-hidden": "true" });
  const src = imageURL(url);
  if (src) {
    const img = h("img", { src, alt: "", referrerpolicy: "no-referrer" });
    img.addEventListener("error", () => el.replaceChildren(initials(label)));
    el.append(img);
  } else {
    el.append(initials(label));
  }
  return el;
}
