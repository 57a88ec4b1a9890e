/**
 * Wires file storage into Nest once for the whole app: `FileStorage` (local disk under
 * `config.uploads.dir`, or an S3-compatible store with STORAGE=s3), the streaming upload engine,
 * and the multer options, so any feature controller's `@UseInterceptors(FilesInterceptor('files'))`
 * streams through the engine with the configured limits. Global: import it once, in AppModule.
 */
import { Global, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../../config/app-config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { FileStorage } from './storage.js';
import { TemporarySweeper } from './temporary-sweeper.js';
import { buildMulterOptions, uploadEngineOptions } from './upload/multer-options.js';
import { UploadStorageEngine } from './upload/upload-storage.engine.js';

@Global()
@Module({
  imports: [
    MulterModule.registerAsync({
      useFactory: buildMulterOptions,
      inject: [AppConfig, UploadStorageEngine],
    }),
  ],
  providers: [
    TemporarySweeper,
    {
      provide: FileStorage,
      useFactory: (config: AppConfig) => createFileStorage(config),
      inject: [AppConfig],
    },
    {
      provide: UploadStorageEngine,
      useFactory: (storage: FileStorage, config: AppConfig) =>
        new UploadStorageEngine(storage, uploadEngineOptions(config)),
      inject: [FileStorage, AppConfig],
    },
  ],
  exports: [FileStorage, UploadStorageEngine, MulterModule],
})
export class StorageModule {}

/**
 * The configured driver; every feature sees only `FileStorage`. The AWS SDK is loaded only when
 * S3 is configured: on local disk it would add its hundreds of modules to every start.
 */
export async function createFileStorage(config: AppConfig): Promise<FileStorage> {
  const storage = config.storage;
  if (storage.driver === 'disk') return new LocalDiskStorage(config.uploads.dir);
  const { S3Storage } = await import('./s3.storage.js');
  return new S3Storage({
    bucket: storage.bucket,
    region: storage.region,
    endpoint: storage.endpoint,
    forcePathStyle: storage.forcePathStyle,
    credentials: storage.credentials,
    prefix: storage.prefix,
  });
}
