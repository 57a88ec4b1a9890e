import { Global, Module } from '@nestjs/common';
import { AuditWriter } from './audit-writer.js';

/** The trail's writer, for every feature. */
@Global()
@Module({ providers: [AuditWriter], exports: [AuditWriter] })
export class AuditWriterModule {}
