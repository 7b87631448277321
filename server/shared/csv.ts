/** CSV helpers every export shares. Shared infrastructure. */

/**
 * Text a spreadsheet would run as a formula (it starts with = + - @ tab or CR) gets a leading apostrophe (OWASP CSV
 * injection); other values, and null, pass unchanged.
 */
export function inertCsvText<T extends string | null | undefined>(s: T): T {
  return (typeof s === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s) as T;
}
