/**
 * A bare NestJS application: one module, one health controller, the same `api` prefix and the
 * same way of starting (`node dist/...`, PORT from the environment). The startup bench measures
 * the service against it, so the figures say how much slower than Nest itself the service starts.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller('health')
class HealthController {
  @Get()
  check() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HealthController] })
class BareModule {}

const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
app.setGlobalPrefix('api');
await app.listen(Number(process.env.PORT ?? 3000));
