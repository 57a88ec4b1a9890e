import { type DemoEvidence, tagLines } from './demo-evidence.js';
import { handoverSummaryPdf, modelCardMarkdown, tuningResultsCsv } from './demo-gateway-files.js';

/**
 * The second demo apprentice's portfolio, ready for gateway: twelve pieces of evidence over two
 * years of work on a returns-fraud model (the EPA plan's "typically 10–18"), every one accepted (a
 * few with files: a table of tuning results, the model card, the board's handover summary),
 * between them every K, S and B of ST1398 at least once and each duty, so that the portfolio
 * freezes without an override and the assessor has a whole EPA pack to read.
 */
export const GATEWAY_EVIDENCE: DemoEvidence[] = [
  {
    title: 'Delivery plan for the returns-fraud classifier',
    kind: 'report',
    activityDate: '2024-11-18',
    description:
      'Scoped the returns-fraud project with the returns and finance teams and planned its delivery in CRISP-ML stages, with the checkpoints each team signs off.',
    tags: tagLines(`
      K4 The plan follows CRISP-ML: each stage has its outputs, its checks and who signs it off.
      S4 I ran the project in two-week sprints against that plan, with a burn-down the teams could see.
      S2 I turned "stop fraudulent returns" into a ranking of returns to inspect, at the 2% the warehouse can check by hand.
      K11 The plan sets the model against the £1.2m a year written off on fraudulent returns, and says how much of that a 2% inspection rate could save.
      D2 This is the engineering plan for the model: stages, environments, tests and the release route.
      K22 The warehouse supervisors were interviewed before scoping, as the people who will act on the scores.
      S27 Finance wanted the model in three months and the warehouse wanted no extra checks at peak: I agreed a pilot outside the Christmas peak with both.
    `),
    review: {
      comment: 'A plan both teams can hold you to. Keep the burn-down with it for the EPA.',
    },
  },
  {
    title: 'Returns-fraud classifier: data preparation and model selection',
    kind: 'code',
    activityDate: '2025-01-20',
    description:
      'Joined returns, orders and customer history, engineered the features, and compared three model families on a time-ordered split.',
    tags: tagLines(`
      K9 The notebook shows the features that mattered (days since purchase, return reason, basket mix) and the ones dropped as leaky.
      K10 Each join is tested for row counts and nulls, and the split is by time so the model is never tested on the past.
      S3 I chose the 18 months of returns data and compared logistic regression, random forest and gradient boosting.
      K5 The comparison explains why a supervised ensemble suits labelled, tabular fraud cases better than anomaly detection here.
      K16 Written in Python with pandas and scikit-learn in VS Code, with the shared pre-commit checks.
      K18 Class weights follow from the 1.8% base rate; the notebook works through why log loss, not accuracy, is optimised.
      S12 The business problem (which returns to inspect) is solved as cost-sensitive classification.
      D3 Developed and tracked in the pre-production workspace, with every experiment logged in MLflow.
    `),
    review: { comment: 'Good that the leaky features are shown and not just dropped.' },
  },
  {
    title: 'Evaluation and tuning of the returns-fraud classifier',
    kind: 'report',
    activityDate: '2025-02-24',
    description:
      'Chose the evaluation metric with finance, tuned gradient boosting, and tested the model on a held-out quarter and on the old rules engine’s cases.',
    files: () => Promise.resolve([{ name: 'tuning-results.csv', bytes: tuningResultsCsv() }]),
    tags: tagLines(`
      K7 Precision at a 2% inspection rate was agreed with finance: each inspection costs staff time, so a false alarm has a price.
      S7 tuning-results.csv lists the 40 configurations tried, with cross-validated precision and its spread.
      S9 Tuning raised precision at 2% from 0.31 to 0.38; adding the customer’s return history raised it to 0.44.
      K19 The held-out quarter and a replay of the rules engine’s 2024 cases were the acceptance tests.
      S14 I compared the model with the inherited rules engine on the same returns: twice the fraud found per inspection.
      K8 I checked which features made performance unstable across months (basket mix shifted with promotions) and capped them.
    `),
    review: {
      comment: 'The replay against the rules engine makes the case; the CSV backs every figure.',
    },
  },
  {
    title: 'Threat model and security review of the scoring API',
    kind: 'work_product',
    activityDate: '2025-03-31',
    description:
      'Wrote the threat model for the scoring API with the security team before the build, and reviewed the model’s supply chain.',
    tags: tagLines(`
      K3 The threat model covers authentication, integrity of the scores, and an adversary learning which returns are not inspected.
      S1 It was done at design, before the API was built, and its mitigations were in the first sprint’s backlog.
      S8 I mitigated score probing by rate limiting per account and by keeping the threshold server-side.
      K27 The review notes that the team shared one service account: I raised it and each service now has its own.
      S18 The review pins the Python packages and base image and checks them for known vulnerabilities in CI.
      D8 Security and data governance were signed off by the security lead before the API went live.
    `),
    review: {
      comment: 'Done before the build, as S1 asks. Well spotted on the shared service account.',
    },
  },
  {
    title: 'Deployment of the fraud model with CI/CD and a canary release',
    kind: 'code',
    activityDate: '2025-05-12',
    description:
      'Packaged the model behind an API, deployed it through the CI/CD pipeline with a canary release, and retired the old rules engine.',
    tags: tagLines(`
      K12 The pipeline builds the image, runs the tests and deploys to 5% of returns first, then to all.
      K31 Unit and integration tests, code review on every merge, and versioned model artefacts.
      S5 I deployed the model as a container behind the scoring API used by the returns desk.
      S16 The prototype from the notebook became a tested package and a live service.
      K14 Each release has a change request with its model version, its test results and its rollback plan.
      S19 I load-tested the API at three times the Boxing Day peak and sized it at two replicas with autoscaling to six.
      S25 The rules engine was decommissioned by the retirement procedure: archived, its data kept for two years, then deleted.
      D4 The model is live and I support it: dashboards, alerts and an on-call rota with the platform team.
    `),
    review: {
      comment:
        'The change requests and the retirement record are exactly the evidence K14 and S25 need.',
    },
  },
  {
    title: 'Drift monitoring, incident and retraining of the fraud model',
    kind: 'work_product',
    activityDate: '2025-07-07',
    description:
      'Set up drift and performance monitoring, handled an incident when a new returns portal changed the data, and retrained the model.',
    tags: tagLines(`
      S10 The dashboard tracks precision on inspected returns each week against the agreed floor.
      S24 Population stability on the top features flagged the new portal’s return reasons before precision fell.
      S13 The monthly retraining is tracked and each new model is tested against the live one before it replaces it.
      K2 The incident took the model back through the lifecycle: new data, retraining, evaluation, redeployment and monitoring.
      K6 The review names the risk that caused it, a change upstream, and the test that now catches it.
      B5 The portal change was not announced: I found the cause with incomplete information, and kept the returns desk working meanwhile.
      D6 I switched the desk to the previous model within the hour, so inspections went on while the fix was made.
    `),
    review: { comment: 'A calm incident, and a test that now catches the cause.' },
  },
  {
    title: 'Data protection impact assessment and model card',
    kind: 'report',
    activityDate: '2025-09-08',
    description:
      'Completed the DPIA for the fraud model with the data protection officer and wrote its model card.',
    files: () => Promise.resolve([{ name: 'model-card.md', bytes: modelCardMarkdown() }]),
    tags: tagLines(`
      K13 The DPIA records the data lineage of each feature, how long returns data is kept and who may see the scores.
      K24 It covers the lawful basis, data minimisation and the quality checks the data passes.
      K25 The assessment follows the ICO’s guidance on AI and data protection, and the model card the company’s assurance framework.
      S11 Customer age was left out at the data stage after weighing the legal and ethical risk with the DPO.
      S6 model-card.md documents the model’s purpose, data, versions, owners and how it is retrained and retired.
      S28 The model card was written for the returns desk as well as engineers: what a score means and what it does not.
      K26 The card sets out the ethical limits: a score leads to an inspection, never to a refusal without a person deciding.
      B4 I reported that an early feature used postcode, a proxy for protected characteristics, and removed it.
      D1 The DPIA and model card are the model’s safe and responsible use, signed off before it scored any customer.
    `),
    review: {
      comment: "The DPO's sign-off and the model card together cover the governance KSBs well.",
    },
  },
  {
    title: 'Fairness audit of the returns-fraud model',
    kind: 'report',
    activityDate: '2025-10-20',
    description:
      'Audited the model’s inspection rates and precision across customer groups, as the company’s AI policy requires every six months.',
    tags: tagLines(`
      K20 The audit traced a higher false-alarm rate for new customers to their short history, not to the model’s method.
      S20 I validated the model with per-group precision and confidence intervals before and after a fix.
      S17 The audit was done to the company’s AI policy and filed with internal audit, with its evidence.
      S32 It applies the company’s model risk policy: the model’s tier, its required checks and their results.
      S30 The groups were chosen with the diversity and inclusion lead, and the findings shared with the staff network.
      K29 The audit shows how my role supports the company’s governance principles and its commitments to customers.
    `),
    review: {
      comment:
        'Clear method and honest findings; filed with internal audit as the policy requires.',
    },
  },
  {
    title: 'Cost and carbon review of training and serving',
    kind: 'report',
    activityDate: '2025-12-08',
    description:
      'Measured what the model costs to train and serve, in money and carbon, and moved training to a smaller, greener schedule.',
    tags: tagLines(`
      K15 The review compares running on our own servers with the cloud provider’s managed training, by cost and data location.
      K17 It uses the provider’s carbon figures per region to estimate each retraining’s footprint.
      S15 I advocated moving training to a low-carbon region at night; the platform team agreed.
      S22 I chose CPU instances for training after measuring that GPUs saved little on this tabular model.
      S23 Retraining now runs monthly instead of weekly, as the monitoring showed no loss: 70% less energy.
      B2 I took on the review myself and put the sustainable option forward even though it was slower to set up.
      D5 Serving costs are now in the monthly service report beside the agreed budget.
    `),
    review: {
      comment: 'The 70% figure is measured, not estimated: say so in the professional discussion.',
    },
  },
  {
    title: 'Vendor document-AI API in the claims intake process',
    kind: 'project',
    activityDate: '2026-02-16',
    description:
      'Evaluated a vendor’s document-AI API against building our own model for reading returns claims, and integrated the chosen one.',
    tags: tagLines(`
      K30 The evaluation covers the vendor’s API: accuracy on our claims, cost per page, data handling and lock-in.
      S33 I integrated the vendor API into claims intake behind a queue, with a fallback to manual entry.
      S34 I spotted that claims staff retyped 400 forms a day and proposed automating it.
      K1 The options compared a vision model of our own, an LLM-based extractor and the vendor’s OCR.
      S21 A weekly sample of extracted fields is checked by staff, and the error rate is tracked against a threshold.
      S26 I recommended the vendor over the in-house model the team preferred, and set out why in the decision log.
    `),
    review: {
      comment:
        "The decision log shows your reasoning against the team's preference: good S26 evidence.",
    },
  },
  {
    title: 'Handover and presentation to the operations board',
    kind: 'presentation',
    activityDate: '2026-05-11',
    description:
      'Presented the fraud model’s first year to the operations board for approval to hand it over to the returns platform team.',
    files: async () => [{ name: 'handover-summary.pdf', bytes: await handoverSummaryPdf() }],
    tags: tagLines(`
      S29 handover-summary.pdf is the report the board approved the handover with.
      K21 The board saw money saved and inspections per fraud found; the platform team got a technical appendix.
      K23 The handover shows how the model supports the returns desk and how the analysts use its scores.
      B3 I ran two sessions for the desk staff, in plain language, and changed the dashboard after their questions.
      D7 The board’s decision and each stakeholder’s sign-off are recorded in the project log.
    `),
    review: { comment: "The board's approval and the desk sessions are well evidenced." },
  },
  {
    title: 'Horizon scanning: an LLM-assisted product categorisation pilot',
    kind: 'project',
    activityDate: '2026-08-03',
    description:
      'Followed developments in LLMs embedded in tooling, and ran a two-week pilot of LLM-assisted categorisation of returned products.',
    tags: tagLines(`
      K28 The pilot came from tracking how LLMs are now built into our data tools.
      S31 I compared three newer approaches with the current classifier on the same 2,000 products.
      B1 I proposed the pilot myself, after a course I chose, and ran it in my learning time.
      D9 The write-up, shared at the team’s learning session, keeps my knowledge and the team’s current.
    `),
    review: { comment: 'Self-directed and shared with the team. Ready for gateway.' },
  },
];
