import { shortenUrl } from '../../dev/transcript';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** What a browser shows of a small HTML page, one line per heading, paragraph or link. */
export function pageText(html: string): string[] {
  const body = html.replace(/<head>[\s\S]*?<\/head>/i, '');
  const withLinks = body.replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
    return `\n[ ${label} → ${shortenUrl(decode(href))} ]\n`;
  });
  return withLinks
    .replace(/<\/(h\d|p|div|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .map((line) => decode(line).replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}
