import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './common/logging/logger-options.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DatabaseTarget } from './database/embedded-postgres.js';
import { ApprenticeshipsModule } from './modules/apprenticeships/apprenticeships.module.js';
import { AuditTrailModule } from './modules/audit/audit.module.js';
import { AuditWriterModule } from './common/audit/audit.module.js';
import { ClockModule } from './common/clock/clock.module.js';
import { AccessModule } from './modules/access/access.module.js';
import { CoverageModule } from './modules/coverage/coverage.module.js';
import { GatewayModule } from './modules/gateway/gateway.module.js';
import { ProgressReviewsModule } from './modules/reviews/progress-reviews.module.js';
import { PortfolioModule } from './modules/portfolio/portfolio.module.js';
import { EvidenceModule } from './modules/evidence/evidence.module.js';
import { StorageModule } from './modules/storage/storage.module.js';
import { SuggestionsModule } from './modules/suggestions/suggestions.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CohortsModule } from './modules/cohorts/cohorts.module.js';
import { OrganisationsModule } from './modules/organisations/organisations.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IdempotencyModule } from './modules/idempotency/idempotency.module.js';
import { StandardsModule } from './modules/standards/standards.module.js';
import { WebModule } from './web/web.module.js';
import { OtjModule } from './modules/otj/otj.module.js';

@Module({})
export class AppModule {
  /** `database` is the configured server or the embedded one main.ts started. */
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule.forRoot(database, config.database),
        ScheduleModule.forRoot(),
        ClockModule,
        AuditWriterModule,
        AccessModule,
        HealthModule,
        StandardsModule,
        AuthModule,
        OrganisationsModule,
        UsersModule,
        CohortsModule,
        ApprenticeshipsModule,
        StorageModule,
        IdempotencyModule,
        AuditTrailModule,
        EvidenceModule,
        CoverageModule,
        PortfolioModule,
        GatewayModule,
        OtjModule,
        ProgressReviewsModule,
        SuggestionsModule,
        WebModule,
      ],
    };
  }
}
