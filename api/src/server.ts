// The one place that listens. On SIGTERM/SIGINT it stops accepting, lets in-flight requests
// finish, closes the database, and exits 0 — or exits 1 if that takes longer than
// SHUTDOWN_TIMEOUT_MS.

import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`bengkel-api: configuration error: ${error.message}\n`);
  process.exit(2);
}

const app = await buildApp({ config }).catch((error: unknown) => {
  process.stderr.write(`bengkel-api: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  // Keep-alive connections go idle as their last response is sent; closing them as they do
  // lets the server finish as soon as the in-flight requests have.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  await app.close();
  clearInterval(sweep);
  app.log.info('stopped');
});

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  app.log.fatal({ err: error }, 'could not listen');
  await app.close();
  process.exit(1);
}
