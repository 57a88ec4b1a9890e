/** What the environment schemas (environment.ts, scale-environment.ts) share. */
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** An unset variable and one set to nothing mean the same: the default. */
export const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/** "true" and "false" as booleans (anything else is left for the validator to refuse). */
export const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value === '' ? undefined : value;

/**
 * A whole number from `min` to `max`, read from its text. The same as stacking `@Type(() =>
 * Number) @IsInt() @Min(min) @Max(max)`, and applied in that stack's order (the bottom first), so
 * the messages for a value that breaks several rules come in the same order.
 */
export function IntegerSetting(min: number, max: number): PropertyDecorator {
  const stack = [Max(max), Min(min), IsInt(), Type(() => Number)];
  return (target, property) => stack.forEach((decorator) => decorator(target, property));
}
