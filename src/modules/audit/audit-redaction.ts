import type { AuditEventDto } from '../../common/audit/audit-writer.js';

/** A key that holds an internal id: `id`, `apprenticeshipId`, `tutorId`, … */
const isIdKey = (key: string) => key === 'id' || /[a-z]Id$/.test(key);

/**
 * The trail as an apprentice or employer may read it: what changed, when and by whom (by name),
 * without internal ids or anyone's e-mail address but the reader's own. Iterative, so a deep
 * record cannot exhaust the stack.
 */
export function redactForLearners(event: AuditEventDto, readerEmail: string): object {
  const strip = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const root: unknown = Array.isArray(value) ? [] : {};
    const stack: [unknown, Record<string, unknown> | unknown[]][] = [[value, root as never]];
    while (stack.length > 0) {
      const [from, to] = stack.pop()!;
      for (const [key, child] of Object.entries(from as object)) {
        if (!Array.isArray(from) && isIdKey(key)) continue;
        if (key === 'email' && child !== readerEmail) continue;
        let copy: unknown = child;
        if (child !== null && typeof child === 'object') {
          copy = Array.isArray(child) ? [] : {};
          stack.push([child, copy as never]);
        }
        if (Array.isArray(to)) to.push(copy);
        else to[key] = copy;
      }
    }
    return root;
  };
  return {
    id: event.id,
    action: event.action,
    entityType: event.entityType,
    actor: event.actor ? { name: event.actor.name } : null,
    before: strip(event.before),
    after: strip(event.after),
    createdAt: event.createdAt,
  };
}
