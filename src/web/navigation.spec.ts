import { describe, expect, it } from '@jest/globals';
import type { AuthUser } from '../common/auth/auth-user.js';
import { ROLES, type Role } from '../common/vocabulary.js';
import { Permission, roleHolds } from '../modules/access/permission.js';
import { navigationFor } from './navigation.js';

const as = (role: Role) => ({ id: 'u1', role }) as unknown as AuthUser;
const hrefs = (role: Role) => navigationFor(as(role), '/').map((i) => i.href);

describe('navigationFor', () => {
  it('leads to the people and organisation pages exactly the roles those pages let in', () => {
    for (const role of ROLES) {
      expect([role, hrefs(role).includes('/admin/users')]).toEqual([
        role,
        roleHolds(role, Permission.UserCreate),
      ]);
      expect([role, hrefs(role).includes('/admin/organisations')]).toEqual([
        role,
        roleHolds(role, Permission.OrganisationCreate),
      ]);
    }
  });

  it('calls the page People for a tutor and Users for an admin, marking it active', () => {
    const tutor = navigationFor(as('provider'), '/admin/users/new');
    expect(tutor.find((i) => i.href === '/admin/users')).toEqual({
      href: '/admin/users',
      text: 'People',
      active: true,
    });
    const admin = navigationFor(as('admin'), '/admin/users');
    expect(admin.find((i) => i.href === '/admin/users')?.text).toBe('Users');
  });

  it('lets whoever may add an apprenticeship reach the pages where its people are added', () => {
    // The add-an-apprenticeship page links to adding an apprentice and an employer.
    for (const role of ROLES.filter((r) => roleHolds(r, Permission.ApprenticeshipCreate))) {
      expect([role, roleHolds(role, Permission.UserCreate)]).toEqual([role, true]);
      expect([role, roleHolds(role, Permission.OrganisationCreate)]).toEqual([role, true]);
    }
  });
});
