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
