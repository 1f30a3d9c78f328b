import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** Kept server-side (e.g. with the OAuth state) until the code exchange. */
  codeVerifier: string;
  /** Sent in the authorize URL with `code_challenge_method=S256`. */
  codeChallenge: string;
}

/** RFC 7636: a 43-character base64url verifier from 32 random bytes, and its SHA-256 challenge. */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}
