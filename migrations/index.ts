import { Initial1795307024657 } from './1795307024657-initial.js';
import { People1795307248138 } from './1795307248138-people.js';

/** Every migration, in order. `npm run migration:generate -- <Name>` prints the line to add. */
export const MIGRATIONS = [Initial1795307024657, People1795307248138];
