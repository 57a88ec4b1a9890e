import type { AuthUser } from '../common/auth/auth-user.js';
import type { Role } from '../common/vocabulary.js';

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

const ITEMS: Record<Role, { href: string; text: string }[]> = {
  apprentice: [{ href: '/', text: 'My portfolio' }],
  provider: [
    { href: '/', text: 'Apprentices' },
    { href: '/review-queue', text: 'Review queue' },
    { href: '/otj-approvals', text: 'Off-the-job approvals' },
    { href: '/cohort-list', text: 'Cohorts' },
    // Apprentices and employer contacts of their own provider, and its employers (see access).
    { href: '/admin/users', text: 'People' },
    { href: '/admin/organisations', text: 'Organisations' },
  ],
  employer: [
    { href: '/', text: 'Apprentices' },
    { href: '/otj-approvals', text: 'Off-the-job approvals' },
  ],
  assessor: [{ href: '/', text: 'Assigned portfolios' }],
  admin: [
    { href: '/', text: 'Apprenticeships' },
    { href: '/cohort-list', text: 'Cohorts' },
    { href: '/admin/organisations', text: 'Organisations' },
    { href: '/admin/users', text: 'Users' },
    { href: '/admin/standards', text: 'Standards' },
  ],
};

/** Items whose pages live under more than their own path: every cohort page (/cohorts/:id/…). */
const SECTIONS: Record<string, string> = { '/cohort-list': '/cohort' };

/** The service navigation for a role; the item whose section the path is in is marked active. */
export function navigationFor(user: AuthUser | undefined, path: string): NavItem[] {
  if (!user) return [];
  return ITEMS[user.role].map((item) => ({
    ...item,
    active: item.href === '/' ? path === '/' : path.startsWith(SECTIONS[item.href] ?? item.href),
  }));
}
