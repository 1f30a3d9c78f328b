import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for every stored secret (Zoom and Slack tokens, PKCE verifiers).
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, each part base64url. AES-256-GCM with a random 12-byte IV.
 * The key id names the key that wrote a value, so the key can be rotated: the current key encrypts every
 * write; previous keys still decrypt what they wrote until it is next written.
 * Each value is bound to its purpose (the GCM additional data), so a ciphertext copied into another
 * column does not decrypt.
 */

const FORMAT_VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretPurpose =
  | 'zoom.accessToken'
  | 'zoom.refreshToken'
  | 'slack.botToken'
  | 'slack.installation'
  | 'oauth.codeVerifier'
  /** Background job inputs: webhook payloads name invitees (PII), so they are encrypted too. */
  | 'job.payload';

export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';
}

/** A value could not be decrypted. The message never contains the value. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

interface Key {
  id: string;
  bytes: Buffer;
}

export interface SecretBox {
  /** The id of the key that encrypts new values. */
  readonly currentKeyId: string;
  encrypt(plaintext: string, purpose: SecretPurpose): string;
  decrypt(stored: string, purpose: SecretPurpose): string;
  /** The id of the key that wrote `stored` (for rotation checks); null if the value is not in our format. */
  keyIdOf(stored: string): string | null;
}

/** A key as TOKEN_ENCRYPTION_KEY gives it (32 bytes, base64 or base64url), or its bytes. */
export type EncryptionKeyInput = string | Uint8Array;

export function parseEncryptionKey(key: EncryptionKeyInput): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key.trim(), 'base64') : Buffer.from(key);
  if (bytes.length !== KEY_BYTES) {
    throw new EncryptionKeyError(`encryption key must be ${KEY_BYTES} bytes, base64 (got ${bytes.length} bytes)`);
  }
  return bytes;
}

/** A short, stable, non-reversible name for a key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('zoom-scheduler token key id\0').update(key).digest('base64url').slice(0, 8);
}

export function createSecretBox(currentKey: EncryptionKeyInput, previousKeys: readonly EncryptionKeyInput[] = []): SecretBox {
  const toKey = (input: EncryptionKeyInput): Key => {
    const bytes = parseEncryptionKey(input);
    return { id: keyIdOf(bytes), bytes };
  };
  const current = toKey(currentKey);
  const keys = new Map<string, Key>([current, ...previousKeys.map(toKey)].map((key) => [key.id, key]));

  return {
    currentKeyId: current.id,

    encrypt(plaintext, purpose) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.bytes, iv);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
      return [FORMAT_VERSION, current.id, ...parts].join('.');
    },

    decrypt(stored, purpose) {
      const [version, keyId, iv, tag, ciphertext, ...rest] = stored.split('.');
      if (version !== FORMAT_VERSION || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
        throw new DecryptionError('stored secret is not in the v1 format');
      }
      const key = keys.get(keyId);
      if (!key) {
        throw new DecryptionError(`stored secret was encrypted with an unknown key (id ${keyId})`);
      }
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new DecryptionError('stored secret is malformed');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.bytes, ivBytes);
        decipher.setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError('stored secret failed authentication (tampered, or encrypted for another purpose)');
      }
    },

    keyIdOf(stored) {
      const [version, keyId] = stored.split('.');
      return version === FORMAT_VERSION && keyId ? keyId : null;
    },
  };
}
