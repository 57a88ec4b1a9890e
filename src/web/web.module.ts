import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApprenticeshipsModule } from '../modules/apprenticeships/apprenticeships.module.js';
import { AuthModule } from '../modules/auth/auth.module.js';
import { CoverageModule } from '../modules/coverage/coverage.module.js';
import { EvidenceModule } from '../modules/evidence/evidence.module.js';
import { GatewayModule } from '../modules/gateway/gateway.module.js';
import { ProgressReviewsModule } from '../modules/reviews/progress-reviews.module.js';
import { SuggestionsModule } from '../modules/suggestions/suggestions.module.js';
import { PortfolioModule } from '../modules/portfolio/portfolio.module.js';
import { CohortsModule } from '../modules/cohorts/cohorts.module.js';
import { OrganisationsModule } from '../modules/organisations/organisations.module.js';
import { StandardsModule } from '../modules/standards/standards.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { OtjModule } from '../modules/otj/otj.module.js';
import { PageGuard } from './page.guard.js';
import { WEB_CONTROLLERS } from './web-controllers.js';
import { answerUnknownPages } from './web-setup.js';

/** The web pages: thin controllers over the same services the API uses. */
@Module({
  imports: [
    AuthModule,
    ApprenticeshipsModule,
    CoverageModule,
    EvidenceModule,
    GatewayModule,
    ProgressReviewsModule,
    SuggestionsModule,
    PortfolioModule,
    CohortsModule,
    OrganisationsModule,
    StandardsModule,
    UsersModule,
    OtjModule,
  ],
  controllers: WEB_CONTROLLERS,
  providers: [PageGuard],
})
export class WebModule implements OnApplicationBootstrap {
  constructor(private readonly http: HttpAdapterHost) {}

  /**
   * Runs once every route is mounted, so the unknown-page answer comes after all of them. The
   * CLI's application context has no HTTP server, and no pages.
   */
  onApplicationBootstrap(): void {
    if (this.http.httpAdapter) answerUnknownPages(this.http.httpAdapter);
  }
}
