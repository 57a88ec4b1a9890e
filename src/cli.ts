import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { AppConfig, loadConfig } from './config/app-config.js';
import { projectRoot } from './config/project-root.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { startDatabase } from './database/embedded-postgres.js';
import { runMigrationsUnderLock } from './database/migration-lock.js';
import { diffEntitiesAgainstMigrations } from './database/schema-diff.js';
import { seedDemo } from './modules/demo/demo-seed.js';
import { EvidenceOrphanSweeper } from './modules/evidence/evidence-orphans.js';
import { UsersService } from './modules/users/users.service.js';

type Command = (args: string[], config: AppConfig) => Promise<void>;

/** Opens the configured database (embedded or DATABASE_URL) for the length of one command. */
async function withDataSource<T>(
  config: AppConfig,
  work: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const database = await startDatabase(config.database).running;
  const dataSource = new DataSource(
    buildDataSourceOptions({
      url: database.url,
      poolSize: database.poolSize,
      migrationsRun: false,
    }),
  );
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

/** Boots the application without HTTP (migrations and catalogue included) for one command. */
async function withApp<T>(
  config: AppConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const database = await startDatabase(config.database).running;
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database), {
      logger: ['error', 'warn'],
    });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

const commands: Record<string, { help: string; run: Command }> = {
  'migration:run': {
    help: 'apply pending migrations to the configured database',
    run: (_args, config) =>
      withDataSource(config, async (ds) => {
        // The same lock the service takes at start: safe beside running instances.
        const applied = await runMigrationsUnderLock(ds, {
          onWait: () => console.log('Another process is applying migrations; waiting for it'),
        });
        console.log(
          applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'up to date',
        );
      }),
  },
  'create-admin': {
    help: 'create an admin (or reset its password) from ADMIN_EMAIL and ADMIN_PASSWORD',
    run: (_args, config) => {
      const admin = config.auth.admin;
      if (!admin) throw new Error('Set ADMIN_EMAIL and ADMIN_PASSWORD (12+ characters)');
      return withApp(config, async (app) => {
        const user = await app
          .get(UsersService)
          .createAdmin(admin.email, 'Administrator', admin.password);
        console.log(`Admin ready: ${user.email}`);
      });
    },
  },
  'seed:demo': {
    help: 'create demo organisations, one user of each role, a cohort and an apprenticeship',
    run: (_args, config) =>
      withApp(config, async (app) => {
        const credentials = await seedDemo(app);
        console.log('Demo data ready. Sign in with POST /api/auth/login using:\n');
        for (const c of credentials) {
          console.log(
            `  ${c.role.padEnd(11)} ${c.email.padEnd(28)} ${c.password.padEnd(22)} ${c.name}`,
          );
        }
      }),
  },
  'sweep-uploads': {
    help: 'delete stored files no database row references (older than UPLOAD_ORPHAN_GRACE_MINUTES)',
    run: (_args, config) =>
      withApp(config, async (app) => {
        const result = await app.get(EvidenceOrphanSweeper).sweep();
        console.log(JSON.stringify(result));
      }),
  },
  'migration:check': {
    help: 'fail when the entities and the migrations disagree',
    run: async () => {
      const diff = await diffEntitiesAgainstMigrations();
      if (diff.up.length > 0) {
        console.error('Entities and migrations disagree; a migration would need:\n');
        console.error(diff.up.map((q) => `  ${q};`).join('\n'));
        process.exitCode = 1;
        return;
      }
      console.log('Entities and migrations agree.');
    },
  },
  'migration:generate': {
    help: '<Name>: write migrations/<timestamp>-<name>.ts with what the entities need',
    run: async ([name]) => {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Give a PascalCase name');
      const diff = await diffEntitiesAgainstMigrations();
      if (diff.up.length === 0)
        return console.log('Nothing to generate: entities and migrations agree.');
      const timestamp = Date.now();
      const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
      await writeFile(
        join(projectRoot(), 'migrations', file),
        migrationSource(name, timestamp, diff),
      );
      console.log(`Wrote migrations/${file}; add ${name}${timestamp} to migrations/index.ts`);
    },
  },
};

function migrationSource(name: string, timestamp: number, diff: { up: string[]; down: string[] }) {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(diff.up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(diff.down)}
  }
}
`;
}

async function main(): Promise<void> {
  // Commands print their own results; Nest's console logger only reports problems.
  Logger.overrideLogger(['error', 'warn']);
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log('Usage: npm run cli -- <command>\n');
    for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(22)} ${c.help}`);
    process.exitCode = name ? 2 : 0;
    return;
  }
  await command.run(args, loadConfig());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
