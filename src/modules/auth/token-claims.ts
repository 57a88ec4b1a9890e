import { isUuid } from '../../common/uuid-param.decorator.js';

/** What a token says: whose it is and which of their token versions it belongs to. */
export interface TokenClaims {
  sub: string;
  ver: number;
}

/**
 * The claims of a verified token, or undefined when any is missing or of the wrong shape. The
 * signature proves who issued a token, not that it is one of ours: a token signed with the right
 * key but without `sub` used to reach the database as `WHERE id = undefined` (500).
 */
export function readClaims(payload: unknown): TokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sub, ver, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !isUuid(sub)) return undefined;
  if (typeof ver !== 'number' || !Number.isSafeInteger(ver) || ver < 0) return undefined;
  // Every token we issue expires; one that does not was not made by login().
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  return { sub, ver };
}
