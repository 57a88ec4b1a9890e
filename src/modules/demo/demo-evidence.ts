import { Readable } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/clock/clock.js';
import { EvidenceReviewService } from '../evidence/evidence-review.service.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { type StoredUpload, UploadStorageEngine } from '../storage/upload/upload-storage.engine.js';
import type { EvidenceKind } from '../../common/vocabulary.js';
import { type DemoFile, demoFiles } from './demo-files.js';
import { dayAt } from './demo-dates.js';

/** A piece of demo evidence: what the apprentice submits, and what the tutor decides. */
export interface DemoEvidence {
  title: string;
  kind: EvidenceKind;
  activityDate: string;
  description: string;
  /** Criterion code and the apprentice's justification. */
  tags: [string, string][];
  files?: () => Promise<DemoFile[]>;
  /** Reviewed and accepted, with the tutor's comment; with a reason, the last tag is rejected. */
  review?: { comment: string; reason?: string } | null;
}

/** Tags written one to a line, "K4 The plan follows …": the code, a space, the justification. */
export function tagLines(text: string): [string, string][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const tag = /^([KSBD]\d+) (.+)$/.exec(line);
      if (!tag) throw new Error(`Not a tag line: ${line}`);
      return [tag[1], tag[2]];
    });
}

/**
 * The demo apprentice's evidence, in different states, each with the files such work leaves
 * (demo-files.ts) and a justification per criterion in the apprentice's words, so that coverage,
 * the review page, the evidence pages and the draft PDF read as they would in use. On accepted
 * evidence the tutor rejects the last criterion, with the reason a tutor would give.
 */
const DEMO_EVIDENCE: DemoEvidence[] = [
  {
    title: 'Customer churn model: problem framing and evaluation report',
    kind: 'report',
    files: () => demoFiles('report'),
    activityDate: '2026-03-16',
    description:
      'Framed churn prediction with the retention team, chose recall at 20% contact rate as the metric, and compared gradient boosting with logistic regression.',
    tags: [
      [
        'K2',
        'The report follows the model from framing (section 1) and data preparation (2) to evaluation (4) and the plan for deployment and monitoring (5).',
      ],
      [
        'K5',
        'Section 4 compares a linear model with an ensemble (gradient boosting) on the same folds, and says why the ensemble suits tabular churn data.',
      ],
      [
        'K7',
        'Section 3 chooses recall at a 20% contact rate because the team can call one customer in five, and explains why accuracy would mislead.',
      ],
      [
        'S2',
        "I turned the retention team's question (whom to call) into a ranking problem, with a success measure agreed with them (section 1).",
      ],
      [
        'S3',
        'I selected the 24 months of account, usage and billing data and the two algorithms compared (sections 2 and 4).',
      ],
      [
        'S14',
        "Section 4 and model-comparison.csv interpret the cross-validation results against the current rule and the team's capacity.",
      ],
      [
        'D2',
        'The next steps plan the work before deployment: a fairness review, a model card and monitoring.',
      ],
    ],
    review: {
      comment:
        'A clear framing and an honest comparison with the current rule. D2 needs more: see its reason.',
      reason:
        'Next steps are not yet the engineering plan D2 asks for: add the delivery plan, with its stages and who does what.',
    },
  },
  {
    title: 'Feature pipeline and model deployment to the staging environment',
    kind: 'code',
    files: () => demoFiles('code'),
    activityDate: '2026-05-04',
    description:
      'Built the feature pipeline with tests and CI, deployed the model behind an API in staging, and added drift monitoring.',
    tags: [
      [
        'K9',
        'churn_features.py builds the features in one pipeline (scaling, and encoding that tolerates new categories), so training and serving match.',
      ],
      [
        'K12',
        'The pipeline runs in the nightly job, and the CI pipeline deploys the model behind an API in staging.',
      ],
      [
        'K31',
        'The feature code is unit tested, kept in Git, and built and deployed by CI on every merge.',
      ],
      [
        'S5',
        'The notebook trains gradient boosting on the time-ordered split; I deployed the model to staging behind an API.',
      ],
      [
        'S10',
        'population_stability() checks the main features for drift before each release; the last cell of the notebook shows the figures.',
      ],
      [
        'S16',
        'I moved the prototype from the notebook into a tested module and a staging deployment.',
      ],
      [
        'D3',
        'Developed and tested in the notebook and staging, comparing the experiments before the release.',
      ],
      ['D4', 'Drift monitoring is in place in staging.'],
    ],
    review: {
      comment: 'Well-tested pipeline and a sensible drift check before release.',
      reason:
        'Staging is not the live environment: evidence D4 once the model is live and you support it there.',
    },
  },
  {
    title: 'Bias and fairness review with the data protection officer',
    kind: 'witness_testimony',
    files: () => demoFiles('witness_testimony'),
    activityDate: '2026-06-22',
    description:
      'Led a fairness review of the churn model across age bands and regions, documented mitigations, and presented them to the DPO.',
    tags: [
      [
        'K20',
        'The review compared error rates across age bands and regions, and traced a gap to older customers being under-represented in the training data.',
      ],
      [
        'K26',
        'We discussed whether using age in the model is fair to customers, and decided to keep it out of the features and use it only to audit.',
      ],
      [
        'S11',
        'With the DPO I checked the lawful basis and data minimisation at each stage; the whiteboard photo shows the stages we went through.',
      ],
      [
        'S20',
        'I proposed and validated a mitigation (reweighting): the recall gap between age bands fell from 9 to 3 points.',
      ],
      [
        'B4',
        'I raised the age-band gap with the DPO myself before the model went live, and wrote it up as it was.',
      ],
    ],
    review: null,
  },
];

/**
 * Each piece through the services as the apprentice and the tutor would: uploaded, tagged and
 * submitted three days after the work, and, when it has a review, decided a week later, each at
 * that time (Clock.at); evidence still waiting for its review is submitted now, so it is new in
 * the tutor's queue.
 */
export async function seedEvidence(
  app: INestApplicationContext,
  apprenticeshipId: string,
  apprentice: AuthUser,
  tutor: AuthUser,
  items = DEMO_EVIDENCE,
) {
  const evidence = app.get(EvidenceService);
  const review = app.get(EvidenceReviewService);
  const engine = app.get(UploadStorageEngine);
  const clock = app.get(Clock);
  for (const item of items) {
    // Through the upload engine, as over HTTP: the same checks, sniffed type and SHA-256.
    const uploads: StoredUpload[] = [];
    for (const { name, bytes } of (await item.files?.()) ?? []) {
      const part = { fieldname: 'files', originalname: name, stream: Readable.from([bytes]) };
      uploads.push(await engine.store(part as Express.Multer.File));
    }
    const submitted = item.review ? dayAt(item.activityDate, 3) : new Date();
    const created = await clock.at(submitted, async () => {
      const made = await evidence.create(apprentice, apprenticeshipId, item, uploads);
      await review.putTags(
        apprentice,
        made.id,
        item.tags.map(([code, justification]) => ({ code, justification })),
      );
      await review.submit(apprentice, made.id);
      return made;
    });
    if (item.review) {
      const { reason } = item.review;
      const decisions = item.tags.map(([code], i) =>
        reason && i === item.tags.length - 1
          ? { code, decision: 'rejected' as const, reason }
          : { code, decision: 'accepted' as const },
      );
      const comment = item.review.comment;
      await clock.at(dayAt(item.activityDate, 10), () =>
        review.review(tutor, created.id, { decisions, outcome: 'accepted', comment }),
      );
    }
  }
}
