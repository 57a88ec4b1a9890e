import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { isIsoDate } from './clock/calendar.js';
import { hasInvisibleCharacters, linkProblem } from './security/safe-link.js';

/** Trims strings; leaves anything else for the type validators to reject. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Lower-cases and trims an email so uniqueness and sign-in ignore letter case. */
export const NormaliseEmail = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

/** A real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a date written YYYY-MM-DD (years 1900–2999)`,
        ...options,
      },
      validator: {
        validate: isIsoDate,
      },
    });
}

/**
 * May be left out — but not sent as null. class-validator's IsOptional also skips null, which
 * then reaches a NOT NULL column; fields where null means "clear it" say so with their own
 * ValidateIf.
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** What a user types into a search box: up to 100 characters with at least one letter or digit. */
export function SearchText(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Optional()(target, propertyName);
    Trim()(target, propertyName);
    registerDecorator({
      name: 'isSearchText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be 1 to 100 characters with a letter or a digit`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= 100 && /[\p{L}\p{N}]/u.test(value),
      },
    });
  };
}

/**
 * A link safe to show as clickable: http(s), no user-info, not a private or reserved address.
 * Use after IsUrl; with `{ each: true }` for lists.
 */
export function IsSafeLink(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSafeLink',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ value }) => {
          const links: unknown[] = Array.isArray(value) ? value : [value];
          const bad = links.find((l) => typeof l === 'string' && linkProblem(l));
          return typeof bad === 'string'
            ? `each link ${linkProblem(bad)} (${bad.slice(0, 100)})`
            : 'each link must be a public http or https URL';
        },
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && linkProblem(value) === undefined,
      },
    });
}

/** No zero-width, bidirectional-control or other invisible characters (for e-mail addresses). */
export function NoInvisibleCharacters(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'noInvisibleCharacters',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must not contain invisible or bidirectional control characters`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasInvisibleCharacters(value),
      },
    });
}
