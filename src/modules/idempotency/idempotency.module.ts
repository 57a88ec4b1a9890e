import { Global, Module, OnApplicationBootstrap, Logger } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyService } from './idempotency.service.js';

/** Idempotency-Key support for any route that declares `@Idempotent(scope)`. */
@Global()
@Module({
  providers: [IdempotencyService, IdempotencyInterceptor],
  exports: [IdempotencyService, IdempotencyInterceptor],
})
export class IdempotencyModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdempotencyModule.name);

  constructor(private readonly keys: IdempotencyService) {}

  onApplicationBootstrap(): void {
    void this.keys.purge().catch((e: unknown) => this.logger.warn(`purge failed: ${String(e)}`));
  }
}
