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
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}' +
  'a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none}';

function renderHtmlPage(page: HtmlPage): string {
  const paragraphs = page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('');
  const link = page.link ? `<a class="button" href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.label)}</a>` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>` +
    `<body><h1>${escapeHtml(page.heading)}</h1>${paragraphs}${link}</body></html>`
  );
}

/**
 * Sends a page. The URL that led here carries an OAuth code and state: `no-referrer` keeps them from leaking to
 * the next site, `no-store` keeps them out of caches, and the CSP allows nothing but the inline style.
 */
export function sendHtmlPage(res: ServerResponse, status: number, page: HtmlPage): void {
  const body = renderHtmlPage(page);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });
  res.end(body);
}
