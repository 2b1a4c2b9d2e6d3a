import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NOT_FOUND_BODY, Public, createLocalTokenMinter, demoUsers, isRole, type LocalTokenMinter } from '@park/auth';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { authSettingsOf } from '@park/platform';
import { DemoDirectoryDoc, DevSessionDoc, DevSignInDoc, SIGN_IN_ROLES } from './dev-sign-in.dto';

const TTL_SECONDS = 8 * 3600;
/** Only the demo's people: demo tenants, and bureaus that issued a demo programme. */
const DEMO_BUREAU = { programmes: { some: { isDemo: true } } };

/**
 * The console's development sign-in: a local token for a demo user (a demo tenant's admin or viewer, a demo
 * bureau's auditor, an operator). Answers 404 in production and whenever tokens come from an OIDC issuer, like the
 * local
 * signing key it uses, which does not exist there.
 */
@ApiTags('development')
@Controller('v1/dev')
export class DevSignInController {
  private readonly minter: LocalTokenMinter | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    const local = config.mode !== 'production' && config.auth.kind === 'local';
    this.minter = local ? createLocalTokenMinter(authSettingsOf(config)) : null;
  }

  @Get('demo-users')
  @Public()
  @ApiOperation({ summary: 'Development only (404 in production): who the development sign-in can sign in as' })
  @ApiOkResponse({ type: DemoDirectoryDoc })
  async directory(): Promise<DemoDirectoryDoc> {
    this.refuseInProduction();
    const [tenants, bureaus] = await Promise.all([
      this.prisma.client.tenant.findMany({
        where: { isDemo: true },
        orderBy: { id: 'asc' },
        select: { id: true, name: true },
      }),
      this.prisma.client.bureau.findMany({
        where: DEMO_BUREAU,
        orderBy: { id: 'asc' },
        select: { id: true, name: true },
      }),
    ]);
    return { roles: [...SIGN_IN_ROLES], tenants, bureaus };
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only (404 in production): a local token for a demo user' })
  @ApiBody({ type: DevSignInDoc })
  @ApiOkResponse({ type: DevSessionDoc })
  async signIn(@Body() body: Partial<DevSignInDoc> | undefined): Promise<DevSessionDoc> {
    const minter = this.refuseInProduction();
    const role = body?.role;
    if (typeof role !== 'string' || !isRole(role) || !SIGN_IN_ROLES.includes(role)) {
      throw invalid(`role: must be one of ${SIGN_IN_ROLES.join(', ')}`);
    }
    const db = this.prisma.client;
    const tenant = await db.tenant.findFirst({
      where: { isDemo: true, ...(body?.tenantId ? { id: body.tenantId } : {}) },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    const bureau = await db.bureau.findFirst({
      where: { ...DEMO_BUREAU, ...(body?.bureauId ? { id: body.bureauId } : {}) },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    if (role.startsWith('tenant-') && !tenant) {
      throw invalid(`tenantId: ${body?.tenantId ?? '(none)'} is not a demo tenant`);
    }
    if (role === 'bureau-auditor' && !bureau) {
      throw invalid(`bureauId: ${body?.bureauId ?? '(none)'} is not a demo bureau`);
    }
    const user = demoUsers({ tenantId: tenant?.id ?? '', bureauId: bureau?.id ?? '', clusterId: '' })[role];
    const token = await minter.mint(user, { ttlSeconds: TTL_SECONDS });
    return { token, expiresInSeconds: TTL_SECONDS, user: { ...user, name: user.name ?? user.subject } };
  }

  private refuseInProduction(): LocalTokenMinter {
    if (!this.minter) throw new NotFoundException(NOT_FOUND_BODY);
    return this.minter;
  }
}

/** The API's error shape ({ error: { code, message } }) for a request naming no demo user. */
function invalid(message: string): BadRequestException {
  return new BadRequestException({ error: { code: 'INVALID_INPUT', message } });
}
