import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { StandardsModule } from '../standards/standards.module.js';
import { CohortEntity } from './cohort.entity.js';
import { CohortsController } from './cohorts.controller.js';
import { CohortsService } from './cohorts.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CohortEntity]), StandardsModule, OrganisationsModule],
  controllers: [CohortsController],
  providers: [CohortsService],
  exports: [CohortsService],
})
export class CohortsModule {}
