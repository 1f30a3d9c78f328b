import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A small self-contained HTML page: every piece of text and every URL is escaped here, once. */
export interface HtmlPage {
  title: string;
  heading: string;
  paragraphs: string[];
  link?: { href: string; label: string };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const STYLE =
  // overflow-wrap: a long e-mail address or Zoom name must wrap on a phone, not scroll sideways.
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5;overflow-wrap:anywhere}' +
  'h1{font-size:1.6rem;line-height:1.25}' +
  // A command never breaks at its hyphen, so it reads (and copies) as one thing.
  'code{white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:#f4f4f4;padding:.1em .3em;border-radius:4px}' +
  'a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none}';

/** `/zoom-schedule connect` in already-escaped text → `<code>/zoom-schedule connect</code>`. */
function withCommandsAsCode(escaped: string): string {
  return escaped.replace(/\/zoom-schedule(?: [a-z]+)?/g, (command) => `<code>${command}</code>`);
}

function renderHtmlPage(page: HtmlPage): string {
  const paragraphs = page.paragraphs.map((text) => `<p>${withCommandsAsCode(escapeHtml(text))}</p>`).join('');
  const link = page.link ? `<a class="button" href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.label)}</a>` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>` +
    `<body><h1>${escapeHtml(page.heading)}</h1>${paragraphs}${link}</body></html>`
  );
}

/**
 * The page's only style, allowed by its hash rather than by 'unsafe-inline'; nothing else may load: no script,
 * image, font, frame, form target or base URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sends a page. The URL that led here carries an OAuth code and state: `no-referrer` keeps them from leaking to
 * the next site, `no-store` keeps them out of caches, and the CSP allows nothing but the page's own style.
 */
export function sendHtmlPage(res: ServerResponse, status: number, page: HtmlPage): void {
  const body = renderHtmlPage(page);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}
