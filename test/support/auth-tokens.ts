import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { createLocalTokenMinter, type MintOptions, type Principal, type Role } from '@park/auth';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { authSettingsOf } from '@park/platform';

/** Who a test calls as: a role, and for scoped roles the tenant / bureau / cluster it is confined to. */
export interface Caller {
  role: Role;
  tenantId?: string;
  bureauId?: string;
  clusterId?: string;
}

export const OPERATOR_ADMIN: Caller = { role: 'operator-admin' };
export const OPERATOR_FINANCE: Caller = { role: 'operator-finance' };

function configOf(source: AppConfig | INestApplicationContext): AppConfig {
  return 'auth' in source && 'mode' in source ? source : (source as INestApplicationContext).get<AppConfig>(APP_CONFIG);
}

/** A bearer token signed with the test configuration's local key (the app under test verifies it). */
export async function tokenFor(
  source: AppConfig | INestApplicationContext,
  caller: Caller,
  options?: MintOptions,
): Promise<string> {
  const scope = caller.tenantId ?? caller.bureauId ?? caller.clusterId;
  const principal: Principal = { subject: `test-${caller.role}${scope ? `@${scope}` : ''}`, ...caller };
  return createLocalTokenMinter(authSettingsOf(configOf(source))).mint(principal, options);
}

/** `{ authorization: 'Bearer …' }` for `request(server).get(…).set(…)`. */
export async function bearer(
  source: AppConfig | INestApplicationContext,
  caller: Caller,
): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor(source, caller)}` };
}

/** A supertest agent whose every request carries the caller's token. */
export async function httpAs(app: INestApplicationContext & { getHttpServer(): unknown }, caller: Caller) {
  const token = await tokenFor(app, caller);
  return request
    .agent(app.getHttpServer() as Parameters<typeof request.agent>[0])
    .set('authorization', `Bearer ${token}`);
}
