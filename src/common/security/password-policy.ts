/** The one password rule, for users created through the API and for ADMIN_PASSWORD at boot. */

/** Why a password is too weak, or null. Length matters most (NIST 800-63B); ban the obvious. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < 12) return 'must be at least 12 characters';
  if (password.length > 200) return 'must be at most 200 characters';
  if (new Set(password).size < 5) return 'must use more than a few different characters';
  if (!/[A-Za-z]/.test(password) || !/[^A-Za-z]/.test(password)) {
    return 'must mix letters with digits or symbols';
  }
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) {
    return 'must not contain the name part of the email address (before the @)';
  }
  return null;
}
