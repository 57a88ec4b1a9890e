import { Module } from '@nestjs/common';
import { StandardsCatalogueLoader } from './standards-catalogue.loader.js';
import { StandardsController } from './standards.controller.js';
import { StandardsService } from './standards.service.js';

@Module({
  controllers: [StandardsController],
  providers: [StandardsService, StandardsCatalogueLoader],
  exports: [StandardsService],
})
export class StandardsModule {}
