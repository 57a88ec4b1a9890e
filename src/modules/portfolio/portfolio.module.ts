import { Module } from '@nestjs/common';
import { CoverageModule } from '../coverage/coverage.module.js';
import { OtjModule } from '../otj/otj.module.js';
import { PageImagesModule } from './page-images.module.js';
import { PortfolioBuilder } from './portfolio-builder.js';
import { PortfolioController } from './portfolio.controller.js';
import { PortfolioService } from './portfolio.service.js';

/** Builds and renders portfolios; the gateway module serves them. */
@Module({
  imports: [CoverageModule, OtjModule, PageImagesModule],
  controllers: [PortfolioController],
  providers: [PortfolioBuilder, PortfolioService],
  exports: [PortfolioBuilder, PortfolioService],
})
export class PortfolioModule {}
