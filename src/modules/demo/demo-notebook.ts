/**
 * The demo's code evidence: a notebook (markdown, code with execution counts, printed output and
 * a plot) and the pipeline's module with its docstrings, as an ML apprentice commits them.
 */
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { projectRoot } from '../../config/project-root.js';

const PLOT_FONT = join(projectRoot(), 'templates', 'fonts', 'NotoSans-Regular.ttf');

/**
 * `text` as SVG paths in Noto Sans, the template's own font, so the picture is the same on every
 * machine (an SVG `<text>` would be drawn in whatever font the machine has). Anchored at its start,
 * middle or end; turned by `rotate` degrees about the anchor.
 */
function svgText(
  font: Font,
  text: string,
  at: { x: number; y: number; size: number; anchor?: 'start' | 'middle' | 'end'; rotate?: number },
): string {
  const run = font.layout(text);
  const scale = at.size / font.unitsPerEm;
  const width = run.advanceWidth * scale;
  const shift = { start: 0, middle: -width / 2, end: -width }[at.anchor ?? 'start'];
  let pen = shift;
  const glyphs = run.glyphs.map((glyph, i) => {
    const here = pen + run.positions[i].xOffset * scale;
    pen += run.positions[i].xAdvance * scale;
    return `<path transform="translate(${here.toFixed(2)} 0) scale(${scale} ${-scale})" d="${glyph.path.toSVG()}"/>`;
  });
  return `<g transform="translate(${at.x} ${at.y}) rotate(${at.rotate ?? 0})" fill="#333333">${glyphs.join('')}</g>`;
}

/**
 * The notebook's plot, as matplotlib would draw `plot_roc`: ROC curves of the two models against
 * chance (curves of the form 1 - (1 - x)^p, whose area under is 1 - 1/(p + 1): the AUCs the cell
 * above prints), with its title, axis labels, ticks and legend.
 */
async function rocPlot(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const font = fontkit.openSync(PLOT_FONT) as Font;
  const [w, h] = [640, 420];
  const [left, right, top, bottom] = [64, w - 24, 40, h - 56];
  const x = (fpr: number) => left + fpr * (right - left);
  const y = (tpr: number) => bottom - tpr * (bottom - top);
  const models = [
    { name: 'Logistic regression', power: 3.2, colour: '#1f77b4' },
    { name: 'Gradient boosting', power: 6.2, colour: '#ff7f0e' },
  ];
  const curve = (power: number) =>
    Array.from({ length: 41 }, (_, i) => {
      const fpr = i / 40;
      return `${x(fpr).toFixed(1)},${y(1 - (1 - fpr) ** power).toFixed(1)}`;
    }).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks
    .slice(1, -1)
    .map(
      (v) =>
        `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(1)}" stroke="#e5e5e5"/>` +
        `<line x1="${x(0)}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
    )
    .join('');
  const tickLabels = ticks
    .map(
      (v) =>
        svgText(font, String(v), { x: x(v), y: bottom + 18, size: 12, anchor: 'middle' }) +
        svgText(font, String(v), { x: left - 8, y: y(v) + 4, size: 12, anchor: 'end' }),
    )
    .join('');
  const legend = models
    .map(({ name, power, colour }, i) => {
      const row = bottom - 44 + i * 20;
      const auc = (1 - 1 / (power + 1)).toFixed(3);
      return (
        `<line x1="${x(0.52)}" y1="${row}" x2="${x(0.58)}" y2="${row}" stroke="${colour}" stroke-width="3"/>` +
        svgText(font, `${name} (AUC ${auc})`, { x: x(0.6), y: row + 4, size: 12 })
      );
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="${w}" height="${h}" fill="#ffffff"/>${grid}
    <path d="M${x(0)},${y(1)} V${y(0)} H${x(1)}" fill="none" stroke="#333333" stroke-width="2"/>
    <line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999999" stroke-dasharray="6 6"/>
    ${models.map((m) => `<polyline points="${curve(m.power)}" fill="none" stroke="${m.colour}" stroke-width="3"/>`).join('')}
    ${tickLabels}${legend}
    ${svgText(font, 'ROC: gradient boosting (orange) against logistic regression (blue)', { x: (left + right) / 2, y: 24, size: 14, anchor: 'middle' })}
    ${svgText(font, 'False positive rate', { x: (left + right) / 2, y: h - 14, size: 13, anchor: 'middle' })}
    ${svgText(font, 'True positive rate', { x: 20, y: (top + bottom) / 2, size: 13, anchor: 'middle', rotate: -90 })}
  </svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

const lines = (text: string) => text.split(/(?<=\n)/);

/** The feature pipeline's notebook: markdown, code with its outputs, and the plot. */
export async function featureNotebook(): Promise<Buffer> {
  const code = (n: number, source: string, outputs: object[]) => ({
    cell_type: 'code',
    execution_count: n,
    metadata: {},
    source: lines(source),
    outputs,
  });
  const markdown = (source: string) => ({
    cell_type: 'markdown',
    metadata: {},
    source: lines(source),
  });
  const stdout = (text: string) => ({ output_type: 'stream', name: 'stdout', text: lines(text) });
  const cells = [
    markdown(
      '# Churn features v2 and the staging model\n\nBuilds the features with the tested pipeline in `churn_features.py`, trains gradient boosting on the time-ordered split, and checks the ROC curve before the model goes to staging.',
    ),
    code(
      1,
      'import pandas as pd\nfrom churn_features import build_baseline, build_pipeline, population_stability\nfrom churn_metrics import plot_roc, recall_at, roc_auc\n\ndf = pd.read_parquet("warehouse/churn_snapshot_2026_04.parquet")\ndf.shape',
      [
        {
          output_type: 'execute_result',
          execution_count: 1,
          metadata: {},
          data: { 'text/plain': ['(7043, 31)'] },
        },
      ],
    ),
    code(
      2,
      'train, test = df[df.snapshot < "2026-01-01"], df[df.snapshot >= "2026-01-01"]\nmodel = build_pipeline().fit(train, train.churned)\nbaseline = build_baseline().fit(train, train.churned)\nprint(f"recall at 20%: {recall_at(model, test, 0.2):.2f}")\nprint(f"ROC AUC: {roc_auc(model, test):.3f}")',
      [stdout('recall at 20%: 0.61\nROC AUC: 0.861\n')],
    ),
    code(
      3,
      'ax = plot_roc(model, baseline, test)\nax.set_title("ROC: gradient boosting (orange) against logistic regression (blue)")',
      [
        {
          output_type: 'display_data',
          metadata: {},
          data: {
            'image/png': (await rocPlot()).toString('base64'),
            'text/plain': ['<Figure size 640x420 with 1 Axes>'],
          },
        },
      ],
    ),
    markdown(
      '## Drift check before deployment\n\nPopulation stability of the ten most important features between training and the last month; above 0.2 would stop the release.',
    ),
    code(
      4,
      'for feature, psi in population_stability(train, df.tail(600)).head(3).items():\n    print(f"{feature:<24} PSI {psi:.3f}")',
      [
        stdout(
          'monthly_charges          PSI 0.041\ntenure_months            PSI 0.018\nsupport_calls_90d        PSI 0.112\n',
        ),
      ],
    ),
  ];
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
    cells,
  };
  return Buffer.from(JSON.stringify(nb, null, 1) + '\n');
}

export const PIPELINE_PY =
  Buffer.from(`"""Churn features: the tested pipeline behind the staging model.

Run by the nightly job and by the notebook, so training and serving build features the same way.
"""
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["tenure_months", "monthly_charges", "support_calls_90d", "usage_trend_30d"]
CATEGORICAL = ["contract", "payment_method", "region"]


def build_pipeline() -> Pipeline:
    """Features and model in one object, so serving cannot skip a step."""
    features = ColumnTransformer([
        ("numeric", StandardScaler(), NUMERIC),
        # Unknown categories at serving time (a new region) must not fail a prediction.
        ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    return Pipeline([
        ("features", features),
        ("model", HistGradientBoostingClassifier(max_depth=4, learning_rate=0.05)),
    ])


def build_baseline() -> Pipeline:
    """The logistic regression that monitoring keeps comparing the model against."""
    return Pipeline([("features", build_pipeline().named_steps["features"]),
                     ("model", LogisticRegression(max_iter=1000))])


def population_stability(expected: pd.DataFrame, actual: pd.DataFrame, bins: int = 10) -> pd.Series:
    """Population stability index of each numeric feature; above 0.2 means it has drifted."""
    scores = {}
    for column in NUMERIC:
        edges = np.quantile(expected[column], np.linspace(0, 1, bins + 1))
        e = np.histogram(expected[column], edges)[0] / len(expected) + 1e-6
        a = np.histogram(actual[column], edges)[0] / len(actual) + 1e-6
        scores[column] = float(np.sum((a - e) * np.log(a / e)))
    return pd.Series(scores).sort_values(ascending=False)
`);
