import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { StandardsModule } from '../standards/standards.module.js';
import { ApprenticeshipsController } from './apprenticeships.controller.js';
import { ApprenticeshipsService } from './apprenticeships.service.js';

@Module({
  imports: [StandardsModule, OrganisationsModule],
  controllers: [ApprenticeshipsController],
  providers: [ApprenticeshipsService],
  exports: [ApprenticeshipsService],
})
export class ApprenticeshipsModule {}
