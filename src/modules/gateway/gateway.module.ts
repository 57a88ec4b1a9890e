import { Module } from '@nestjs/common';
import { ApprenticeshipsModule } from '../apprenticeships/apprenticeships.module.js';
import { CoverageModule } from '../coverage/coverage.module.js';
import { PortfolioModule } from '../portfolio/portfolio.module.js';
import { OtjModule } from '../otj/otj.module.js';
import { GatewayController } from './gateway.controller.js';
import { GatewayFreezeService } from './gateway-freeze.service.js';
import { GatewayService } from './gateway.service.js';
import { SnapshotsService } from './snapshots.service.js';

@Module({
  imports: [ApprenticeshipsModule, CoverageModule, PortfolioModule, OtjModule],
  controllers: [GatewayController],
  providers: [GatewayService, GatewayFreezeService, SnapshotsService],
  exports: [GatewayService, GatewayFreezeService, SnapshotsService],
})
export class GatewayModule {}
