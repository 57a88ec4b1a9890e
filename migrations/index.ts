import { Initial1795307024657 } from './1795307024657-initial.js';
import { People1795307248138 } from './1795307248138-people.js';
import { Evidence1795308488668 } from './1795308488668-evidence.js';
import { Gateway1795308583194 } from './1795308583194-gateway.js';
import { ProviderThreshold1795311863265 } from './1795311863265-provider-threshold.js';
import { Search1795400000000 } from './1795400000000-search.js';
import { CoverageCounts1795500000000 } from './1795500000000-coverage-counts.js';
import { SignInHardening1796210334532 } from './1796210334532-sign-in-hardening.js';
import { IdempotencyKeys1796211246330 } from './1796211246330-idempotency-keys.js';
import { RateLimits1796300000000 } from './1796300000000-rate-limits.js';
import { Otj1797000000000 } from './1797000000000-otj.js';
import { ProgressReviews1797100000000 } from './1797100000000-progress-reviews.js';
import { Suggestions1797300000000 } from './1797300000000-suggestions.js';
import { PageImages1797400000000 } from './1797400000000-page-images.js';
import { CoverageAcceptedTimes1797500000000 } from './1797500000000-coverage-accepted-times.js';
import { SimilarByOwnWords1797600000000 } from './1797600000000-similar-by-own-words.js';
import { FileMd51797700000000 } from './1797700000000-file-md5.js';
import { OwnWordsWithoutHosts1797800000000 } from './1797800000000-own-words-without-hosts.js';

/** Every migration, in order. `npm run migration:generate -- <Name>` prints the line to add. */
export const MIGRATIONS = [
  Initial1795307024657,
  People1795307248138,
  Evidence1795308488668,
  Gateway1795308583194,
  ProviderThreshold1795311863265,
  Search1795400000000,
  CoverageCounts1795500000000,
  SignInHardening1796210334532,
  IdempotencyKeys1796211246330,
  RateLimits1796300000000,
  Otj1797000000000,
  ProgressReviews1797100000000,
  Suggestions1797300000000,
  PageImages1797400000000,
  CoverageAcceptedTimes1797500000000,
  SimilarByOwnWords1797600000000,
  FileMd51797700000000,
  OwnWordsWithoutHosts1797800000000,
];
