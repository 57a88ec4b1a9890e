import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** The access room, for every feature and every way in. */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
