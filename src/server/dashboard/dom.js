// DOM helpers. Every piece of data reaches the page through textContent or a DOM property:
// nothing here parses HTML, so a package named `<img src=x onerror=alert(1)>` is shown as text.

const SVG_NS = 'http://www.w3.org/2000/svg';

const UNSAFE = new Set(['innerHTML', 'outerHTML', 'srcdoc', 'src', 'action', 'formAction', 'xlink:href']);

function apply(el, attrs) {
  if (!attrs) return el;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : String(v));
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'style' || k.startsWith('on') || UNSAFE.has(k)) throw new Error(`refusing attribute ${k}`); // CSP, inertness
    else if (k === 'href') el.setAttribute('href', safeHref(String(v)));
    else if (k in el && !(el instanceof SVGElement)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return el;
}

/** Only in-app (#...) and same-origin relative links. */
function safeHref(v) {
  return /^(#|\/(?!\/)|\.\/)/.test(v) ? v : '#';
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** HTML element: h('a', {href: '#/x', class: 'k'}, 'text', child) */
export function h(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** SVG element, same calling convention. */
export function s(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  return append(clear(el), children);
}

/** In-app links; every path segment is URI-encoded. */
export const link = {
  alerts: () => '#/',
  alert: (id) => `#/alert/${encodeURIComponent(id)}`,
  device: (d) => `#/device/${encodeURIComponent(d)}`,
  app: (a) => `#/app/${encodeURIComponent(a)}`,
};
