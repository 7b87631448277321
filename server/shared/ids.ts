/** Random identifiers and codes (node:crypto): shared infrastructure, imports nothing of ours. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o/1/l/i: readable aloud

/** Random id from an unambiguous lowercase alphabet (≈4.95 bits per char). */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[bytes[i]! % ALPHABET.length];
  return s;
}

export const newId = (prefix: string, length = 16) => `${prefix}_${randomCode(length)}`;
