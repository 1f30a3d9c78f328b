import { LIMITS } from '../limits';

/** Thrown when a view would carry more private_metadata than Slack stores; a programming error, not user input. */
export class PrivateMetadataTooLargeError extends Error {
  constructor(readonly length: number) {
    super(`private_metadata is ${length} characters; Slack keeps at most ${LIMITS.privateMetadata}`);
    this.name = 'PrivateMetadataTooLargeError';
  }
}

export function encodeMetadata(metadata: object): string {
  const encoded = JSON.stringify(metadata);
  if (encoded.length > LIMITS.privateMetadata) throw new PrivateMetadataTooLargeError(encoded.length);
  return encoded;
}

/** Reads back what {@link encodeMetadata} wrote; anything else (tampered or empty) yields `{}`. */
export function decodeMetadata(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function metadataString(metadata: Record<string, unknown>, key: string): string | undefined {
  const value = metadata[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
