import { Module } from '@nestjs/common';
import { StandardsModule } from '../standards/standards.module.js';
import { ApprenticeshipsController } from './apprenticeships.controller.js';
import { ApprenticeshipsService } from './apprenticeships.service.js';

@Module({
  imports: [StandardsModule],
  controllers: [ApprenticeshipsController],
  providers: [ApprenticeshipsService],
  exports: [ApprenticeshipsService],
})
export class ApprenticeshipsModule {}
