import { runApp } from '@park/platform';
import { runDemo } from './demo/demo.runner';
import { writeDemoTokens } from './demo/demo-tokens';
import { PARK_APP } from './park.app';

void runApp({
  ...PARK_APP,
  afterListen: async (app, config, logger) => {
    const base = `${config.tls ? 'https' : 'http'}://127.0.0.1:${config.http.port}`;
    try {
      await runDemo(app, config, logger, (text) => process.stdout.write(text));
    } catch (error) {
      // The demo is a showcase: its failure is reported, the park keeps serving.
      logger.error({ err: error }, 'demo failed');
      process.stdout.write(`\ndemo failed: ${(error as Error).message}\n`);
    }
    try {
      await writeDemoTokens(app, config, (text) => process.stdout.write(text));
    } catch (error) {
      logger.error({ err: error }, 'demo tokens failed');
    }
    logger.info({ health: `${base}/health` }, 'park is up');
    process.stdout.write(`\npark is up: ${base}/health\n`);
    // the web console (apps/console), served by libs/console-web
    process.stdout.write(`console: ${base}/console/\n`);
  },
});
