import { Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../modules/apprenticeships/apprenticeships.module.js';
import { AuthModule } from '../modules/auth/auth.module.js';
import { CoverageModule } from '../modules/coverage/coverage.module.js';
import { EvidenceModule } from '../modules/evidence/evidence.module.js';
import { GatewayModule } from '../modules/gateway/gateway.module.js';
import { PortfolioModule } from '../modules/portfolio/portfolio.module.js';
import { OrganisationsModule } from '../modules/organisations/organisations.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { StandardsModule } from '../modules/standards/standards.module.js';
import { PageGuard } from './page.guard.js';
import { WEB_CONTROLLERS } from './web-controllers.js';

/** The web pages: thin controllers over the same services the API uses. */
@Module({
  imports: [
    AuthModule,
    ApprenticeshipsModule,
    CoverageModule,
    EvidenceModule,
    GatewayModule,
    PortfolioModule,
    OrganisationsModule,
    UsersModule,
    StandardsModule,
  ],
  controllers: WEB_CONTROLLERS,
  providers: [PageGuard],
})
export class WebModule {}
