import { runApp } from '@park/platform';
import { PARK_APP } from './park.app';

void runApp({
  ...PARK_APP,
  afterListen: async (_app, config, logger) => {
    const base = `http://127.0.0.1:${config.http.port}`;
    logger.info({ health: `${base}/health` }, 'park is up');
    process.stdout.write(`\npark is up: ${base}/health\n`);
  },
});
