import 'reflect-metadata';
import { INestApplication, Logger, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, DocoraConfig, loadConfig } from '@lib/config';
import { HttpErrorFilter } from './http-error.filter';
import { PlatformModule } from './platform.module';
import { answerClientErrors, applyHttpHardening } from './security';
import { createValidationPipe } from './validation.pipe';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

function logLevels(level: DocoraConfig['logLevel']): LogLevel[] {
  const wanted = level === 'info' ? 'log' : level;
  return LEVELS.slice(0, LEVELS.indexOf(wanted) + 1);
}

/** Shared by every main.ts and by the test harness, so tests run the app exactly as production does. */
export function configureApp(app: INestApplication, config: DocoraConfig): void {
  const express = app as NestExpressApplication;
  // TRUST_PROXY (default off): only then may X-Forwarded-For choose the client address and its rate-limit bucket.
  express.set('trust proxy', config.http.trustProxy);
  express.disable('x-powered-by');
  applyHttpHardening(express, config);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
}

export interface StartedApp {
  app: INestApplication;
  url: string;
}

/** Creates and starts one Nest application hosting the given app modules. */
export async function startApps(
  name: string,
  apps: Type[],
  config: DocoraConfig = loadConfig(),
): Promise<StartedApp> {
  // Paths are case-sensitive (RFC 3986, and v1): `/API/repositories` is not a route. Express copies the setting into
  // its router when the router is created, which the adapter's constructor already did; the router applies its
  // flag to each route as it is registered, and Nest registers them later (at init). Guarded by an e2e test.
  const adapter = new ExpressAdapter();
  adapter.set('case sensitive routing', true);
  adapter.getInstance<{ router: { caseSensitive: boolean } }>().router.caseSensitive = true;
  const app = await NestFactory.create<NestExpressApplication>(PlatformModule.forApps(apps), adapter, {
    logger: logLevels(config.logLevel),
    bodyParser: false,
  });
  configureApp(app, config);
  answerClientErrors(app.getHttpServer());
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  const url = `http://${host}:${address.port}`;
  new Logger(name).log(`listening on ${url}`);
  return { app, url };
}

/** main.ts entry: a bad configuration stops the process with a message naming the variable. */
export function runMain(name: string, apps: () => Type[], after?: (started: StartedApp) => void): void {
  let config: DocoraConfig;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  }
  startApps(name, apps(), config)
    .then((started) => after?.(started))
    .catch((e: unknown) => {
      console.error(`${name} failed to start:`, e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
