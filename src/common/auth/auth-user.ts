import type { Role } from '../vocabulary.js';

/** Who is calling: loaded from the database on every request, never trusted from the token alone. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  /** The tenant: the provider organisation this user lives in (none for admins and assessors). */
  providerId: string | null;
}
