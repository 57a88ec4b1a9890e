/** The renderer's made-up portfolios, for the tests and benches (they live beside the renderer). */
export {
  buildPortfolio,
  type FixtureOptions,
  makePng,
  sha256,
  st1398Criteria,
} from '../../src/modules/portfolio/pdf/sample-portfolio.js';
