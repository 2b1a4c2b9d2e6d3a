import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { registry } from '@park/observability';
import type { ThreadApp } from '@park/platform';

// Thread apps for test/integration/feature-thread.test.ts; loaded by the worker threads, never by the test itself.

const starts = new Counter({
  name: 'park_test_thread_starts_total',
  help: 'Starts of the fixture thread app',
  registers: [registry],
});

/** Counts its start in its thread's registry; leaves a file in PARK_LOCAL_DIR when its app closes. */
@Injectable()
class Marker implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}
  onApplicationBootstrap(): void {
    starts.inc();
  }
  onApplicationShutdown(): void {
    fs.writeFileSync(path.join(this.config.localDir, 'thread-closed'), 'closed');
  }
}
@Module({ providers: [Marker] })
class MarkerModule {}
export const MARKER_APP: ThreadApp = { dependencies: [], features: [MarkerModule] };

@Injectable()
class FailsToStart implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    throw new Error('fixture thread cannot start');
  }
}
@Module({ providers: [FailsToStart] })
class FailsToStartModule {}
export const FAILING_APP: ThreadApp = { dependencies: [], features: [FailsToStartModule] };

@Injectable()
class DiesLater implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    setTimeout(() => {
      throw new Error('fixture thread died');
    }, 200);
  }
}
@Module({ providers: [DiesLater] })
class DiesLaterModule {}
export const DYING_APP: ThreadApp = { dependencies: [], features: [DiesLaterModule] };
