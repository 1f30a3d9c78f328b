import { randomBytes, randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Scheduler resource ids look like `x3h1u4id4liffdyszsp8kpxl80`: 26 lowercase alphanumerics. */
export function schedulerId(): string {
  return randomFrom(LOWER_ALNUM, 26);
}

/** Zoom user ids look like `Hrk8hOM-TpaY9t4zlLf-Cg`: 16 random bytes in base64url. */
export function zoomUserId(): string {
  return randomBytes(16).toString('base64url');
}

/** Short lowercase code, as in share links `https://scheduler.zoom.us/t/tc71av50/...`. */
export function shortCode(length = 8): string {
  return randomFrom(LOWER_ALNUM, length);
}

/** Unguessable opaque secret (tokens, auth codes). */
export function secretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Zoom meeting ids are 10–11 digit numbers. */
export function meetingNumber(): string {
  return String(randomInt(1, 10)) + randomFrom('0123456789', 10);
}
