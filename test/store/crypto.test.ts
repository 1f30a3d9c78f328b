import { randomBytes } from 'node:crypto';
import { createSecretBox, DecryptionError, EncryptionKeyError, keyIdOf, parseEncryptionKey } from '../../src/store/crypto';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const token = 'zoom-refresh-token-0123456789';

describe('secret box (AES-256-GCM)', () => {
  test('round trip, in the v1.<keyId>.<iv>.<tag>.<ciphertext> format, with a fresh IV each time', () => {
    const box = createSecretBox(keyA);
    const first = box.encrypt(token, 'zoom.refreshToken');
    const second = box.encrypt(token, 'zoom.refreshToken');

    const [version, keyId, iv, tag, ciphertext] = first.split('.');
    expect(version).toBe('v1');
    expect(keyId).toBe(box.currentKeyId);
    expect(keyId).toBe(keyIdOf(Buffer.from(keyA, 'base64')));
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? '', 'base64url')).toHaveLength(Buffer.byteLength(token));
    expect(first).not.toContain(token);
    expect(second).not.toBe(first);
    expect(box.decrypt(first, 'zoom.refreshToken')).toBe(token);
    expect(box.decrypt(second, 'zoom.refreshToken')).toBe(token);
  });

  test('empty and non-ASCII plaintexts survive', () => {
    const box = createSecretBox(keyA);
    expect(box.decrypt(box.encrypt('', 'slack.botToken'), 'slack.botToken')).toBe('');
    expect(box.decrypt(box.encrypt('zürich ☕', 'slack.botToken'), 'slack.botToken')).toBe('zürich ☕');
  });

  test.each([
    ['iv', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('a tampered %s fails authentication without revealing the value', (_part, index) => {
    const box = createSecretBox(keyA);
    const parts = box.encrypt(token, 'zoom.accessToken').split('.');
    const bytes = Buffer.from(parts[index] ?? '', 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    parts[index] = bytes.toString('base64url');

    expect(() => box.decrypt(parts.join('.'), 'zoom.accessToken')).toThrow(DecryptionError);
    try {
      box.decrypt(parts.join('.'), 'zoom.accessToken');
    } catch (error) {
      expect((error as Error).message).not.toContain(token);
    }
  });

  test('a value moved to another purpose (column) does not decrypt', () => {
    const box = createSecretBox(keyA);
    const access = box.encrypt(token, 'zoom.accessToken');
    expect(() => box.decrypt(access, 'zoom.refreshToken')).toThrow(DecryptionError);
  });

  test('malformed values and unknown keys are rejected', () => {
    const box = createSecretBox(keyA);
    expect(() => box.decrypt(token, 'zoom.accessToken')).toThrow('not in the v1 format');
    expect(() => box.decrypt('v1.abc.def', 'zoom.accessToken')).toThrow('not in the v1 format');
    const foreign = createSecretBox(keyB).encrypt(token, 'zoom.accessToken');
    expect(() => box.decrypt(foreign, 'zoom.accessToken')).toThrow(/unknown key \(id [\w-]{8}\)/);
  });

  test('rotation: previous keys still decrypt; new writes use the current key id', () => {
    const before = createSecretBox(keyA).encrypt(token, 'zoom.refreshToken');
    const rotated = createSecretBox(keyB, [keyA]);

    expect(rotated.decrypt(before, 'zoom.refreshToken')).toBe(token);
    expect(rotated.keyIdOf(before)).toBe(keyIdOf(Buffer.from(keyA, 'base64')));
    const after = rotated.encrypt(token, 'zoom.refreshToken');
    expect(rotated.keyIdOf(after)).toBe(keyIdOf(Buffer.from(keyB, 'base64')));
    expect(rotated.currentKeyId).not.toBe(keyIdOf(Buffer.from(keyA, 'base64')));
  });

  test('a key given as bytes works like its base64 text', () => {
    const fromBytes = createSecretBox(Buffer.from(keyA, 'base64'));
    expect(fromBytes.currentKeyId).toBe(createSecretBox(keyA).currentKeyId);
    expect(createSecretBox(keyA).decrypt(fromBytes.encrypt(token, 'slack.botToken'), 'slack.botToken')).toBe(token);
  });

  test('a key must be 32 bytes of base64', () => {
    expect(parseEncryptionKey(keyA)).toHaveLength(32);
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow(EncryptionKeyError);
    expect(() => createSecretBox('not a key')).toThrow('encryption key must be 32 bytes, base64');
  });
});
