/**
 * DOM helpers. Everything that came from a person (names, messages, settings) is set with
 * `textContent` or as an attribute value, never parsed as HTML: there is no innerHTML here.
 */
type Attrs = Readonly<Record<string, string | boolean | undefined>>;
type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (`true` = present, `false`/undefined = absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  append(element, ...children);
  return element;
}

/** Appends children; strings become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Removes every child. */
export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Turns message text into text nodes and links. Only http(s) URLs become links; the link text
 * is the URL itself as text; links open in a new tab without access to this page.
 */
export function linkify(text: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = TRAILING.exec(url)?.[0] ?? '';
    url = url.slice(0, url.length - trailing.length);
    const start = match.index;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    const href = url.toLowerCase().startsWith('www.') ? `https://${url}` : url;
    const link = h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, url);
    nodes.push(link);
    last = start + url.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/** A short local time ("14:05") for a message. */
export function clock(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return date.toTimeString().slice(0, 5);
  }
}
