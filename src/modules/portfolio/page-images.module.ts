import { Module } from '@nestjs/common';
import { PageImagesService } from './page-images.service.js';

/**
 * The page copies of images, on their own so that evidence (which makes them after an upload and
 * releases them with its files) and the portfolio (which draws them) share one service without
 * the evidence module depending on the whole portfolio.
 */
@Module({
  providers: [PageImagesService],
  exports: [PageImagesService],
})
export class PageImagesModule {}
